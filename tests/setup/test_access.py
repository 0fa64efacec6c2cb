"""Who opens which set-up page: a region's administrators their own region's, the platform operator
every region's; another region answers 404, as if it did not exist; other roles get nothing."""
import re

import pytest
from django.core.exceptions import PermissionDenied

from ketenzicht.accounts import menu
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions import services as region_services
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.setup import services as setup_services
from tests.helpers import user, verified

PAGES = ["", "/regio", "/gemeenten", "/gemeenten/GM0193", "/organisaties", "/opvang", "/terugkoppeling",
         "/bewaartermijnen"]


@pytest.mark.parametrize("page", PAGES)
def test_the_administrator_opens_every_page_of_their_region(admin_client, page):
    assert admin_client.get(f"/inrichting/ijsselland{page}").status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_another_regions_administrator_gets_404(client, world, page):
    zeeland_admin = verified(client, "admin.zeeland")
    assert zeeland_admin.get(f"/inrichting/ijsselland{page}").status_code == 404


def test_another_regions_administrator_changes_nothing(client, world):
    zeeland_admin = verified(client, "admin.zeeland")
    police = Organisation.objects.get(name="Politie IJsselland")
    assert zeeland_admin.post("/inrichting/ijsselland/organisaties", {"name": "X", "sector": "politie"}).status_code == 404
    assert zeeland_admin.post(f"/inrichting/ijsselland/organisaties/{police.pk}/actief", {"active": "0"}).status_code == 404
    assert zeeland_admin.post("/inrichting/ijsselland/gemeenten", {"cbs_code": "GM0153"}).status_code == 404
    assert not Organisation.objects.filter(name="X").exists() and Organisation.objects.get(pk=police.pk).active
    assert not Municipality.objects.filter(cbs_code="GM0153").exists()


def test_the_operator_opens_every_region(operator_client):
    for slug in ("ijsselland", "zeeland"):
        assert operator_client.get(f"/inrichting/{slug}/organisaties").status_code == 200
    page = operator_client.get("/inrichting").content.decode()
    assert "IJsselland" in page and "Zeeland" in page and "Nieuwe regio aanmaken" in page


@pytest.mark.parametrize("username", ["liaison.zwolle", "chair.ijsselland", "care.ijsselland", "analyst.ijsselland",
                                      "privacy.ijsselland", "reporter.zwolle"])
def test_other_roles_get_no_set_up(client, world, username):
    signed_in = verified(client, username)
    assert signed_in.get("/inrichting").status_code == 403
    assert signed_in.get("/inrichting/ijsselland").status_code == 404
    assert signed_in.get("/inrichting/ijsselland/bewaartermijnen").status_code == 404
    assert not menu.navigation(user(username))["setup"]


def test_without_signing_in_the_login_page(client, world):
    response = client.get("/inrichting/ijsselland/organisaties")
    assert response.status_code == 302 and "/inloggen" in response["Location"]


def test_the_overview_lists_the_sections_and_the_menu_starts_there(admin_client):
    page = admin_client.get("/inrichting/ijsselland").content.decode()
    for label in ("Gemeenten", "Partnerorganisaties", "Opvangaanbieders en plekken", "Teksten van de terugkoppeling",
                  "Bewaartermijnen"):
        assert label in page
    assert "/inrichting/ijsselland/organisaties" in page
    assert menu.start_page(user("admin.ijsselland")) == "/inrichting"
    assert 'href="/inrichting"' in page  # the menu entry


def test_a_refused_change_is_logged_though_the_change_rolls_back(world):
    """The refusal is written before the transaction opens: a rolled-back change keeps its log entry."""
    ijsselland = Region.objects.get(slug="ijsselland")
    zeeland_admin = user("admin.zeeland")
    before = AccessLog.objects.filter(action="denied", user=zeeland_admin).count()
    with pytest.raises(PermissionDenied):
        region_services.add_organisation(zeeland_admin, ijsselland, name="Nep", sector="politie")
    with pytest.raises(PermissionDenied):
        setup_services.create_region(user("admin.ijsselland"), name="Twente", slug="twente")
    assert AccessLog.objects.filter(action="denied", user=zeeland_admin).count() == before + 1
    assert AccessLog.objects.filter(action="denied", user=user("admin.ijsselland"), object_type="region").exists()
    assert not Organisation.objects.filter(name="Nep").exists() and not Region.objects.filter(slug="twente").exists()


def test_every_section_leads_back_to_the_regions_set_up(admin_client):
    """Every section the overview lists (whichever app registered it) links back to the overview."""
    overview = admin_client.get("/inrichting/ijsselland").content.decode()
    sections = sorted(set(re.findall(r'href="(/inrichting/ijsselland/[a-z-]+)"', overview)))
    assert len(sections) >= 10
    for address in sections:
        assert 'href="/inrichting/ijsselland"' in admin_client.get(address).content.decode(), address
