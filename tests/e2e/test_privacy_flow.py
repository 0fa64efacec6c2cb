"""Break-the-glass and the privacy officer's review, clicked through in a real browser."""
import re

from django.utils import timezone

from ketenzicht.intake import services
from ketenzicht.linkage import services as linkage
from ketenzicht.linkage.models import PersonIdentifiers

from ..helpers import check_page, login, report_as, user
from ..helpers import signal as signal_of

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
    # What linkage keeps of a person, found by a phone number kept only there, listed and erased.
    person = signal_of("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    linkage.record(user("liaison.zwolle"), person, {"family_name": "Jansen", "phones": "06-87654321"})
    admin.get_by_label("E-mailadres of telefoonnummer van de betrokkene").fill("+31 6 8765 4321")
    admin.get_by_role("button", name="Zoeken").click()
    row = admin.locator("tbody tr", has_text=person.signal.reference)
    assert "Identificerende gegevens" in row.inner_text() and "Jansen" not in admin.content()
    check_page(admin)
    row.get_by_role("button", name="Wissen").click()
    assert "Gegevens gewist" in admin.locator(".kz-messages").inner_text()
    assert not PersonIdentifiers.objects.filter(person=person).exists()
    officer = new_page()
    login(officer, live_world.url, "privacy.ijsselland")
    officer.get_by_role("link", name="Bewaartermijnen").click()
    check_page(officer)
