"""Bibob requests: a business with its KvK number, the national office's advice in order, linked to
a permit, signal or case of the municipality's own region only; the content for the municipality's
licensing officers and mayor's office alone. And the figures, and the demo."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.demo.permits import load as demo
from ketenzicht.lib.errors import Invalid
from ketenzicht.permits import figures, services
from ketenzicht.permits.models import BibobRequest, Kind, Permit, PermitStatus
from ketenzicht.regions.models import Municipality, Region

from ..helpers import api_client, report_as, user, verified

TODAY = timezone.localdate()


def zwolle():
    return Municipality.objects.get(cbs_code="GM0193")


def request_data(**extra):
    return {"subject_name": "Club Test", "kvk_number": "81234567", "reason": "Aanvraag exploitatievergunning",
            **extra}


def new_request(username="vergunningen.zwolle", **extra):
    return services.create_bibob(user(username), zwolle(), request_data(**extra))


def test_a_request_needs_a_kvk_number_through_page_and_api(world, client):
    verified(client, "vergunningen.zwolle")
    page = client.post("/bibob/nieuw", {"municipality": "GM0193", "subject_name": "Zonder KvK", "kvk_number": "",
                                        "reason": "Aanvraag"})
    assert page.status_code == 400 and 'value="Zonder KvK"' in page.content.decode()
    refused = api_client("vergunningen.zwolle").post("/api/v1/bibob-requests", {
        "municipality": "GM0193", "subject_name": "X", "kvk_number": "1234", "reason": "Aanvraag"}, format="json")
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "kvk_number"
    assert not BibobRequest.objects.exists()


def test_the_advice_comes_after_it_was_asked(world):
    with pytest.raises(Invalid) as refused:
        new_request(advice_requested_on=TODAY, advice_received_on=TODAY - timedelta(days=1))
    assert set(refused.value.errors) == {"advice_received_on"}
    with pytest.raises(Invalid) as refused:
        new_request(advice="serious")
    assert set(refused.value.errors) == {"advice_received_on"}
    with pytest.raises(Invalid) as refused:
        new_request(decided_on=TODAY)
    assert set(refused.value.errors) == {"decision"}
    assert not BibobRequest.objects.exists()


def test_links_only_to_the_municipality_s_permit_and_its_region_s_signals(world):
    signal, _code = report_as("liaison.zwolle")
    elsewhere, _code = report_as("liaison.middelburg", lead_municipality="GM0687", other_municipalities=[])
    permit = services.register_permit(user("vergunningen.zwolle"), zwolle(), {
        "kind": Kind.ESCORT, "business_name": "Club Test", "kvk_number": "81234567", "address": "Kade 1",
        "valid_from": TODAY, "valid_until": TODAY + timedelta(days=30)})
    linked = new_request(permit=str(permit.pk), signal=str(signal.pk))
    assert linked.permit == permit and linked.signal_id == signal.pk
    with pytest.raises(Invalid) as refused:  # a signal of Zeeland, by its real id
        new_request(signal=str(elsewhere.pk))
    assert set(refused.value.errors) == {"signal"}
    with pytest.raises(Invalid) as refused:
        new_request(permit="999999999", case="not-an-id")
    assert set(refused.value.errors) == {"permit", "case"}
    assert BibobRequest.objects.count() == 1


def test_bibob_content_is_the_municipality_s_officers_alone(world, client):
    bibob = new_request()
    assert new_request("burgemeester.zwolle").requested_by == user("burgemeester.zwolle")
    for username in ("liaison.zwolle", "liaison.deventer", "analyst.ijsselland", "chair.ijsselland",
                     "police.ijsselland", "admin.ijsselland"):
        assert verified(client, username).get(f"/bibob/{bibob.pk}").status_code == 404, username
        assert client.get("/bibob").status_code == 403, username
        assert api_client(username).get(f"/api/v1/bibob-requests/{bibob.pk}").status_code == 404, username
        assert api_client(username).get("/api/v1/bibob-requests").json() == [], username
        with pytest.raises(PermissionDenied):
            services.update_bibob(user(username), bibob, {"decision": "x"})
    assert verified(client, "burgemeester.zwolle").get(f"/bibob/{bibob.pk}").status_code == 200
    listed = api_client("vergunningen.zwolle").get("/api/v1/bibob-requests")
    assert [b["id"] for b in listed.json()] == sorted(BibobRequest.objects.values_list("pk", flat=True), reverse=True)


def test_the_advice_and_decision_are_recorded_on_the_current_version(world):
    bibob = new_request(advice_requested_on=TODAY - timedelta(days=20))
    client = api_client("burgemeester.zwolle")
    etag = client.get(f"/api/v1/bibob-requests/{bibob.pk}")["ETag"]
    body = {"advice_received_on": TODAY.isoformat(), "advice": "lesser", "decision": "Verlenen met voorschriften",
            "decided_on": TODAY.isoformat()}
    assert client.patch(f"/api/v1/bibob-requests/{bibob.pk}", body, format="json").status_code == 428
    changed = client.patch(f"/api/v1/bibob-requests/{bibob.pk}", body, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["advice"] == "lesser"
    assert changed.json()["reason"] == "Aanvraag exploitatievergunning"  # what the PATCH did not name stays
    assert client.patch(f"/api/v1/bibob-requests/{bibob.pk}", {"advice": "serious"}, format="json",
                        HTTP_IF_MATCH=etag).status_code == 412


def test_figures_count_permits_against_maxima_and_bibob_outcomes(world):
    officer, municipality = user("vergunningen.zwolle"), zwolle()
    permits = [services.register_permit(officer, municipality, {
        "kind": Kind.ESCORT if n == 3 else Kind.SEX_BUSINESS, "business_name": f"B{n}", "kvk_number": f"8000000{n}",
        "address": f"Straat {n}", "valid_from": TODAY - timedelta(days=5), "valid_until": TODAY + timedelta(days=50)})
        for n in range(1, 4)]
    services.end_permit(officer, permits[0], PermitStatus.WITHDRAWN, TODAY, "Besluit")
    new_request(advice_requested_on=TODAY - timedelta(days=3), advice_received_on=TODAY, advice="serious",
                decision="Geweigerd", decided_on=TODAY)
    new_request()
    region = Region.objects.get(pk=municipality.region_id)
    found = figures.counts(region, TODAY - timedelta(days=30), TODAY)
    assert found["permits"]["municipalities"] == [{
        "municipality": "GM0193", "name": "Zwolle", "maxima": {"all": 10}, "valid": 2,
        "by_kind": {"sex_business": 1, "escort": 1}, "granted": 3, "ended": 1}]
    assert found["permits"]["total"] == {"valid": 2, "granted": 3, "ended": 1, "maximum": 10}
    assert found["bibob"] == {"requested": 2, "decided": 1, "advice": {"none": 0, "lesser": 0, "serious": 1}}
    assert figures.counts(region.pk, TODAY - timedelta(days=30), TODAY,
                          Municipality.objects.get(cbs_code="GM0150"))["permits"]["municipalities"] == []
    before = figures.counts(region, TODAY - timedelta(days=400), TODAY - timedelta(days=100))
    assert before["permits"]["total"]["granted"] == 0 and before["bibob"]["requested"] == 0


def test_the_demo_has_zwolle_s_five_permits_of_ten_and_loads_once(world):
    region = Region.objects.get(name="IJsselland")
    demo(region, list(region.municipalities.all()), with_signals=True)  # the loader's call, with the examples
    counts = (Permit.objects.count(), BibobRequest.objects.count())
    assert counts == (5, 3)
    places = services.places(zwolle())[0]
    assert (places["maximum"], places["taken"], places["remaining"]) == (10, 5, 5)
    demo(region, list(region.municipalities.all()), with_signals=True)
    assert (Permit.objects.count(), BibobRequest.objects.count()) == counts


def test_the_pages_record_a_maximum_a_request_and_its_advice(world, client):
    verified(client, "vergunningen.zwolle")
    recorded = client.post("/vergunningen/maxima", {
        "municipality": "GM0193", "scope": "escort", "maximum": "3", "valid_from": TODAY.isoformat(),
        "decided_on": TODAY.isoformat(), "reference": "Raadsbesluit 2026-88"}, follow=True)
    assert "Maximum vastgelegd." in recorded.content.decode() and "Raadsbesluit 2026-88" in recorded.content.decode()
    again = client.post("/vergunningen/maxima", {
        "municipality": "GM0193", "scope": "escort", "maximum": "2", "valid_from": TODAY.isoformat(),
        "decided_on": TODAY.isoformat(), "reference": "Dubbel"})
    assert again.status_code == 400 and "al een maximum vastgelegd" in again.content.decode()
    created = client.post("/bibob/nieuw", {"municipality": "GM0193", "subject_name": "Club Test",
                                           "kvk_number": "81234567", "reason": "Aanvraag"}, follow=True)
    bibob = BibobRequest.objects.get()
    assert f"Bibob-verzoek {bibob.reference} vastgelegd." in created.content.decode()
    wrong = client.post(f"/bibob/{bibob.pk}/wijzigen", {
        "subject_name": "Club Test", "kvk_number": "81234567", "reason": "Aanvraag", "version": bibob.version,
        "advice_requested_on": TODAY.isoformat(), "advice_received_on": (TODAY - timedelta(days=2)).isoformat()})
    assert wrong.status_code == 400 and "vóór het gevraagd is" in wrong.content.decode()
    done = client.post(f"/bibob/{bibob.pk}/wijzigen", {
        "subject_name": "Club Test", "kvk_number": "81234567", "reason": "Aanvraag", "version": bibob.version,
        "advice_requested_on": TODAY.isoformat(), "advice_received_on": TODAY.isoformat(), "advice": "none"},
        follow=True)
    assert "Bibob-verzoek bijgewerkt." in done.content.decode()
    assert client.get("/bibob").status_code == 200


def test_the_permit_page_keeps_what_was_typed_and_ends_a_permit(world, client):
    permit = services.register_permit(user("vergunningen.zwolle"), zwolle(), {
        "kind": Kind.ESCORT, "business_name": "Club Test", "kvk_number": "81234567", "address": "Kade 1",
        "valid_from": TODAY, "valid_until": TODAY + timedelta(days=30)})
    verified(client, "vergunningen.zwolle")
    wrong = client.post(f"/vergunningen/{permit.pk}/wijzigen", {
        "kind": "escort", "business_name": "Nieuwe naam", "kvk_number": "81234567", "address": "Kade 1",
        "valid_from": TODAY.isoformat(), "valid_until": (TODAY - timedelta(days=1)).isoformat(),
        "version": permit.version})
    assert wrong.status_code == 400 and 'value="Nieuwe naam"' in wrong.content.decode()
    ended = client.post(f"/vergunningen/{permit.pk}/beeindigen", {
        "status": "withdrawn", "effective_on": TODAY.isoformat(), "reference": "Besluit 12", "version": 1},
        follow=True)
    assert "Vergunning beëindigd." in ended.content.decode()
    permit.refresh_from_db()
    assert permit.status == PermitStatus.WITHDRAWN and permit.business_name == "Club Test"
