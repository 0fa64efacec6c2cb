"""Every code a client must send can be read from the API (issue 16): fixed ones as OpenAPI enums,
region data under /reference."""
from rest_framework.test import APIClient

from ketenzicht.intake import signalenkaart
from ketenzicht.intake.models import Indicator
from ketenzicht.regions.models import Region, Sector

from ..helpers import api_client, user


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()]


def test_the_lists_are_named_with_their_addresses(world):
    client = api_client("liaison.zwolle")
    lists = {item["name"]: item for item in client.get("/api/v1/reference").json()}
    assert {"exploitation-forms", "indicators", "barriers", "sectors", "roles", "track-kinds", "signal-transitions",
            "case-transitions", "table-kinds"} <= set(lists)
    assert lists["indicators"]["regional"] and not lists["sectors"]["regional"]
    assert client.get(lists["sectors"]["url"]).status_code == 200
    assert client.get("/api/v1/reference/kleuren").status_code == 404


def test_region_data(world):
    client = api_client("liaison.zwolle")
    assert "zorg" in codes(client.get("/api/v1/reference/track-kinds"))  # the user's one region
    steps = client.get("/api/v1/reference/signal-transitions?region=ijsselland").json()
    escalate = next(t for t in steps if t["code"] == "escaleren")
    assert escalate["required"] == ["reason"] and escalate["opens_case"] and "verrijking" in escalate["from"]
    assert "agenderen" in codes(client.get("/api/v1/reference/case-transitions?region=ijsselland"))
    assert set(codes(client.get("/api/v1/reference/sectors"))) == set(Sector.values)
    assert "belastingdienst" in codes(client.get("/api/v1/reference/sectors"))
    refused = client.get("/api/v1/reference/indicators?region=atlantis")
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "region"


def test_indicators_say_what_the_region_offers(world):
    ijsselland = Region.objects.get(slug="ijsselland")
    signalenkaart.retire(user("admin.ijsselland"), ijsselland, Indicator.objects.get(code="forced_begging"))
    own = signalenkaart.add(user("admin.ijsselland"), ijsselland, "Slaapt op de werkplek", "Sleeps at work",
                            [])
    client = api_client("liaison.zwolle")
    found = {i["code"]: i for i in client.get("/api/v1/reference/indicators?region=ijsselland").json()}
    assert found["forced_begging"]["offered"] is False and found["online_ads"]["offered"] is True
    assert found["online_ads"]["forms"] == ["sexual"]
    assert found[own.code]["label"] == "Slaapt op de werkplek"
    english = client.get("/api/v1/reference/indicators?region=ijsselland", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {i["code"]: i["label"] for i in english}[own.code] == "Sleeps at work"
    zeeland = {i["code"]: i for i in client.get("/api/v1/reference/indicators?region=zeeland").json()}
    assert zeeland["forced_begging"]["offered"] and own.code not in zeeland


def test_fixed_codes_are_enums_in_the_document(world):
    document = APIClient().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    def enum_of(schema, field):
        node = schemas[schema]["properties"][field]
        while "enum" not in node:
            node = schemas[node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node.get("allOf", [{}])[0]
        return set(node["enum"])

    assert {"advice", "signal", "case"} <= enum_of("SignalInputRequest", "kind")
    assert {"normal", "urgent"} <= enum_of("SignalInputRequest", "urgency")
    assert "belastingdienst" in enum_of("Organisation", "sector")


def test_a_user_of_several_regions_names_one(world):
    from ketenzicht.accounts.models import RoleAssignment
    from ketenzicht.regions.models import Organisation
    liaison = user("liaison.zwolle")
    RoleAssignment.objects.create(user=liaison, role="reporter", organisation=Organisation.objects.filter(
        region__slug="zeeland").first())
    refused = api_client("liaison.zwolle").get("/api/v1/reference/track-kinds")
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "region"


SEEDS_SECTORS = {"belastingdienst", "ind", "coa", "reclassering", "uwv", "kvk", "omgevingsdienst", "jeugdbescherming",
                 "woningcorporatie", "meld_misdaad_anoniem"}


def test_the_sectors_the_seeds_name_are_in_the_figures(world):
    figure = api_client("analyst.ijsselland").get("/api/v1/stats/sectors?from=2026-01-01&to=2026-03-31")
    assert figure.status_code == 200, figure.content
    assert SEEDS_SECTORS <= {row["key"] for row in figure.json()["rows"]}  # a row each, also when nobody reports
