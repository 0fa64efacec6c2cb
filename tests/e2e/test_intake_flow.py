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


def test_guided_form_summary_persons_and_indicators(live_world, new_page):
    """The guided form: only the chosen forms' indicators show, persons are added in place, and an
    error in a person block is in the summary at the top, whose link leads to the field."""
    page = new_page()
    login(page, live_world.url, "reporter.zwolle")
    page.get_by_role("link", name="Signaal melden").click()
    check_page(page)
    long_hours = page.get_by_label("Maakt extreem lange werkdagen")
    assert not long_hours.is_visible()  # a labour indicator, no form chosen yet
    page.get_by_label("Arbeidsuitbuiting").check()
    assert long_hours.is_visible()
    page.get_by_label("Gemeente waar het signaal speelt (hoofdgemeente)").select_option(label="Zwolle")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Busjes met arbeiders rijden om 5 uur weg.")
    page.locator("#id_persons-0-role").select_option("victim")
    page.get_by_role("button", name="Nog een persoon toevoegen").click()
    assert page.locator("#id_persons-1-role").evaluate("e => e === document.activeElement")
    page.locator("#id_persons-1-age").fill("200")
    check_page(page)
    page.get_by_role("button", name="Signaal versturen").click()
    summary = page.locator(".kz-error-summary")
    assert summary.is_visible() and summary.evaluate("e => e === document.activeElement")
    assert summary.bounding_box()["y"] < page.locator("[data-signal-form]").bounding_box()["y"]
    link = summary.get_by_role("link", name="Betrokkene 2: Leeftijd in jaren")
    link.click()
    assert page.url.endswith("#id_persons-1-age") and page.locator("#id_persons-1-age").evaluate("e => e === document.activeElement")
    assert page.locator("#id_persons-1-age").input_value() == "200"
    assert page.get_by_label("Wat heeft u gezien of gehoord?").input_value().startswith("Busjes")
    check_page(page)


def test_inbox_fits_a_phone(live_world, browser):
    context = browser.new_context(bypass_csp=True, locale="nl-NL", viewport={"width": 375, "height": 800})
    page = context.new_page()
    login(page, live_world.url, "reporter.zwolle")
    page.goto(f"{live_world.url}/signalen/nieuw")
    page.get_by_label("Gemeente waar het signaal speelt (hoofdgemeente)").select_option(label="Zwolle")
    page.get_by_label("Wat heeft u gezien of gehoord?").fill("Een melding om de inbox op een telefoon te zien.")
    page.get_by_role("button", name="Signaal versturen").click()
    login(page, live_world.url, "liaison.zwolle")
    page.goto(f"{live_world.url}/signalen")
    check_page(page)
    assert page.locator("tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Zoeken op referentie of tekst").fill("telefoon")
    page.get_by_role("button", name="Zoeken").click()
    check_page(page)
    assert page.locator("tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_session_warns_before_it_ends_and_can_be_kept(live_world, new_page):
    page = new_page()
    page.clock.install()
    login(page, live_world.url, "reporter.zwolle")
    page.goto(f"{live_world.url}/signalen/nieuw")
    warning = page.locator(".kz-session-warning")
    assert warning.count() == 0
    page.clock.run_for("28:01")  # two minutes before the 30-minute idle limit
    assert warning.is_visible() and "bijna uitgelogd" in warning.inner_text()
    check_page(page)
    warning.get_by_role("button", name="Blijf ingelogd").click()
    warning.wait_for(state="detached")
