"""Record linkage in a browser: Zwolle's liaison records a person's identifiers on a signal (a bad
date first: the error names the field, the input stays), is told that a possible match exists
elsewhere and whom to call, without any of its content; Deventer's liaison gets the mirror notice
and confirms after contact; the two persons are one from then on, and the dashboard's distinct
persons, read by the care coordinator (who sees exact counts), drop by one. axe on every page."""
from pathlib import Path

from django.utils import timezone

from ketenzicht.care import services as care
from ketenzicht.intake.models import Person
from ketenzicht.linkage import services
from ketenzicht.regions.models import Municipality

from ..helpers import check_page, login, signal, user

SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "linkage-suggestion.png"


def record_olena(page):
    """Olena's identifiers as written in the source, with an impossible date of birth first: refused
    with the error named, nothing typed lost; then the right date."""
    page.get_by_label("Voornamen (zoals geschreven)").fill("Olena")
    page.get_by_label("Achternaam (met tussenvoegsel)").fill("Kowalenko")
    page.get_by_label("Geboortedatum").fill("31-02-2001")
    page.get_by_label("Telefoonnummers").fill("0048 601 234 567")
    page.get_by_role("button", name="Opslaan en vergelijken").click()
    check_page(page)
    assert "bestaat niet" in page.locator(".kz-error-summary").inner_text()
    assert page.get_by_label("Achternaam (met tussenvoegsel)").input_value() == "Kowalenko"  # nothing lost
    page.get_by_label("Geboortedatum").fill("15-03-2001")
    page.get_by_role("button", name="Opslaan en vergelijken").click()
    check_page(page)


def test_a_liaison_records_identifiers_and_is_told_whom_to_call(live_world, new_page):
    base = live_world.url
    elsewhere = signal("liaison.deventer", "GM0150", timezone.now()).persons.get()
    services.record(user("liaison.deventer"), elsewhere, {
        "given_name": "Olena", "family_name": "Kovalenko", "date_of_birth": "2001-03-15", "gender": "v",
        "nationality": "UA", "phones": "+48 601 234 567"})
    own = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()

    page = new_page()
    login(page, base, "liaison.zwolle")
    page.goto(f"{base}/signalen/{own.signal_id}")
    check_page(page)
    page.get_by_role("link", name="Identificerende gegevens en mogelijke matches").click()
    check_page(page)
    page.get_by_role("link", name="Gegevens vastleggen").click()
    check_page(page)
    record_olena(page)
    match = page.get_by_test_id("match")
    assert match.get_attribute("data-scope") == "out"
    assert "Aandachtsfunctionaris, Gemeente Deventer" in match.inner_text()
    text = page.content()
    assert "Olena" in text  # her own record
    assert "Kovalenko" not in text and "2001-03-15" not in text and elsewhere.signal.reference not in text
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)

    figures = new_page()
    login(figures, base, "care.ijsselland")
    before = _distinct_persons(figures, base)

    other = new_page()
    login(other, base, "liaison.deventer")
    other.goto(f"{base}/berichten")
    check_page(other)
    other.get_by_role("link", name="Mogelijk is een betrokkene van signaal").first.click()
    check_page(other)
    assert "Aandachtsfunctionaris, Gemeente Zwolle" in other.get_by_test_id("match").inner_text()
    assert "Kowalenko" not in other.content()
    other.get_by_role("button", name="Zelfde persoon").click()
    check_page(other)
    assert "Vastgelegd: dit is dezelfde persoon" in other.content()
    assert Person.objects.get(pk=own.pk).identity == Person.objects.get(pk=elsewhere.pk).identity
    assert _distinct_persons(figures, base) == before - 1


def _distinct_persons(page, base):
    """The dashboard's headline "distinct persons", as the styled page shows it."""
    page.goto(f"{base}/cijfers")
    check_page(page)
    item = page.locator(".kz-headline__item", has_text="Mogelijke slachtoffers (personen)").first
    assert item.is_visible()
    return int(item.locator(".kz-headline__value").inner_text())


def test_the_care_coordinator_records_identifiers_on_a_trajectory_and_is_told_whom_to_call(live_world, new_page):
    """A trajectory opened without a signal: the coordinator records what identifies the person (a
    bad date first: the error names the field, the input stays) and learns that a signal in Zwolle
    may be the same person, and whom to call there, without any of its content."""
    base = live_world.url
    elsewhere = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
    services.record(user("liaison.zwolle"), elsewhere, {
        "given_name": "Olena", "family_name": "Kovalenko", "date_of_birth": "2001-03-15", "gender": "v",
        "phones": "+48 601 234 567"})
    trajectory = care.open_trajectory(user("care.ijsselland"), name="O. K.", age=25,
                                      municipality=Municipality.objects.get(name="Deventer"))

    page = new_page()
    login(page, base, "care.ijsselland")
    page.goto(f"{base}/zorg/{trajectory.pk}")
    check_page(page)
    page.get_by_role("link", name="Identificerende gegevens en mogelijke matches").click()
    check_page(page)
    record_olena(page)
    assert "Er is een mogelijke match" in page.content()
    match = page.get_by_test_id("match")
    assert match.get_attribute("data-scope") == "out"
    assert "Aandachtsfunctionaris, Gemeente Zwolle" in match.inner_text()
    text = page.content()
    assert "Kowalenko" in text and "Kovalenko" not in text and elsewhere.signal.reference not in text
    page.screenshot(path=SCREENSHOT.with_name("linkage-trajectory.png"), full_page=True)
