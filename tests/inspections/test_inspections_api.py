"""The inspections API: plan, record a finding, make it a signal once; partners outside see nothing."""
import pytest

from ketenzicht.intake.models import Signal
from ketenzicht.regions.models import Organisation, Sector

from ..helpers import api_client


@pytest.fixture
def planned(world):
    inspectorate = Organisation.objects.get(region__slug="ijsselland", sector=Sector.LABOUR_INSPECTION)
    response = api_client("liaison.kampen").post("/api/v1/inspections", {
        "municipality": "GM0166", "planned_on": "2026-11-02", "address": "Industrieweg 12, Kampen",
        "partners": [inspectorate.pk]}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"], inspectorate


def test_a_finding_becomes_a_signal_once(planned):
    pk, inspectorate = planned
    inspector = api_client("melder.arbeidsinspectie.ijsselland")
    recorded = inspector.post(f"/api/v1/inspections/{pk}/findings", {
        "organisation": inspectorate.pk, "text": "Paspoorten ingenomen", "points_to_trafficking": True}, format="json")
    assert recorded.status_code == 201, recorded.content
    finding = recorded.json()["findings"][0]["id"]
    made = inspector.post(f"/api/v1/inspections/{pk}/findings/{finding}/signal", {"exploitation_forms": ["labour"]},
                          format="json")
    assert made.status_code == 201, made.content
    assert Signal.objects.get().lead_municipality.name == "Kampen"
    twice = inspector.post(f"/api/v1/inspections/{pk}/findings/{finding}/signal", {}, format="json")
    assert twice.status_code == 409 and Signal.objects.count() == 1


def test_outsiders_see_nothing_and_bad_plans_name_the_field(planned):
    pk, _inspectorate = planned
    assert api_client("police.ijsselland").get(f"/api/v1/inspections/{pk}").status_code == 404
    assert api_client("liaison.zwolle").get("/api/v1/inspections").json() == []
    bad = api_client("liaison.kampen").post("/api/v1/inspections", {
        "municipality": "GM0166", "planned_on": "2026-11-02", "address": "x", "partners": [999999]}, format="json")
    assert bad.status_code == 400 and "partners" in {p["name"] for p in bad.json()["invalid_params"]}
