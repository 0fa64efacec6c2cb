"""Each role lands on the page of its work, decided by the menu registry, and the menu marks where
the user is."""
import pytest

from ketenzicht.demo.loader import password

from ..helpers import current_code, verified


@pytest.mark.parametrize("username, start", [
    ("chair.ijsselland", "/casussen"),
    ("police.ijsselland", "/taken"),
    ("care.ijsselland", "/zorg"),
    ("analyst.ijsselland", "/cijfers"),
    ("privacy.ijsselland", "/privacy/toegangslog"),
    ("admin.ijsselland", "/inrichting"),  # the region's set-up (the setup app's start entry)
    ("liaison.zwolle", "/signalen"),
    ("reporter.zwolle", "/signalen"),
    ("opvang.ijsselland", "/opvangplekken"),
])
def test_the_front_page_sends_each_role_to_its_work(world, client, username, start):
    response = verified(client, username).get("/")
    assert response.status_code == 302 and response["Location"] == start


def test_login_lands_on_the_start_page(world, client):
    response = client.post("/inloggen", {"username": "care.ijsselland", "password": password(),
                                         "otp_token": current_code("care.ijsselland")})
    assert response.status_code == 302 and response["Location"] == "/zorg"


def test_the_public_front_page_stays_for_who_is_not_signed_in(world, client):
    assert client.get("/").status_code == 200


def test_the_menu_marks_the_current_page_and_offers_the_shelter_places(world, client):
    provider = verified(client, "opvang.ijsselland")
    page = provider.get("/opvangplekken").content.decode()
    assert 'href="/opvangplekken" aria-current="page"' in page
    assert page.count('aria-current="page"') == 1
    new = provider.get("/signalen/nieuw").content.decode()
    assert 'href="/signalen/nieuw" aria-current="page"' in new and new.count('aria-current="page"') == 1
