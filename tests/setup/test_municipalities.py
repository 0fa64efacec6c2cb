"""Municipalities come from the bundled CBS list (all 342 of 2025); one belongs to one region."""
from datetime import date

from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions import cbs
from ketenzicht.regions.models import Municipality, Region


def test_the_cbs_list_holds_every_municipality_of_2025():
    found = cbs.municipalities()
    assert len(found) == 342
    assert found["GM0153"] == "Enschede" and found["GM0193"] == "Zwolle"


def test_a_municipality_is_added_by_its_code_with_inhabitants_and_reference_date(operator_client):
    twente = Region.objects.create(name="Twente", slug="twente")
    response = operator_client.post("/inrichting/twente/gemeenten", {
        "cbs_code": "GM0153", "inhabitants": "161000", "inhabitants_on": "2025-01-01"})
    assert response.status_code == 302
    enschede = Municipality.objects.get(cbs_code="GM0153")
    assert (enschede.name, enschede.region, enschede.inhabitants, enschede.inhabitants_on) == (
        "Enschede", twente, 161000, date(2025, 1, 1))
    assert AccessLog.objects.filter(action="create", object_type="municipality", region=twente).count() == 1
    assert "Enschede" in operator_client.get("/inrichting/twente/gemeenten").content.decode()


def test_a_municipality_of_another_region_is_refused(admin_client):
    response = admin_client.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM0654"})  # Borsele, Zeeland
    assert response.status_code == 400
    assert "Borsele hoort al bij regio Zeeland" in response.content.decode()
    assert Municipality.objects.get(cbs_code="GM0654").region.slug == "zeeland"


def test_an_unknown_code_a_duplicate_and_a_lone_inhabitant_count_are_refused(admin_client):
    count = Municipality.objects.count()
    page = admin_client.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM9999"}).content.decode()
    assert "GM9999 staat niet in de CBS-lijst van gemeenten (2025)." in page
    page = admin_client.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM0193"}).content.decode()
    assert "Zwolle hoort al bij deze regio." in page
    response = admin_client.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM0153", "inhabitants": "5000"})
    assert response.status_code == 400
    assert "Vul ook de peildatum van het aantal inwoners in." in response.content.decode()
    assert 'value="5000"' in response.content.decode()  # nothing typed is lost
    response = admin_client.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM0153",
                                                                       "inhabitants": "99999999999"})
    assert response.status_code == 400
    assert Municipality.objects.count() == count


def test_inhabitants_are_corrected_in_the_region_only(admin_client):
    response = admin_client.post("/inrichting/ijsselland/gemeenten/GM0193", {
        "inhabitants": "130000", "inhabitants_on": "2025-01-01"})
    assert response.status_code == 302
    assert Municipality.objects.get(cbs_code="GM0193").inhabitants == 130000
    # Zeeland's Borsele through IJsselland's address: as if it did not exist
    assert admin_client.post("/inrichting/ijsselland/gemeenten/GM0654", {
        "inhabitants": "1", "inhabitants_on": "2025-01-01"}).status_code == 404
    assert Municipality.objects.get(cbs_code="GM0654").inhabitants != 1
