"""The measures API: the same form and services as the pages, problem+json naming the field, the
signature only with the ETag seen."""
import pytest

from ketenzicht.measures.models import Measure

from ..helpers import api_client

BODY = {"municipality": "GM0193", "kind": "closure", "ground": "gemeentewet-174", "decided_on": "2026-11-20",
        "address": "Diezerstraat 1, Zwolle"}


@pytest.fixture
def mayor(world):
    return api_client("burgemeester.zwolle")


def test_record_read_and_sign_with_if_match(mayor):
    created = mayor.post("/api/v1/measures", BODY, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/measures/{created.json()['id']}"
    assert mayor.post(f"{url}/signature").status_code == 428
    assert mayor.post(f"{url}/signature", HTTP_IF_MATCH='"measure-1-99"').status_code == 412
    signed = mayor.post(f"{url}/signature", HTTP_IF_MATCH=created["ETag"])
    assert signed.status_code == 200 and signed.json()["signed_by"]
    again = mayor.post(f"{url}/signature", HTTP_IF_MATCH=signed["ETag"])
    assert again.status_code == 400 and Measure.objects.get().version == 2
    listed = mayor.get("/api/v1/measures")
    assert [m["reference"] for m in listed.json()] == [signed.json()["reference"]]


@pytest.mark.parametrize("change, field", [
    ({"ground": None}, "ground"), ({"ground": "opiumwet-13b"}, "ground"), ({"kvk_number": "12ab"}, "kvk_number"),
    ({"decided_on": 5}, "decided_on"), ({"municipality": "GM0150"}, "municipality"), ({"colour": "red"}, "colour"),
])
def test_bad_input_names_the_field_and_stores_nothing(mayor, change, field):
    response = mayor.post("/api/v1/measures", {**BODY, **change}, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in {p["name"] for p in response.json()["invalid_params"]}
    assert not Measure.objects.exists()


def test_others_do_not_record_nor_see(mayor):
    mayor.post("/api/v1/measures", BODY, format="json")
    measure = Measure.objects.get()
    assert api_client("liaison.zwolle").post("/api/v1/measures", BODY, format="json").status_code == 403
    assert api_client("liaison.zwolle").get(f"/api/v1/measures/{measure.pk}").status_code == 200
    assert api_client("liaison.zwolle").post(f"/api/v1/measures/{measure.pk}/signature",
                                             HTTP_IF_MATCH=measure.etag).status_code == 404
    assert api_client("liaison.deventer").get(f"/api/v1/measures/{measure.pk}").status_code == 404
    codes = {g["code"] for g in api_client("liaison.deventer").get("/api/v1/legal-grounds").json()}
    assert "gemeentewet-174" in codes
