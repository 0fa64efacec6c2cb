"""The 'done means' flow of the signal intake issue, clicked through in a real browser."""
import re

from ..helpers import check_page, login, take_step


def test_report_inbox_feedback_and_receipt(live_world, new_page):
    base = live_world.url

    reporter = new_page()
    login(reporter, base, "reporter.zwolle")
    reporter.get_by_role("link", name="Signaal melden").click()
    check_page(reporter)
    reporter.get_by_label("Gemeente waar het signaal speelt (hoofdgemeente)").select_option(label="Zwolle")
    reporter.get_by_label("Arbeidsuitbuiting").check()
    reporter.get_by_label("Maakt extreem lange werkdagen").check()
    reporter.get_by_label("Wat heeft u gezien of gehoord?").fill("Busjes met arbeiders rijden om 5 uur weg.")
    reporter.locator("#id_persons-0-role").select_option("victim")
    reporter.get_by_role("button", name="Signaal versturen").click()
    check_page(reporter)
    assert "verstuurd" in reporter.locator(".kz-messages").inner_text()
    code = reporter.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    reference = reporter.locator("h1").inner_text().split()[1]

    liaison = new_page()
    login(liaison, base, "liaison.zwolle")
    check_page(liaison)
    first_row = liaison.locator("tbody tr").first
    assert reference in first_row.inner_text() and "Nieuw" in first_row.inner_text()
    first_row.get_by_role("link").click()
    check_page(liaison)
    take_step(liaison, "In behandeling nemen")
    liaison.get_by_label("Terugkoppeling aan de melder").fill("Dank u, we zijn ermee bezig.")
    liaison.get_by_role("button", name="Terugkoppeling versturen").click()
    assert "Terugkoppeling verstuurd" in liaison.locator(".kz-messages").inner_text()
    check_page(liaison)

    citizen = new_page()
    citizen.goto(base)
    check_page(citizen)
    citizen.get_by_role("link", name="Status van uw melding").click()
    citizen.get_by_label("Uw ontvangstcode").fill(code)
    citizen.get_by_role("button", name="Bekijk status").click()
    check_page(citizen)
    assert citizen.get_by_test_id("public-status").inner_text() == "In behandeling genomen"
    assert "Dank u, we zijn ermee bezig." in citizen.content()

    other = new_page()
    login(other, base, "liaison.deventer")
    assert reference not in other.content()
    response = other.goto(liaison.url)
    assert response.status == 404


def test_citizen_reports_without_javascript(live_world, browser):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_world.url}/regio/ijsselland/melden")
    page.get_by_label("In welke gemeente speelt het?").select_option(label="Deventer")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("")
    page.get_by_label("Adres of plaats (als u dat weet)").fill("Stationsplein")
    page.get_by_role("button", name="Melding versturen").click()
    assert "Controleer het formulier" in page.content()
    assert page.get_by_label("Adres of plaats (als u dat weet)").input_value() == "Stationsplein"
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Kinderen bedelen elke dag bij het station.")
    page.get_by_role("button", name="Melding versturen").click()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", page.get_by_test_id("receipt-code").inner_text())
    context.close()


def test_public_pages_pass_axe(live_world, new_page):
    page = new_page()
    for path in ["/", "/regio/ijsselland/melden", "/status", "/inloggen"]:
        page.goto(live_world.url + path)
        check_page(page)
    page.goto(live_world.url + "/regio/ijsselland/melden")
    page.get_by_role("button", name="Melding versturen").click()
    check_page(page)  # the page with errors, too
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Report a suspicion of human trafficking").wait_for()
    assert page.get_attribute("html", "lang") == "en"
    check_page(page)
    page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("heading", name="Meld een vermoeden van mensenhandel").wait_for()


def test_axe_check_can_fail(live_world, new_page):
    """Guard for the guard: an unlabeled field must be reported."""
    import pytest

    page = new_page()
    page.goto(live_world.url + "/status")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    with pytest.raises(AssertionError, match="label"):
        check_page(page)
