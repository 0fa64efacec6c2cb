"""The platform operator creates a region, which can receive signals at once; its administrator edits it."""
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region
from ketenzicht.route.models import RouteDefinition

NEW = {"name": "Twente", "slug": "twente", "public_contact": "Veilig Thuis Twente: 0800-2000",
       "suppression_threshold": "5"}


def test_the_operator_creates_a_region_with_the_default_route(operator_client):
    response = operator_client.post("/inrichting/nieuw", NEW)
    assert response.status_code == 302 and response["Location"] == "/inrichting/twente"
    region = Region.objects.get(slug="twente")
    assert region.public_contact == NEW["public_contact"]
    route = RouteDefinition.active_for(region)
    assert route.version == 1 and "ontvangen" in route.route.signal.stages
    assert AccessLog.objects.filter(action="create", object_type="region", object_id=str(region.pk),
                                    region=region).count() == 1
    assert "Twente" in operator_client.get("/inrichting").content.decode()


def test_a_region_name_or_address_taken_is_refused_and_nothing_made(operator_client):
    count = Region.objects.count()
    response = operator_client.post("/inrichting/nieuw", dict(NEW, name="IJsselland"))
    assert response.status_code == 400
    assert "Er is al een regio met de naam IJsselland." in response.content.decode()
    response = operator_client.post("/inrichting/nieuw", dict(NEW, slug="zeeland"))
    assert "al in gebruik" in response.content.decode()
    response = operator_client.post("/inrichting/nieuw", dict(NEW, slug="nieuw"))  # the address of this page
    assert "gereserveerd" in response.content.decode()
    assert Region.objects.count() == count


def test_bad_region_input_names_the_field_and_keeps_what_was_typed(operator_client):
    response = operator_client.post("/inrichting/nieuw", dict(NEW, name="", slug="Twente Oost!",
                                                               public_contact="<script>alert(1)</script>",
                                                               suppression_threshold="1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Naam</a>: Dit veld is vereist." in page
    assert "Gebruik alleen kleine letters" in page
    assert "Gebruik geen &lt; of &gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # what was typed stays, escaped
    assert "<script>alert(1)" not in page
    response = operator_client.post("/inrichting/nieuw", dict(NEW, name="T" * 101))
    assert "ten hoogste 100 tekens" in response.content.decode()
    assert not Region.objects.filter(slug__in=["twente", "twente-oost"]).exists()


def test_a_regional_administrator_may_not_create_a_region(admin_client):
    assert admin_client.get("/inrichting/nieuw").status_code == 403
    assert admin_client.post("/inrichting/nieuw", NEW).status_code == 403
    assert not Region.objects.filter(slug="twente").exists()
    assert "Nieuwe regio aanmaken" not in admin_client.get("/inrichting").content.decode()


def test_the_administrator_edits_the_region_but_not_its_address(admin_client):
    response = admin_client.post("/inrichting/ijsselland/regio", {
        "name": "IJsselland", "public_contact": "Nieuw nummer", "suppression_threshold": "10", "slug": "anders"})
    assert response.status_code == 302
    region = Region.objects.get(slug="ijsselland")
    assert (region.public_contact, region.suppression_threshold) == ("Nieuw nummer", 10)
    assert AccessLog.objects.filter(action="update", object_type="region", region=region).count() == 1


def test_renaming_to_another_regions_name_is_refused(admin_client):
    response = admin_client.post("/inrichting/ijsselland/regio", {
        "name": "Zeeland", "public_contact": "", "suppression_threshold": "5"})
    assert response.status_code == 400 and "Er is al een regio met de naam Zeeland." in response.content.decode()
    assert Region.objects.get(slug="ijsselland").name == "IJsselland"
