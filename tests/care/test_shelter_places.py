"""Shelter places change through one service: the provider's page and the API alike, each update
checked, versioned and logged the same way."""
from ketenzicht.care.models import ShelterPlace
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, verified


def minors_place():
    return ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="minors")


def page_update(client, place, **data):
    fields = {"kind": place.kind, "places": place.places, "free_from": place.free_from.isoformat(),
              "conditions": place.conditions, **data}
    return client.post("/opvangplekken", {"place": place.pk, "version": place.version,
                                              **{f"{place.pk}-{k}": v for k, v in fields.items()}})


def test_page_and_api_update_a_place_the_same_way(world, client):
    place = minors_place()
    page = verified(client, "opvang.ijsselland")
    assert page_update(page, place, places=5).status_code == 302
    api = api_client("opvang.ijsselland")
    url = f"/api/v1/shelter-places/{place.pk}"
    response = api.patch(url, {"places": 6}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])
    assert response.status_code == 200 and response.json()["places"] == 6
    rows = AccessLog.objects.filter(object_type="shelter_place", object_id=str(place.pk)).order_by("at")
    assert [(r.action, r.user.username) for r in rows] == [("update", "opvang.ijsselland")] * 2
    assert rows[0].detail == rows[1].detail == {"fields": ["conditions", "free_from", "kind", "places"]}
    place.refresh_from_db()
    assert place.places == 6 and place.version == 3


def test_a_stale_page_form_overwrites_nothing_and_keeps_what_was_typed(world, client):
    place = minors_place()
    api = api_client("opvang.ijsselland")
    url = f"/api/v1/shelter-places/{place.pk}"
    api.patch(url, {"places": 7}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])
    stale = page_update(verified(client, "opvang.ijsselland"), place, places=2, conditions="Alleen overdag")
    assert stale.status_code == 400
    assert "intussen bijgewerkt" in stale.content.decode() and "Alleen overdag" in stale.content.decode()
    assert minors_place().places == 7


def test_the_api_names_the_version_and_refuses_other_organisations(world):
    place = minors_place()
    api = api_client("opvang.ijsselland")
    url = f"/api/v1/shelter-places/{place.pk}"
    etag = api.get(url)["ETag"]
    missing = api.patch(url, {"places": 3}, format="json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    assert api.patch(url, {"places": 3}, format="json", HTTP_IF_MATCH="*").status_code == 428
    assert api.patch(url, {"places": 3}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert api.patch(url, {"places": 4}, format="json", HTTP_IF_MATCH=etag).status_code == 412  # seen before the change
    assert minors_place().places == 3
    assert api_client("police.ijsselland").get(url).status_code == 404
    assert api_client("opvang.zeeland").patch(url, {"places": 9}, format="json",
                                              HTTP_IF_MATCH=etag).status_code == 404
