"""The linkage through the API, for partner systems (issue 20): the same services, access rules and
match rows as the pages. Out of scope a match says only that it exists and whom to contact."""
import json

import pytest
from rest_framework.test import APIClient

from ketenzicht.accounts.models import Role
from ketenzicht.intake.models import Person
from ketenzicht.linkage import services
from ketenzicht.linkage.models import LinkDecision, PersonIdentifiers, Suggestion, SuggestionStatus
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, user
from .test_identifiers import ANNA, ANNA_AGAIN, one_minute, person_of

PROBLEM = "application/problem+json"


@pytest.fixture
def zwolle(world):
    return person_of("liaison.zwolle")


@pytest.fixture
def deventer(world):
    return person_of("liaison.deventer", "GM0150")


def identifiers_url(person):
    return f"/api/v1/signals/{person.signal_id}/persons/{person.pk}/identifiers"


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_recorded_through_the_api_a_match_out_of_scope_shows_only_whom_to_contact(zwolle, deventer):
    services.record(user("liaison.zwolle"), zwolle, ANNA)
    client = api_client("liaison.deventer")
    response = put(client, identifiers_url(deventer), ANNA_AGAIN)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["family_name"] == "Berg, van der" and body["updated_at"]
    assert PersonIdentifiers.objects.get(person=deventer).family_name == "Berg, van der"
    [match] = body["matches"]
    assert match["in_scope"] is False and match["status"] == "open"
    assert match["own"] == {"kind": "person", "id": str(deventer.pk), "signal": str(deventer.signal_id),
                            "reference": deventer.signal.reference}
    assert {"role": "Aandachtsfunctionaris", "organisation": "Gemeente Zwolle"} in match["contacts"]
    assert not {"score", "other", "other_identifiers"} & set(match)
    text = response.content.decode()
    assert "Anna Maria" not in text and zwolle.signal.reference not in text and str(zwolle.signal_id) not in text
    assert "0612345678" not in text and "06-12345678" not in text
    # The list of the signal's matches says the same, paged; the read is logged as the page's is.
    listed = client.get(f"/api/v1/signals/{deventer.signal_id}/matches?size=1")
    assert listed.status_code == 200 and listed["X-Total-Count"] == "1"
    assert listed.json() == [match]
    assert AccessLog.objects.filter(user=user("liaison.deventer"), action="linkage",
                                    object_id=str(deventer.signal_id)).count() == 2
    # What she recorded she reads back, in clear; the read in the access log.
    read = client.get(identifiers_url(deventer))
    assert read.status_code == 200 and read.json()["phones"] == "+31 6 1234 5678"
    assert AccessLog.objects.filter(user=user("liaison.deventer"), action="linkage",
                                    object_id=str(deventer.signal_id)).count() == 3


def test_in_scope_the_other_record_and_its_identifiers(world):
    first, second = person_of("liaison.zwolle"), person_of("liaison.zwolle")
    services.record(user("liaison.zwolle"), first, ANNA)
    body = put(api_client("liaison.zwolle"), identifiers_url(second), ANNA_AGAIN).json()
    [match] = body["matches"]
    assert match["in_scope"] is True and match["contacts"] == [] and match["score"] > 0.9
    assert match["other"] == {"kind": "person", "id": str(first.pk), "signal": str(first.signal_id),
                              "reference": first.signal.reference}
    assert match["other_identifiers"]["given_name"] == "Anna Maria"


def test_the_other_region_and_users_without_the_role_get_404(zwolle, deventer):
    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    outsider = user("liaison.deventer").__class__.objects.holding([Role.LIAISON],
                                                                   organisation__region__slug="zeeland").first()
    for username in (outsider.username, "analyst.ijsselland", "reporter.zwolle", "care.ijsselland"):
        client = api_client(username)
        for response in (client.get(identifiers_url(zwolle)), put(client, identifiers_url(zwolle), ANNA),
                         client.get(f"/api/v1/signals/{zwolle.signal_id}/matches"),
                         post(client, f"/api/v1/matches/{suggestion.pk}/decisions",
                              {"decision": "same", "version": suggestion.version}),
                         post(client, f"/api/v1/matches/{suggestion.pk}/decisions", {"decision": "nonsense"})):
            assert response.status_code == 404, (username, response.status_code, response.content)
            assert response["Content-Type"] == PROBLEM
            assert "Anna" not in response.content.decode()
    assert PersonIdentifiers.objects.get(person=zwolle).family_name == "Berg, van der"
    assert Suggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.OPEN
    assert AccessLog.objects.filter(user=outsider, action="denied", object_type="link_suggestion").exists()
    assert api_client("liaison.zwolle").get(f"/api/v1/signals/{zwolle.signal_id}/persons/999999/identifiers") \
        .status_code == 404


