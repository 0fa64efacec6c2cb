"""Administrative measures: Zwolle's mayor's office records a closure on a legal ground, signs it
(who and when), and then only its outcome changes; bad input is refused by field, nothing stored."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.measures import access, services
from ketenzicht.measures.figures import counts
from ketenzicht.measures.models import Kind, LegalGround, Measure, Outcome
from ketenzicht.permits import services as permit_services
from ketenzicht.permits.models import Kind as PermitKind
from ketenzicht.permits.models import PermitStatus
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Region

from ..helpers import case_with_care_track, report_as, user, verified

MAYOR = "burgemeester.zwolle"


def zwolle():
    return Municipality.objects.get(name="Zwolle")


def ground(code="gemeentewet-174"):
    return LegalGround.objects.get(code=code, region__isnull=True)


def data(**overrides):
    return {"kind": Kind.CLOSURE, "ground": ground(), "decided_on": date(2026, 11, 20),
            "starts_on": date(2026, 11, 21), "ends_on": date(2027, 2, 21), "address": "Diezerstraat 1, Zwolle",
            "business_name": "Club X", "kvk_number": "87654321", "decision": "Sluiting voor drie maanden",
            **overrides}


@pytest.fixture
def measure(world):
    return services.record(user(MAYOR), zwolle(), data())


def test_the_mayors_office_records_and_signs_then_only_the_outcome_changes(measure):
    assert not measure.is_signed
    signed = services.sign(user(MAYOR), measure)
    assert signed.signed_by == user(MAYOR) and signed.signed_at is not None
    with pytest.raises(Refused):
        services.update(user(MAYOR), signed, data(address="Elders 2"))
    with pytest.raises(Refused):
        services.sign(user(MAYOR), signed)
    services.record_outcome(user(MAYOR), signed, Outcome.COMPLIED, "Pand gesloten")
    measure.refresh_from_db()
    assert measure.outcome == Outcome.COMPLIED and measure.address == "Diezerstraat 1, Zwolle"
    assert AccessLog.objects.filter(object_type="measure", object_id=str(measure.pk), action="sign").exists()


def test_an_unsigned_measure_can_be_corrected_but_not_from_a_stale_version(measure):
    services.update(user(MAYOR), measure, data(address="Diezerstraat 3, Zwolle"), expected_version=1)
    with pytest.raises(Stale):
        services.update(user(MAYOR), measure, data(address="Diezerstraat 5"), expected_version=1)
    assert Measure.objects.get().address == "Diezerstraat 3, Zwolle"


def test_the_outcome_waits_for_the_signature(measure):
    with pytest.raises(Refused):
        services.record_outcome(user(MAYOR), measure, Outcome.COMPLIED)


@pytest.mark.parametrize("overrides, field", [
    ({"ground": None}, "ground"),
    ({"address": "", "business_name": ""}, "address"),
    ({"kvk_number": ""}, "kvk_number"),
    ({"starts_on": date(2026, 11, 1)}, "starts_on"),
    ({"ends_on": date(2026, 11, 1)}, "ends_on"),
    ({"decided_on": timezone.localdate() + timedelta(days=2), "starts_on": None, "ends_on": None}, "decided_on"),
    ({"kind": Kind.PERMIT_WITHDRAWAL}, "permit"),
    ({"permit": 7}, "permit"),
    ({"signal": "ABCDEF12"}, "signal"),
])
def test_bad_measures_are_refused_by_field_and_nothing_is_stored(world, overrides, field):
    with pytest.raises(Invalid) as refused:
        services.record(user(MAYOR), zwolle(), data(**overrides))
    assert field in refused.value.errors
    assert not Measure.objects.exists()


def test_a_ground_of_another_region_is_refused(world):
    other = LegalGround.objects.create(region=Region.objects.get(slug="zeeland"), code="apv-zeeland", label="APV")
    with pytest.raises(Invalid) as refused:
        services.record(user(MAYOR), zwolle(), data(ground=other))
    assert "ground" in refused.value.errors


def test_a_signal_of_the_region_links_by_its_reference_and_another_regions_does_not(world):
    signal, _code = report_as("liaison.zwolle")
    measure = services.record(user(MAYOR), zwolle(), data(signal=signal.reference))
    assert measure.signal == signal
    goes, _code = report_as("liaison.goes", lead_municipality="GM0664", other_municipalities=[])
    with pytest.raises(Invalid):
        services.record(user(MAYOR), zwolle(), data(signal=goes.reference))


def test_who_sees_and_signs(measure):
    for reader in ("burgemeester.zwolle", "liaison.zwolle", "vergunningen.zwolle"):
        assert access.can(user(reader), "view", measure), reader
    for outsider in ("liaison.deventer", "analyst.ijsselland", "admin.ijsselland", "police.ijsselland",
                     "burgemeester.terneuzen"):
        assert not access.can(user(outsider), "view", measure), outsider
    with pytest.raises(PermissionDenied):
        services.sign(user("liaison.zwolle"), measure)
    assert AccessLog.objects.filter(action="denied", object_type="measure").exists()
    with pytest.raises(PermissionDenied):
        services.record(user("liaison.zwolle"), zwolle(), data())


def test_the_pages_record_and_sign(world, client):
    page = verified(client, MAYOR)
    response = page.post("/maatregelen/nieuw", {"municipality": "GM0193", "kind": "penalty_order",
                                                "ground": "gemeentewet-125", "decided_on": "2026-11-20",
                                                "address": "Diezerstraat 1"})
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert page.get(f"/maatregelen/{measure.pk}").status_code == 200
    page.post(f"/maatregelen/{measure.pk}/ondertekenen", {"version": measure.version})
    assert Measure.objects.get().is_signed
    assert "BM-" in page.get("/maatregelen").content.decode()


def test_the_page_refuses_a_measure_without_ground_keeping_the_input(world, client):
    response = verified(client, MAYOR).post("/maatregelen/nieuw", {
        "municipality": "GM0193", "kind": "closure", "ground": "", "decided_on": "2026-11-20",
        "address": "Diezerstraat <b>1</b>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "wettelijke grondslag" in body and "Diezerstraat &lt;b&gt;1" in body
    assert not Measure.objects.exists()


def test_the_region_extends_the_grounds(world, client):
    page = verified(client, "admin.ijsselland")
    assert page.post("/inrichting/ijsselland/grondslagen", {"code": "apv-zwolle-3-5",
                                                            "label": "APV Zwolle, art. 3:5"}).status_code == 302
    own = LegalGround.objects.get(code="apv-zwolle-3-5")
    assert access.grounds_for(own.region).filter(pk=own.pk).exists()
    assert page.post("/inrichting/ijsselland/grondslagen", {"code": "bibob-3", "label": "x"}).status_code == 400
    assert verified(client, "admin.zeeland").get("/inrichting/ijsselland/grondslagen").status_code == 404


def test_figures_count_by_kind_and_ground(world):
    mayor = user(MAYOR)
    services.sign(mayor, services.record(mayor, zwolle(), data()))
    services.record(mayor, zwolle(), data(kind=Kind.PENALTY_ORDER, ground=ground("gemeentewet-125")))
    services.record(mayor, zwolle(), data(decided_on=date(2025, 1, 5), starts_on=None, ends_on=None))
    found = counts(zwolle().region, date(2026, 1, 1), date(2026, 12, 31))
    assert found["total"] == 2 and found["signed"] == 1
    assert found["by_kind"][Kind.CLOSURE] == 1 and found["by_kind"][Kind.AREA_BAN] == 0
    assert [(g["code"], g["count"]) for g in found["by_ground"]] == [("gemeentewet-125", 1), ("gemeentewet-174", 1)]
    assert counts(zwolle().region, date(2026, 1, 1), date(2026, 12, 31),
                  Municipality.objects.get(name="Deventer"))["total"] == 0


def test_a_signed_withdrawal_ends_the_permit_in_the_register(world):
    today = timezone.localdate()
    permit = permit_services.register_permit(user("vergunningen.zwolle"), zwolle(), {
        "kind": PermitKind.ESCORT, "business_name": "Escort Z", "kvk_number": "81234567", "address": "Kade 1",
        "valid_from": today - timedelta(days=10), "valid_until": today + timedelta(days=300)})
    withdrawal = services.record(user(MAYOR), zwolle(), data(
        kind=Kind.PERMIT_WITHDRAWAL, ground=ground("bibob-3"), permit=permit.pk, decided_on=today,
        starts_on=today, ends_on=None))
    permit.refresh_from_db()
    assert permit.status == PermitStatus.GRANTED  # recorded, not yet decided
    services.sign(user(MAYOR), withdrawal)
    permit.refresh_from_db()
    assert permit.status == PermitStatus.WITHDRAWN and permit.end_reference == withdrawal.reference
    with pytest.raises(Invalid) as refused:  # withdrawn already: no second withdrawal
        services.record(user(MAYOR), zwolle(), data(kind=Kind.PERMIT_WITHDRAWAL, permit=permit.pk))
    assert "permit" in refused.value.errors


def test_only_an_administrative_track_carries_a_measure(world):
    care_track = case_with_care_track().tracks.get(kind="zorg")
    with pytest.raises(Invalid) as refused:
        services.record(user(MAYOR), zwolle(), data(track=care_track))
    assert "track" in refused.value.errors and not Measure.objects.exists()
