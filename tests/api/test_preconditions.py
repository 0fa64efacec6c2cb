"""One If-Match rule (DESIGN.md section 6): every PATCH and every step names the version it saw.
Missing or "*" answers 428, another version 412, and nothing changes."""
import pytest
from rest_framework.test import APIClient

from ketenzicht.care.models import ShelterPlace
from ketenzicht.cases.models import Case

from ..helpers import api_client, report_as


@pytest.fixture(scope="module")
def document():
    return APIClient().get("/api/v1/openapi.json").json()


def _changes(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "patch" or (method == "post" and path.endswith("/transitions")):
                yield f"{method.upper()} {path}", operation


@pytest.mark.django_db
def test_the_document_asks_if_match_of_every_change(document):
    changes = dict(_changes(document))
    # PATCH signal, shelter place, permit and Bibob request, the steps of signals and cases (and
    # whatever else changes an object: every one is held to If-Match below)
    assert {"PATCH /signals/{id}", "PATCH /shelter-places/{id}", "PATCH /permits/{id}",
            "PATCH /bibob-requests/{id}", "POST /signals/{id}/transitions",
            "POST /cases/{id}/transitions"} <= set(changes)
    for name, operation in changes.items():
        headers = {p["name"]: p for p in operation.get("parameters", ()) if p["in"] == "header"}
        assert headers.get("If-Match", {}).get("required") is True, name
        assert {"412", "428"} <= set(operation["responses"]), name


@pytest.fixture
def objects(world):
    """A new signal, one escalated into a case, and a shelter place: (client, object's url, method, body)."""
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    liaison = api_client("liaison.zwolle")
    steps = f"/api/v1/signals/{signal.pk}/transitions"
    for body in ({"transition": "in_behandeling_nemen"}, {"transition": "escaleren", "reason": "Sterk"}):
        etag = liaison.get(f"/api/v1/signals/{signal.pk}")["ETag"]
        assert liaison.post(steps, body, format="json", HTTP_IF_MATCH=etag).status_code == 200
    case = Case.objects.get()
    place = ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="minors")
    fresh, _code = report_as("reporter.zwolle")
    return {
        "signal": (liaison, f"/api/v1/signals/{signal.pk}", "patch", {"location": "Elders"}),
        "signal step": (liaison, f"/api/v1/signals/{fresh.pk}", "post", {"transition": "in_behandeling_nemen"}),
        "case step": (api_client("chair.ijsselland"), f"/api/v1/cases/{case.pk}", "post",
                      {"transition": "afsluiten", "reason": "Klaar"}),
        "shelter place": (api_client("opvang.ijsselland"), f"/api/v1/shelter-places/{place.pk}", "patch",
                          {"places": 9}),
    }


@pytest.mark.parametrize("name", ["signal", "signal step", "case step", "shelter place"])
def test_every_change_needs_the_current_etag(objects, name):
    client, url, method, body = objects[name]
    target = url + "/transitions" if method == "post" else url
    send = getattr(client, method)
    etag = client.get(url)["ETag"]
    for header in ({}, {"HTTP_IF_MATCH": "*"}, {"HTTP_IF_MATCH": ""}):
        missing = send(target, body, format="json", **header)
        assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
        assert "If-Match" in missing.json()["detail"]
    stale = send(target, body, format="json", HTTP_IF_MATCH=etag[:-1] + 'x"')
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    assert client.get(url)["ETag"] == etag  # nothing changed
    done = send(target, body, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.content
    assert done["ETag"] != etag and done["ETag"] == client.get(url)["ETag"]
    assert send(target, body, format="json", HTTP_IF_MATCH=etag).status_code == 412  # that version is gone
