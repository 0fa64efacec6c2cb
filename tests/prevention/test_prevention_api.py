"""The training and awareness API: record a session and an activity, read them back in bounded
lists; bad input is problem+json naming the field, and another region's records are 404."""
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.prevention.models import AwarenessActivity, Intervention, TrainingSession
from ketenzicht.regions.models import Organisation, Sector

from ..helpers import api_client

TODAY = timezone.localdate()


def session(**overrides):
    return {"municipality": "GM0193", "held_on": str(TODAY - timedelta(days=5)),
            "participants": [{"sector": "politie", "participants": 9}, {"sector": "zorg", "participants": 3}],
            **overrides}


@pytest.fixture
def recorded(world):
    police = Organisation.objects.get(region__slug="ijsselland", sector=Sector.POLICE)
    intervention = Intervention.objects.get(region__slug="ijsselland", name="Mensenhandel Academy")
    response = api_client("liaison.zwolle").post("/api/v1/training-sessions", session(
        organisations=[police.pk], intervention=intervention.pk, evaluation="Helder", score=8), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_session_is_recorded_and_read_back(recorded):
    assert recorded["municipality"] == "GM0193" and recorded["score"] == 8
    assert sorted((p["sector"], p["participants"]) for p in recorded["participants"]) == [("politie", 9), ("zorg", 3)]
    analyst = api_client("analyst.ijsselland")
    listed = analyst.get("/api/v1/training-sessions?pageSize=1")
    assert listed.status_code == 200 and [s["id"] for s in listed.json()] == [recorded["id"]]
    assert listed["X-Total-Count"] == "1"
    assert analyst.get(f"/api/v1/training-sessions/{recorded['id']}").json()["evaluation"] == "Helder"
    assert api_client("analyst.zeeland").get(f"/api/v1/training-sessions/{recorded['id']}").status_code == 404
    assert api_client("analyst.zeeland").get("/api/v1/training-sessions").json() == []
    assert len(analyst.get("/api/v1/training-interventions?pageSize=200").json()) == 13


@pytest.mark.parametrize("overrides, field", [
    ({"participants": [{"sector": "politie", "participants": 0}]}, "participants.0.participants"),
    ({"participants": [{"sector": "horeca", "participants": 2}]}, "participants.0.sector"),
    ({"participants": []}, "participants"),
    ({"participants": "veel"}, "participants"),
    ({"score": 11}, "score"),
    ({"municipality": "GM9999"}, "municipality"),
    ({"intervention": 99999999}, "intervention"),
    ({"evaluation": "<script>alert(1)</script>"}, "evaluation"),
])
def test_bad_sessions_are_problems_naming_the_field(world, overrides, field):
    response = api_client("liaison.zwolle").post("/api/v1/training-sessions", session(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in str(response.json())
    assert not TrainingSession.objects.exists()


def test_another_municipality_or_region_is_404(world):
    assert api_client("liaison.zwolle").post("/api/v1/training-sessions", session(municipality="GM0150"),
                                             format="json").status_code == 404
    zeeland = api_client("admin.zeeland").post("/api/v1/awareness-activities", {
        "region": "ijsselland", "kind": "campaign", "title": "X", "starts_on": str(TODAY), "audience": ["publiek"],
        "reach": 10}, format="json")
    assert zeeland.status_code == 400 and "region" in str(zeeland.json())
    assert not AwarenessActivity.objects.exists()


def test_the_administrator_records_a_region_wide_campaign_and_adds_to_the_catalogue(world):
    admin = api_client("admin.ijsselland")
    made = admin.post("/api/v1/awareness-activities", {
        "region": "ijsselland", "kind": "campaign", "title": "Campagne", "starts_on": str(TODAY),
        "audience": ["publiek", "werkgever"], "reach": 12000}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["municipality"] is None and made.json()["reach"] == 12000
    assert admin.get(f"/api/v1/awareness-activities/{made.json()['id']}").json()["title"] == "Campagne"
    assert admin.post("/api/v1/awareness-activities", {
        "region": "ijsselland", "kind": "campaign", "title": "X", "starts_on": str(TODAY), "audience": ["publiek"],
        "reach": -5}, format="json").status_code == 400
    added = admin.post("/api/v1/training-interventions", {
        "region": "ijsselland", "name": "Training arbeidsuitbuiting", "name_en": "Labour exploitation training",
        "exploitation_forms": ["labour"], "target_group": "Handhavers", "target_group_en": "Enforcement",
        "scale": "regionaal", "provider": "Arbeidsinspectie"}, format="json")
    assert added.status_code == 201, added.content
    assert api_client("liaison.zwolle").post("/api/v1/training-interventions", {
        "region": "ijsselland", "name": "X", "name_en": "X", "target_group": "Y", "target_group_en": "Y",
        "scale": "lokaal", "provider": "Z"}, format="json").status_code == 404
