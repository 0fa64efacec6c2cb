"""A liaison calls in the care coordinator on a signal without escalating it: from then on the care
coordinators of the signal's region see it (never another region's), she is told, the history
and the access log show it, and calling in twice duplicates nothing."""
import pytest

from ketenzicht.intake import acute, services
from ketenzicht.intake.models import CareCallIn, Signal
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, report_as, user, verified


@pytest.fixture
def signal(world):
    return report_as("reporter.zwolle")[0]


def test_the_care_coordinator_sees_the_signal_only_after_the_call_in(signal, client):
    care, other_care = user("care.ijsselland"), user("care.zeeland")
    assert not policy.can(care, "view", signal)
    assert not policy.visible(care, Signal).filter(pk=signal.pk).exists()
    assert verified(client, "care.ijsselland").get(f"/signalen/{signal.pk}").status_code == 404
    response = verified(client, "liaison.zwolle").post(f"/signalen/{signal.pk}/zorgcoordinator",
                                                      {"reason": "Slachtoffer wil misschien opvang."})
    assert response.status_code == 302
    signal = Signal.objects.get(pk=signal.pk)
    assert signal.stage == "ontvangen" and signal.case_id is None  # not escalated
    care = user("care.ijsselland")
    assert policy.can(care, "view", signal) and policy.visible(care, Signal).filter(pk=signal.pk).exists()
    assert not policy.can(care, "update", signal) and not policy.can(care, "feedback", signal)
    assert not policy.can(other_care, "view", signal)
    assert not policy.visible(other_care, Signal).filter(pk=signal.pk).exists()
    page = verified(client, "care.ijsselland").get(f"/signalen/{signal.pk}")
    assert page.status_code == 200 and "Slachtoffer wil misschien opvang" in page.content.decode()
    assert f'/zorg/nieuw?signal={signal.pk}' in page.content.decode()  # she opens a trajectory from it
    opening = verified(client, "care.ijsselland").get(f"/zorg/nieuw?signal={signal.pk}").content.decode()
    assert f"Vanuit signaal {signal.reference}." in opening
    assert signal.reference in verified(client, "care.ijsselland").get("/signalen").content.decode()  # her list
    assert signal.reference not in verified(client, "care.zeeland").get("/signalen").content.decode()
    assert verified(client, "care.zeeland").get(f"/signalen/{signal.pk}").status_code == 404


def test_she_is_told_it_is_logged_and_the_liaison_sees_that_she_called_her_in(signal, client):
    acute.call_in_care(user("liaison.zwolle"), signal, "")
    told = Notification.objects.filter(kind="care_call_in", about_id=str(signal.pk))
    assert set(told.values_list("user__username", flat=True)) == {"care.ijsselland"}
    assert AccessLog.objects.filter(action="call_in_care", user__username="liaison.zwolle",
                                    object_id=str(signal.pk)).count() == 1
    html = verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}").content.decode()
    assert "Ingeschakeld op" in html and "Zorgcoördinator inschakelen" not in html


def test_calling_in_twice_says_so_and_duplicates_nothing(signal, client):
    liaison = verified(client, "liaison.zwolle")
    liaison.post(f"/signalen/{signal.pk}/zorgcoordinator", {"reason": "Eerste keer"})
    again = liaison.post(f"/signalen/{signal.pk}/zorgcoordinator", {"reason": "Tweede keer"}, follow=True)
    assert "De zorgcoördinator is al ingeschakeld op" in again.content.decode()
    assert CareCallIn.objects.filter(signal=signal).count() == 1
    assert CareCallIn.objects.get(signal=signal).reason == "Eerste keer"
    assert Notification.objects.filter(kind="care_call_in").count() == 1


def test_who_may_not_call_her_in_is_refused_and_logged(signal, client):
    for username in ("reporter.zwolle", "liaison.deventer", "care.ijsselland"):
        assert verified(client, username).post(f"/signalen/{signal.pk}/zorgcoordinator", {}).status_code == 404
    assert not CareCallIn.objects.exists()
    assert AccessLog.objects.filter(action="denied", reason="call_in_care", user__username="reporter.zwolle").exists()
    huge = verified(client, "liaison.zwolle").post(f"/signalen/{signal.pk}/zorgcoordinator", {"reason": "x" * 2001})
    assert huge.status_code == 400 and "te lang" in huge.content.decode() and not CareCallIn.objects.exists()


def test_called_in_she_takes_her_own_step_only(signal):
    liaison, care = user("liaison.zwolle"), user("care.ijsselland")
    acute.call_in_care(liaison, signal)
    names = {t.name for t in services.available_transitions(care, signal)}
    assert names == {"acuut_ingrijpen"}
    services.add_note(care, signal, "Gesprek gepland met de betrokkene.")
    assert signal.notes.count() == 1


def test_the_api_calls_her_in_once(signal):
    endpoint = f"/api/v1/signals/{signal.pk}/care-call-in"
    assert api_client("care.ijsselland").get(f"/api/v1/signals/{signal.pk}").status_code == 404
    created = api_client("liaison.zwolle").post(endpoint, {"reason": "Opvang nodig"}, format="json")
    assert created.status_code == 201 and created.json()["called_by"] == "liaison.zwolle"
    again = api_client("liaison.zwolle").post(endpoint, {}, format="json")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert api_client("care.ijsselland").get(f"/api/v1/signals/{signal.pk}").status_code == 200
    assert api_client("care.zeeland").get(f"/api/v1/signals/{signal.pk}").status_code == 404
    assert api_client("reporter.zwolle").post(endpoint, {}, format="json").status_code == 404
    assert CareCallIn.objects.count() == 1
