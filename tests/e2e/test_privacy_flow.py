"""Break-the-glass and the privacy officer's review, clicked through in a real browser."""
import re

from ketenzicht.intake import services

from ..helpers import check_page, login, report_as

BREAK_GLASS = re.compile(r"^\s*Noodtoegang")  # the action cell of the break-the-glass entry itself


def test_break_the_glass_then_review(live_world, new_page):
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    base = live_world.url

    care = new_page()
    login(care, base, "care.ijsselland")
    care.get_by_role("link", name="Noodtoegang").click()
    check_page(care)
    care.get_by_label("Referentie of id van het signaal").fill(signal.reference)
    care.get_by_label("Waarom heeft u nu toegang nodig?").fill("te kort")
    care.get_by_role("button", name="Noodtoegang vragen").click()
    check_page(care)  # the page with the error
    assert care.get_by_label("Referentie of id van het signaal").input_value() == signal.reference
    care.get_by_label("Waarom heeft u nu toegang nodig?").fill("Slachtoffer meldt zich nu bij de crisisdienst")
    care.get_by_role("button", name="Noodtoegang vragen").click()
    assert "Noodtoegang verleend" in care.locator(".kz-messages").inner_text()
    assert signal.reference in care.locator("h1").inner_text()
    check_page(care)

    officer = new_page()
    login(officer, base, "privacy.ijsselland")
    officer.get_by_role("link", name="Toegangslog").click()
    officer.get_by_label("Alleen nog niet beoordeelde").check()
    officer.get_by_role("button", name="Filteren").click()
    check_page(officer)
    row = officer.locator("tbody tr", has=officer.locator("td", has_text=BREAK_GLASS))
    assert "crisisdienst" in row.inner_text() and "care.ijsselland" in row.inner_text()
    row.get_by_label("Oordeel").fill("Terecht: acute opvang")
    row.get_by_role("button", name="Beoordelen").click()
    assert "Beoordeling vastgelegd" in officer.locator(".kz-messages").inner_text()
    assert officer.locator("tbody tr", has=officer.locator("td", has_text=BREAK_GLASS)).count() == 0  # back on the unreviewed list
    check_page(officer)


def test_subject_request_and_retention_pages_pass_axe(live_world, new_page):
    from ketenzicht.intake.forms import PublicSignalForm

    form = PublicSignalForm({"municipality": "GM0193", "description": "Burger meldt", "contact": "anna@example.org"})
    assert form.is_valid()
    signal, _code = services.submit_public(form.cleaned_data)
    admin = new_page()
    login(admin, live_world.url, "admin.ijsselland")
    admin.get_by_role("link", name="Inzageverzoeken").click()
    admin.get_by_label("E-mailadres of telefoonnummer van de betrokkene").fill("anna@example.org")
    admin.get_by_role("button", name="Zoeken").click()
    assert signal.reference in admin.locator("tbody").inner_text()
    check_page(admin)
    officer = new_page()
    login(officer, live_world.url, "privacy.ijsselland")
    officer.get_by_role("link", name="Bewaartermijnen").click()
    check_page(officer)