def test_a_decision_through_the_api_and_a_stale_version_is_a_409_problem(zwolle, deventer):
    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    url = f"/api/v1/matches/{suggestion.pk}/decisions"
    client = api_client("liaison.deventer")  # the other side, after contact
    response = post(client, url, {"decision": "same", "version": suggestion.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["version"], body["in_scope"]) == ("confirmed", suggestion.version + 1, False)
    assert body["own"]["id"] == str(deventer.pk)
    assert Person.objects.get(pk=zwolle.pk).identity == Person.objects.get(pk=deventer.pk).identity
    # Replayed with the version it had: a conflict, nothing changed.
    again = post(client, url, {"decision": "different", "version": suggestion.version})
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    assert again.json()["status"] == 409 and again.json()["detail"]
    assert LinkDecision.objects.filter(suggestion=suggestion).count() == 1
    # The current version, but the match is decided already: 409 as well.
    decided = post(client, url, {"decision": "same", "version": suggestion.version + 1})
    assert decided.status_code == 409 and decided["Content-Type"] == PROBLEM
    undone = post(api_client("liaison.zwolle"), url, {"decision": "undone", "version": suggestion.version + 1})
    assert undone.status_code == 200 and undone.json()["status"] == "open"
    assert Person.objects.get(pk=zwolle.pk).identity != Person.objects.get(pk=deventer.pk).identity


@pytest.mark.parametrize(("body", "field"), [
    ({"decision": "maybe", "version": 1}, "decision"),
    ({"decision": "same"}, "version"),
    ({"decision": "same", "version": "1; drop"}, "version"),
    ({"decision": "same", "version": 1, "note": "x"}, "note"),
])
def test_a_bad_decision_names_the_field(zwolle, deventer, body, field):
    services.record(user("liaison.deventer"), deventer, ANNA)
    suggestion = services.record(user("liaison.zwolle"), zwolle, ANNA_AGAIN)[0]
    response = post(api_client("liaison.zwolle"), f"/api/v1/matches/{suggestion.pk}/decisions", body)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert field in [p["name"] for p in response.json()["invalid_params"]]
    assert not LinkDecision.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("family_name", "x" * 10_000),
    ("date_of_birth", "31-02-1990"),
    ("given_name", "<script>alert(1)</script>"),
    ("phones", "bel mij"),
    ("nationality", "Roemeens"),
    ("gender", "q"),
    ("phones", ["0612345678"]),
])
def test_bad_input_is_a_400_problem_naming_the_field_and_nothing_is_stored(zwolle, field, value):
    response = put(api_client("liaison.zwolle"), identifiers_url(zwolle), {**ANNA, field: value})
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert field in [p["name"] for p in response.json()["invalid_params"]], response.json()
    assert not PersonIdentifiers.objects.filter(person=zwolle).exists()


def test_a_replacement_keeps_nothing_of_what_was_left_out(zwolle):
    client = api_client("liaison.zwolle")
    put(client, identifiers_url(zwolle), ANNA)
    response = put(client, identifiers_url(zwolle), {"family_name": "Jansen"})
    assert response.status_code == 200 and response.json()["phones"] == "" and response.json()["matches"] == []
    stored = PersonIdentifiers.objects.get(person=zwolle)
    assert (stored.family_name, stored.phones, stored.codes.count()) == ("Jansen", "", 0)


def test_the_openapi_document_names_the_linkage_endpoints(db):
    paths = APIClient().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/signals/{id}/persons/{person_id}/identifiers"]) >= {"get", "put"}
    matches = paths["/signals/{id}/matches"]["get"]
    assert next(p for p in matches["parameters"] if p["name"] == "size")["schema"]["maximum"] == 100
    assert "409" in paths["/matches/{id}/decisions"]["post"]["responses"]


def test_past_the_limit_per_minute_the_api_answers_429_with_retry_after(zwolle):
    """Trying name after name through a partner system meets the same limit as the page, as 429."""
    client = api_client("liaison.zwolle")
    with one_minute():
        for number in range(services.RECORDS_PER_MINUTE):
            assert put(client, identifiers_url(zwolle), {**ANNA, "given_name": f"Anna {number}"}).status_code == 200
        refused = put(client, identifiers_url(zwolle), {**ANNA, "given_name": "Anna Laatste"})
    assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] == "60" and "deze minuut al" in refused.json()["detail"]
    assert PersonIdentifiers.objects.get(person=zwolle).given_name == f"Anna {services.RECORDS_PER_MINUTE - 1}"
