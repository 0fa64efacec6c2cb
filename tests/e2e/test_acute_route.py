"""Issue 16 item 4 in a real browser: a liaison calls in the care coordinator without escalating; the
care coordinator, now seeing the signal, intervenes acutely (the signal becomes an acute case); the
police finds the acute case in its list and records its own intervention; the liaison reads who
has and who has not yet intervened."""
from ..helpers import check_page, login, report_as


def _click(page, target):
    """Click what loads a new page, and wait for that page before it is checked."""
    with page.expect_navigation():
        target.click()


def test_call_in_the_care_coordinator_and_record_the_acute_route(live_world, new_page):
    base = live_world.url
    signal, _code = report_as("reporter.zwolle", description="Jonge vrouw wordt 's nachts opgehaald.")
    signal_url = f"{base}/signalen/{signal.pk}"

    care = new_page()
    login(care, base, "care.ijsselland")
    assert care.goto(signal_url).status == 404  # not hers to see before she is called in

    liaison = new_page()
    login(liaison, base, "liaison.zwolle")
    liaison.goto(signal_url)
    check_page(liaison)
    liaison.get_by_label("Waarom (optioneel)").fill("Zij wil misschien opvang.")
    _click(liaison, liaison.get_by_role("button", name="Zorgcoördinator inschakelen"))
    check_page(liaison)
    assert "De zorgcoördinator is ingeschakeld" in liaison.locator(".kz-messages").inner_text()
    assert "Ingeschakeld op" in liaison.get_by_test_id("care-call-in").inner_text()
    assert liaison.get_by_test_id("stage").inner_text() == "Ontvangen"  # not escalated

    care.goto(f"{base}/berichten")
    check_page(care)
    _click(care, care.get_by_role("link", name=f"U bent als zorgcoördinator ingeschakeld op signaal {signal.reference}"))
    check_page(care)
    assert "Jonge vrouw wordt" in care.content() and "Zij wil misschien opvang." in care.content()
    step = care.locator("details[data-step='acuut_ingrijpen']")
    step.locator("summary").click()
    step.get_by_label("Reden").fill("Direct gevaar")
    step.get_by_label("Soort acute interventie").select_option("zorg")
    step.get_by_role("textbox", name="Acute interventie").fill("Opvang geregeld")
    _click(care, step.get_by_role("button", name="Acute interventie vastleggen"))
    check_page(care)
    assert "Stap gezet" in care.locator(".kz-messages").inner_text()

    police = new_page()
    login(police, base, "police.ijsselland")
    _click(police, police.get_by_role("link", name="Acute route"))
    check_page(police)
    _click(police, police.get_by_role("link", name=f"Casus {signal.reference}"))
    check_page(police)
    police.get_by_label("Wat is er gedaan").fill("Verdachte aangehouden, woning doorzocht.")
    _click(police, police.get_by_role("button", name="Interventie vastleggen"))
    check_page(police)
    assert "Uw interventie is vastgelegd" in police.locator(".kz-messages").inner_text()
    row = police.locator("tr[data-party='police']")
    assert "Verdachte aangehouden" in row.inner_text() and "Ja: ingegrepen" in row.inner_text()

    assert police.get_by_label("Wat is er gedaan").count() == 0  # recorded once: no form any more
    liaison.goto(signal_url)
    check_page(liaison)
    route = liaison.get_by_test_id("acute-route").inner_text()
    assert "Verdachte aangehouden" in route and "Nog niet" in route  # the OM and the mayor have not yet
