"""Hardening that is not about one feature: CSRF everywhere, quiet error pages."""
from django.test import Client

from ketenzicht.intake.models import Signal

from .conftest import verified


def test_forms_without_csrf_token_are_refused(world):
    client = verified(Client(enforce_csrf_checks=True), "reporter.zwolle")
    response = client.post("/regio/ijsselland/melden", {"municipality": "GM0193", "description": "Zonder token"})
    assert response.status_code == 403
    response = client.post("/signalen/nieuw", {"lead_municipality": "GM0193", "description": "Zonder token",
                                               "kind": "signal", "urgency": "normal"})
    assert response.status_code == 403
    assert Signal.objects.count() == 0


def test_api_with_a_browser_session_needs_csrf_too(world):
    client = verified(Client(enforce_csrf_checks=True), "reporter.zwolle")
    response = client.post("/api/v1/signals", {"lead_municipality": "GM0193", "description": "x"},
                           content_type="application/json")
    assert response.status_code == 403 and Signal.objects.count() == 0


def test_error_pages_show_nothing_of_the_inside(world, client):
    response = client.get("/signalen/niet-een-id")
    text = response.content.decode()
    assert response.status_code == 404 and "Traceback" not in text and "settings" not in text.lower()


def test_post_to_an_unknown_api_path_is_a_problem_json_404(world):
    """Not Django's CSRF page: an unknown path is unknown whatever the method."""
    client = Client(enforce_csrf_checks=True)
    for path in ("/api/v1/nothing-here", "/api/v1/signals/not-a-uuid/notes"):
        response = client.post(path, {"text": "x"}, content_type="application/json")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", path
