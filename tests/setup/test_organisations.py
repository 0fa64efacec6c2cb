"""Partner organisations with their sector: added, renamed, retired instead of deleted."""
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation


def test_an_organisation_is_added_with_its_sector_and_municipality(admin_client):
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    response = admin_client.post("/inrichting/ijsselland/organisaties", {
        "name": "Wijkteam Zwolle-Zuid", "sector": "wijkteam", "municipality": zwolle.pk})
    assert response.status_code == 302
    added = Organisation.objects.get(name="Wijkteam Zwolle-Zuid")
    assert (added.region.slug, added.sector, added.municipality, added.active) == ("ijsselland", "wijkteam", zwolle, True)
    assert AccessLog.objects.filter(action="create", object_type="organisation", object_id=str(added.pk)).count() == 1


def test_a_duplicate_name_a_municipality_of_another_region_and_markup_are_refused(admin_client):
    count = Organisation.objects.count()
    page = admin_client.post("/inrichting/ijsselland/organisaties", {
        "name": "politie ijsselland", "sector": "politie"}).content.decode()
    assert "Deze regio heeft al een organisatie met de naam politie ijsselland." in page
    borsele = Municipality.objects.get(cbs_code="GM0654")
    page = admin_client.post("/inrichting/ijsselland/organisaties", {
        "name": "Wijkteam", "sector": "wijkteam", "municipality": borsele.pk}).content.decode()
    assert "Kies een gemeente van deze regio." in page
    page = admin_client.post("/inrichting/ijsselland/organisaties", {
        "name": "<b>Wijkteam</b>", "sector": "onbekend"}).content.decode()
    assert "Gebruik geen &lt; of &gt;" in page and "Kies een sector uit de lijst." in page
    assert Organisation.objects.count() == count


def test_an_organisation_is_renamed_and_retired_not_deleted(admin_client):
    police = Organisation.objects.get(name="Politie IJsselland")
    url = f"/inrichting/ijsselland/organisaties/{police.pk}"
    assert admin_client.post(url, {"name": "Politie Oost-Nederland", "sector": "politie"}).status_code == 302
    assert admin_client.post(url + "/actief", {"active": "0"}).status_code == 302
    police.refresh_from_db()
    assert (police.name, police.active) == ("Politie Oost-Nederland", False)
    assert "Buiten gebruik" in admin_client.get("/inrichting/ijsselland/organisaties").content.decode()
    assert admin_client.post(url + "/actief", {"active": "1"}).status_code == 302
    police.refresh_from_db()
    assert police.active
    assert list(AccessLog.objects.filter(object_type="organisation", object_id=str(police.pk)).order_by("at")
                .values_list("action", flat=True)) == ["update", "retire", "reactivate"]


def test_another_regions_organisation_answers_404(admin_client):
    zeeland_police = Organisation.objects.get(name="Politie Zeeland")
    url = f"/inrichting/ijsselland/organisaties/{zeeland_police.pk}"
    assert admin_client.post(url, {"name": "Overgenomen", "sector": "politie"}).status_code == 404
    assert admin_client.post(url + "/actief", {"active": "0"}).status_code == 404
    zeeland_police.refresh_from_db()
    assert (zeeland_police.name, zeeland_police.active) == ("Politie Zeeland", True)
