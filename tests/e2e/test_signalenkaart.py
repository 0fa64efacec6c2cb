"""The signalenkaart in a browser: the administrator opens it from the region's set-up, adds an
indicator of her own, renames a shipped one, retires one that a signal carries (confirming, after
the page said how many); the reporter's form no longer offers it, the old signal still shows it;
axe on every page."""
from ketenzicht.intake.models import Indicator

from ..helpers import check_page, login, report_as


def test_the_administrator_keeps_the_signalenkaart(live_world, new_page):
    base = live_world.url
    signal, _code = report_as("reporter.zwolle", indicators=["online_ads"], exploitation_forms=["sexual"])
    admin = new_page()
    login(admin, base, "admin.ijsselland")
    admin.goto(f"{base}/inrichting/ijsselland")
    check_page(admin)
    admin.get_by_role("link", name="Signalenkaart").click()
    check_page(admin)
    assert admin.locator('[data-indicator="online_ads"]').count() == 1

    add = admin.get_by_role("region", name="Signaal toevoegen")
    add.get_by_label("Naam (Nederlands)").fill("Slaapt op de werkplek")
    add.get_by_role("button", name="Toevoegen").click()
    check_page(admin)
    assert "Controleer het formulier" in admin.content()  # the English name is missing
    assert admin.get_by_label("Naam (Nederlands)").input_value() == "Slaapt op de werkplek"  # nothing lost
    admin.get_by_label("Naam (Engels)").fill("Sleeps at the workplace")
    admin.get_by_role("checkbox", name="Arbeidsuitbuiting").check()
    admin.get_by_role("button", name="Toevoegen").click()
    check_page(admin)
    assert admin.locator('[data-group="labour"]').get_by_text("Slaapt op de werkplek").count() == 1

    admin.get_by_role("link", name="Wordt drugs of alcohol gegeven om te gehoorzamen").click()
    check_page(admin)
    admin.get_by_label("Naam (Nederlands)").fill("Krijgt drugs of alcohol om te gehoorzamen")
    admin.get_by_role("button", name="Naam opslaan").click()
    check_page(admin)
    assert admin.get_by_role("link", name="Krijgt drugs of alcohol om te gehoorzamen").count() == 1

    admin.get_by_role("link", name="Wordt online aangeboden (advertenties, sociale media)").click()
    check_page(admin)
    admin.get_by_role("button", name="Intrekken").click()
    check_page(admin)
    assert "1 signaal in deze regio draagt dit kenmerk" in admin.content()  # refused until confirmed
    admin.get_by_label("Ja, trek dit signaal in, ook al dragen signalen het").check()
    admin.get_by_role("button", name="Intrekken").click()
    check_page(admin)
    assert "Ingetrokken op" in admin.locator('[data-indicator="online_ads"]').inner_text()

    reporter = new_page()
    login(reporter, base, "reporter.zwolle")
    reporter.goto(f"{base}/signalen/nieuw")
    check_page(reporter)
    assert reporter.locator('input[value="online_ads"]').count() == 0
    own = Indicator.objects.get(region__slug="ijsselland").code
    assert reporter.locator(f'input[value="{own}"]').count() == 1
    assert reporter.get_by_text("Krijgt drugs of alcohol om te gehoorzamen").count() == 1

    liaison = new_page()
    login(liaison, base, "liaison.zwolle")
    liaison.goto(f"{base}/signalen/{signal.pk}")
    check_page(liaison)
    assert "Wordt online aangeboden" in liaison.content()  # the old signal keeps the retired one
