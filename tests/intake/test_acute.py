"""Whether a signal is acute changes one way: the page's button and the API's `is_acute` call the
same service, with the one permission ("mark_acute") and the one line in the access log."""
from ketenzicht.intake.models import Signal
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, report_as, verified


def log_of(signal):
    """The changes logged for the signal (reading it for an update is logged too, without fields)."""
    return [(r.action, r.detail) for r in AccessLog.objects.filter(
        object_type="signal", object_id=str(signal.pk), action__in=("mark_acute", "unmark_acute", "update")
    ).order_by("at", "pk") if r.action != "update" or "fields" in r.detail]


def test_page_and_api_mark_acute_alike(world, client):
    signal, _code = report_as("reporter.zwolle")
    page = verified(client, "liaison.zwolle")
    assert page.post(f"/signalen/{signal.pk}/acuut", {"acute": "1", "version": signal.version}).status_code == 302
    assert Signal.objects.get(pk=signal.pk).is_acute
    api = api_client("liaison.zwolle")
    url = f"/api/v1/signals/{signal.pk}"
    unmarked = api.patch(url, {"is_acute": False}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])
    assert unmarked.status_code == 200 and unmarked.json()["is_acute"] is False
    assert log_of(signal) == [("mark_acute", {"acute": True}), ("mark_acute", {"acute": False})]


def test_a_patch_that_also_marks_acute_logs_each_change_once_in_one_version(world):
    signal, _code = report_as("reporter.zwolle")
    api = api_client("liaison.zwolle")
    url = f"/api/v1/signals/{signal.pk}"
    response = api.patch(url, {"is_acute": True, "location": "Havenstraat"}, format="json",
                         HTTP_IF_MATCH=api.get(url)["ETag"])
    assert response.status_code == 200 and response.json()["is_acute"] is True
    assert Signal.objects.get(pk=signal.pk).version == signal.version + 1
    assert log_of(signal) == [("mark_acute", {"acute": True}), ("update", {"fields": ["location"]})]
    inbox = api.get("/api/v1/signals").json()["results"]
    assert inbox[0]["id"] == str(signal.pk) and inbox[0]["is_acute"] is True  # the inbox keys follow


def test_the_acute_permission_governs_page_and_api(world, client, monkeypatch):
    signal, _code = report_as("reporter.zwolle")
    allowed = policy.can
    monkeypatch.setattr(policy, "can", lambda user, action, obj: action != "mark_acute" and allowed(user, action, obj))
    page = verified(client, "liaison.zwolle")
    assert page.post(f"/signalen/{signal.pk}/acuut", {"acute": "1", "version": signal.version}).status_code == 404
    api = api_client("liaison.zwolle")
    url = f"/api/v1/signals/{signal.pk}"
    etag = api.get(url)["ETag"]
    assert api.patch(url, {"is_acute": True}, format="json", HTTP_IF_MATCH=etag).status_code == 404
    assert not Signal.objects.get(pk=signal.pk).is_acute
    assert api.patch(url, {"location": "Elders"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
