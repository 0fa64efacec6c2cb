"""The acute route (seed 001 section 2.2): police, public prosecutor, the mayor's office and the care
coordinator each record their own intervention on an acute signal or case, once; the municipality
and the table are told; bad input changes nothing and says why."""
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.intake import acute, services
from ketenzicht.intake.models import AcuteIntervention
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, report_as, user, verified


def prosecutor():
    """An officer of the public prosecutor at the IJsselland table (the demo has none)."""
    account, _ = type(user("police.ijsselland")).objects.get_or_create(username="om.ijsselland")
    RoleAssignment.objects.get_or_create(user=account, role=Role.TABLE_MEMBER,
                                         organisation=Organisation.objects.get(name="Openbaar Ministerie IJsselland"),
                                         defaults={"approved_at": timezone.now()})
    return account


@pytest.fixture
def acute_signal(world):
    """A signal in Zwolle that also plays in Dalfsen, marked acute by the liaison."""
    signal, _code = report_as("reporter.zwolle")
    return services.set_acute(user("liaison.zwolle"), signal, True)


def url(signal):
    return f"/signalen/{signal.pk}/acute-route/interventie"


def test_the_route_lists_every_party_and_who_has_recorded(acute_signal, client):
    page = verified(client, "liaison.zwolle").get(f"/signalen/{acute_signal.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="acute-route"' in html
    parties = {p: o.name for p, o in acute.access.acute_parties(acute_signal)}
    assert set(parties) == {"police", "prosecution", "mayor", "care"}
    names = [o.name for _p, o in acute.access.acute_parties(acute_signal)]
    assert {"Politie IJsselland", "Openbaar Ministerie IJsselland", "Gemeente Zwolle", "Gemeente Dalfsen",
            "Veilig Thuis IJsselland"} <= set(names)
    assert html.count("Nog niet") == len(names)


def test_police_records_its_own_and_the_municipality_and_table_hear_of_it(acute_signal, client):
    police = verified(client, "police.ijsselland")
    assert police.get("/acute-route").status_code == 200
    assert police.get(f"/signalen/{acute_signal.pk}/acute-route").status_code == 200
    response = police.post(url(acute_signal), {"text": "Woning betreden, twee personen in veiligheid gebracht."})
    assert response.status_code == 302
    done = AcuteIntervention.objects.get(signal=acute_signal)
    assert (done.party, done.organisation.name, done.recorded_by.username) == (
        "police", "Politie IJsselland", "police.ijsselland")
    told = set(Notification.objects.filter(kind="acute_intervention").values_list("user__username", flat=True))
    assert {"liaison.zwolle", "liaison.dalfsen"} <= told and "liaison.deventer" not in told
    assert AccessLog.objects.filter(action="acute_intervention", object_id=str(acute_signal.pk)).count() == 1
    html = police.get(f"/signalen/{acute_signal.pk}/acute-route").content.decode()
    assert "twee personen in veiligheid" in html and "Uw organisatie heeft haar interventie vastgelegd" in html


def test_each_party_records_its_own_and_reads_only_its_own_text(acute_signal, client):
    texts = {"police.ijsselland": "Politie: aanhouding verdachte.", "om.ijsselland": "OM: inbeslagname bevolen.",
             "liaison.zwolle": "Burgemeester: woning gesloten (art. 174a Gemeentewet).",
             "care.ijsselland": "Zorg: opvangplek geregeld."}
    prosecutor()
    for username, text in texts.items():
        acute.record_intervention(user(username), acute_signal, text)
    assert sorted(AcuteIntervention.objects.filter(signal=acute_signal).values_list("party", flat=True)) == [
        "care", "mayor", "police", "prosecution"]
    police_view = verified(client, "police.ijsselland").get(f"/signalen/{acute_signal.pk}/acute-route")
    html = police_view.content.decode()
    assert "Politie: aanhouding" in html and "OM: inbeslagname" not in html and "Gedeeld aan tafel" in html
    liaison_view = verified(client, "liaison.zwolle").get(f"/signalen/{acute_signal.pk}").content.decode()
    assert all(text.replace("(", "").split(":")[1].strip()[:10] in liaison_view for text in texts.values())


def test_the_chair_hears_of_an_intervention_on_an_acute_case(world):
    signal, _code = report_as("reporter.zwolle")
    liaison = user("liaison.zwolle")
    case = services.take_transition(liaison, signal, "acuut_ingrijpen", reason="Direct gevaar",
                                    intervention_kind="zorg", intervention="Opvang geregeld").case
    assert case.is_acute and not signal.is_acute
    acute.record_intervention(user("police.ijsselland"), signal, "Verdachte aangehouden.")
    chair = Notification.objects.filter(kind="acute", user__username="chair.ijsselland", about_id=str(case.pk))
    assert chair.count() == 2  # once for the case opened acutely, once for the police's intervention
    assert not Notification.objects.filter(kind="acute", user__username="police.ijsselland").exists()


def test_bad_input_is_refused_with_the_reason_and_changes_nothing(acute_signal, client):
    police = verified(client, "police.ijsselland")
    om_org = Organisation.objects.get(name="Openbaar Ministerie IJsselland")
    cases = {
        "empty": ({"text": "   "}, "Wat is er gedaan"),
        "huge": ({"text": "x" * 2001}, "te lang"),
        "forged organisation": ({"text": "Namens het OM", "organisation": om_org.pk}, "eigen organisaties"),
        "future": ({"text": "Later", "acted_at": (timezone.localtime() + timedelta(days=1)).strftime(
            "%Y-%m-%dT%H:%M")}, "toekomst"),
    }
    for name, (data, message) in cases.items():
        response = police.post(url(acute_signal), data)
        assert response.status_code == 400, name
        assert message in response.content.decode(), name
        if data.get("text", "").strip():
            assert data["text"][:20] in response.content.decode(), f"{name}: what was typed is kept"
    assert not AcuteIntervention.objects.exists()


def test_not_acute_another_region_and_a_second_record_are_refused(acute_signal, client):
    calm, _code = report_as("reporter.zwolle")
    liaison = verified(client, "liaison.zwolle")
    response = liaison.post(url(calm), {"text": "Gesloten"})
    assert response.status_code == 400 and "niet acuut" in response.content.decode()
    zeeland = verified(client, "police.zeeland")
    assert zeeland.post(url(acute_signal), {"text": "Elders"}).status_code == 404
    assert zeeland.get(f"/signalen/{acute_signal.pk}/acute-route").status_code == 404
    assert AccessLog.objects.filter(user__username="police.zeeland", action="denied",
                                    object_id=str(acute_signal.pk)).exists()
    assert not AcuteIntervention.objects.exists()
    police = verified(client, "police.ijsselland")
    assert police.post(url(acute_signal), {"text": "Eerste"}).status_code == 302
    second = police.post(url(acute_signal), {"text": "Tweede"}, follow=True)
    assert "heeft de interventie al vastgelegd" in second.content.decode()
    assert list(AcuteIntervention.objects.values_list("text", flat=True)) == ["Eerste"]


def test_a_reporter_neither_sees_nor_records_the_route(acute_signal, client):
    reporter = verified(client, "reporter.zwolle")
    assert reporter.get(f"/signalen/{acute_signal.pk}/acute-route").status_code == 404
    assert reporter.post(url(acute_signal), {"text": "Ik ook"}).status_code == 404
    assert 'data-testid="acute-route"' not in reporter.get(f"/signalen/{acute_signal.pk}").content.decode()
    assert reporter.get("/acute-route").status_code == 403


def test_a_script_is_stored_as_text_and_shown_as_text(acute_signal, client):
    acute.record_intervention(user("liaison.zwolle"), acute_signal, "<script>alert(1)</script> gesloten")
    html = verified(client, "liaison.zwolle").get(f"/signalen/{acute_signal.pk}").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; gesloten" in html


def test_the_api_records_and_answers_problems(acute_signal):
    api = api_client("police.ijsselland")
    endpoint = f"/api/v1/signals/{acute_signal.pk}/acute-route"
    before = api.get(endpoint)
    assert before.status_code == 200
    police_org = Organisation.objects.get(name="Politie IJsselland").pk
    assert before.json()["my_organisations"] == [police_org]
    assert not any(p["recorded"] for p in before.json()["parties"])
    wrong = api.post(endpoint, {"text": "Namens het OM",
                                "organisation": Organisation.objects.get(name="Openbaar Ministerie IJsselland").pk},
                     format="json")
    assert wrong.status_code == 400 and wrong["Content-Type"] == "application/problem+json"
    assert wrong.json()["invalid_params"][0]["name"] == "organisation"
    empty = api.post(endpoint, {"text": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["invalid_params"][0]["name"] == "text"
    created = api.post(endpoint, {"text": "Aangehouden", "acted_at": "2026-11-30T08:00:00+01:00"}, format="json")
    assert created.status_code == 201
    mine = next(p for p in created.json()["parties"] if p["organisation"] == police_org)
    assert mine["recorded"] and mine["text"] == "Aangehouden" and mine["recorded_by"] == "police.ijsselland"
    again = api.post(endpoint, {"text": "Nog eens"}, format="json")
    assert again.status_code == 409 and "al vastgelegd" in again.json()["detail"]
    assert AcuteIntervention.objects.count() == 1
    assert api_client("police.zeeland").get(endpoint).status_code == 404
    assert api_client("reporter.zwolle").post(endpoint, {"text": "x"}, format="json").status_code == 404


def test_anonymising_the_signal_erases_the_route_s_texts_and_who_wrote_them(acute_signal):
    acute.record_intervention(user("police.ijsselland"), acute_signal, "Verdachte J. aangehouden.")
    acute.call_in_care(user("liaison.zwolle"), acute_signal, "Mevrouw K. wil opvang.")
    assert services.anonymise(type(acute_signal).objects.filter(pk=acute_signal.pk)) == 1
    done = AcuteIntervention.objects.get(signal=acute_signal)
    assert (done.text, done.recorded_by, done.party) == ("", None, "police")  # that police acted stays counted
    call_in = acute_signal.care_call_in.__class__.objects.get(signal=acute_signal)
    assert (call_in.reason, call_in.called_by) == ("", None)
