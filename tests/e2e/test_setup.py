"""From an empty installation (no demo): the platform's first administrator signs in and sets up
region Twente on the set-up pages — three municipalities from the CBS list, a partner, a shelter
provider with places — with every page checked (styles, unique ids, axe WCAG 2.1 AA)."""
import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import User
from ketenzicht.care.models import ShelterPlace
from ketenzicht.regions.models import Municipality, Region
from ketenzicht.route.models import RouteDefinition

from ..helpers import check_page, current_code

PASSWORD = "Twente-opstart-2026!"  # nosec B105: a test account's


@pytest.fixture
def empty_server(transactional_db, live_server):
    """A live server on an emptied database: nothing of the demo world, only the operator."""
    call_command("flush", interactive=False, verbosity=0)
    operator = User.objects.create_superuser("beheerder", "beheerder@example.org", PASSWORD)
    TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    return live_server


def _submit(page, button):
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def test_an_empty_installation_sets_up_twente(empty_server, new_page):
    assert not Region.objects.exists()
    base = empty_server.url
    page = new_page()
    page.goto(f"{base}/inloggen")
    check_page(page)
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(current_code("beheerder"))
    _submit(page, "Inloggen")
    assert page.url == f"{base}/inrichting"  # the administrator's work starts at the set-up
    check_page(page)

    page.get_by_role("link", name="Nieuwe regio aanmaken").click()
    check_page(page)
    page.get_by_label("Naam").fill("Twente")
    page.get_by_label("Webadres (kort, kleine letters)").fill("twente")
    page.get_by_label("Contact voor het publiek").fill("Veilig Thuis Twente: 0800-2000")
    _submit(page, "Regio aanmaken")
    assert page.url == f"{base}/inrichting/twente"
    check_page(page)

    page.get_by_role("link", name="Gemeenten").click()
    check_page(page)
    for code, inhabitants in (("GM0153", "162000"), ("GM0164", "82000"), ("GM0141", "74000")):
        page.get_by_label("Gemeente (CBS-lijst 2025)").select_option(code)
        page.get_by_label("Inwoners", exact=True).fill(inhabitants)
        page.get_by_label("Inwoners per (peildatum)").fill("2025-01-01")
        _submit(page, "Toevoegen")
        check_page(page)
    rows = page.locator("tr[data-municipality]")
    assert rows.count() == 3 and "Enschede" in rows.all_inner_texts()[1]  # ordered by name: Almelo, Enschede, Hengelo

    page.get_by_role("link", name="Inrichting van Twente").click()
    page.get_by_role("link", name="Partnerorganisaties").click()
    check_page(page)
    for name, sector in (("Politie Twente", "politie"), ("Moviera Twente", "zorg")):
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Sector").select_option(sector)
        _submit(page, "Toevoegen")
        check_page(page)
    assert page.locator("tr[data-organisation]").count() == 2

    page.get_by_role("link", name="Inrichting van Twente").click()
    page.get_by_role("link", name="Opvangaanbieders en plekken").click()
    check_page(page)
    page.get_by_label("Aanbieder (partnerorganisatie)").select_option(label="Moviera Twente")
    page.get_by_label("Soort plek").select_option("women")
    page.locator("#id_places").fill("4")
    _submit(page, "Vastleggen")
    check_page(page)
    assert page.locator("tr[data-place]").count() == 1

    twente = Region.objects.get(slug="twente")
    assert sorted(Municipality.objects.filter(region=twente).values_list("cbs_code", flat=True)) == [
        "GM0141", "GM0153", "GM0164"]
    assert Municipality.objects.get(cbs_code="GM0164").name == "Hengelo (O.)"  # as CBS names it
    assert ShelterPlace.objects.get(organisation__name="Moviera Twente").places == 4
    assert RouteDefinition.active_for(twente).version == 1  # ready to receive signals
