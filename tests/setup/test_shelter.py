"""The administrator records shelter providers and their places; the provider keeps them current."""
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.care.models import ShelterPlace
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation
from tests.helpers import verified


def test_a_provider_set_up_by_the_administrator_keeps_its_places_itself(admin_client, client):
    ggd = Organisation.objects.get(name="GGD IJsselland")
    assert not ggd.shelter_places.exists()
    response = admin_client.post("/inrichting/ijsselland/opvang", {
        "add": "1", "organisation": ggd.pk, "kind": "women", "places": "4"})
    assert response.status_code == 302
    place = ShelterPlace.objects.get(organisation=ggd)
    assert (place.kind, place.places) == ("women", 4)
    assert AccessLog.objects.filter(action="create", object_type="shelter_place", object_id=str(place.pk)).count() == 1
    # a care provider of the GGD (the accounts pages grant the role) updates the places itself
    staff = User.objects.create_user("opvang.ggd", password="x")
    staff.totpdevice_set.create(name="app", confirmed=True)
    RoleAssignment.objects.create(user=staff, organisation=ggd, role=Role.CARE_PROVIDER,
                                  approved_at=place.updated_at)
    provider = verified(client, "opvang.ggd")
    page = provider.get("/opvangplekken").content.decode()
    assert "Volwassen vrouwen" in page
    response = provider.post("/opvangplekken", {"place": place.pk, "version": place.version,
                                                 f"{place.pk}-kind": "women", f"{place.pk}-places": "2",
                                                 f"{place.pk}-free_from": "2026-01-01", f"{place.pk}-conditions": ""})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.places == 2


def test_the_administrator_changes_the_number_of_places(admin_client):
    place = ShelterPlace.objects.filter(organisation__region__slug="ijsselland").first()
    response = admin_client.post("/inrichting/ijsselland/opvang", {
        "place": place.pk, "version": place.version, f"place{place.pk}-places": "7"})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.places == 7
    stale = admin_client.post("/inrichting/ijsselland/opvang", {
        "place": place.pk, "version": place.version - 1, f"place{place.pk}-places": "9"})
    assert stale.status_code == 400 and "Iemand anders heeft deze plekken intussen bijgewerkt" in stale.content.decode()
    place.refresh_from_db()
    assert place.places == 7


def test_bad_shelter_input_is_refused_and_nothing_changes(admin_client):
    existing = ShelterPlace.objects.filter(organisation__region__slug="ijsselland").first()
    count = ShelterPlace.objects.count()
    page = admin_client.post("/inrichting/ijsselland/opvang", {
        "add": "1", "organisation": existing.organisation_id, "kind": existing.kind, "places": "3"}).content.decode()
    assert "heeft al plekken van deze soort" in page
    zeeland = Organisation.objects.get(name="Veilig Thuis Zeeland")
    page = admin_client.post("/inrichting/ijsselland/opvang", {
        "add": "1", "organisation": zeeland.pk, "kind": "men", "places": "3"}).content.decode()
    assert "Kies een actieve organisatie van deze regio." in page
    page = admin_client.post("/inrichting/ijsselland/opvang", {
        "add": "1", "organisation": "", "kind": "castle", "places": "100000"}).content.decode()
    assert "Kies een soort plek uit de lijst." in page and "Aantal plekken" in page
    assert ShelterPlace.objects.count() == count
    zeeland_place = ShelterPlace.objects.filter(organisation__region__slug="zeeland").first()
    assert admin_client.post("/inrichting/ijsselland/opvang", {
        "place": zeeland_place.pk, f"place{zeeland_place.pk}-places": "0"}).status_code == 404


def test_a_retired_organisation_gets_no_new_places(admin_client):
    ggd = Organisation.objects.get(name="GGD IJsselland")
    Organisation.objects.filter(pk=ggd.pk).update(active=False)
    response = admin_client.post("/inrichting/ijsselland/opvang", {
        "add": "1", "organisation": ggd.pk, "kind": "men", "places": "2"})
    assert response.status_code == 400
    assert not ShelterPlace.objects.filter(organisation=ggd).exists()
