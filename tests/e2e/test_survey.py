"""Issue 19 item 2's done-means: a staff member (no account) fills in the open round through its
link, first tripping over a forgotten question; the region's analyst then opens the results and
sees the new round beside 2021. Every page checked (styles, unique ids, axe WCAG 2.1 AA)."""
from ketenzicht.survey.models import Response, Round

from ..helpers import check_page, login

SCREENSHOT = "/tmp/h_survey_results.png"  # nosec B108: a test's picture, for a person to look at


def test_a_staff_member_answers_and_the_analyst_sees_the_round_beside_2021(live_world, new_page):
    base = live_world.url
    second = Round.objects.get(title="Medewerkerspeiling 2026")
    staff = new_page()
    staff.goto(base + second.public_path)
    check_page(staff)
    staff.get_by_label("Zwolle").check()
    staff.get_by_label("Criminele uitbuiting").check()
    staff.get_by_label("Arbeidsuitbuiting").check()
    staff.get_by_label("Weet ik niet").check()
    staff.get_by_label("Informatie over de meldroute").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Antwoorden versturen").click()
    check_page(staff)
    assert "Als u nu een signaal" in staff.locator("[data-error-summary]").inner_text()  # forgotten: named
    assert staff.get_by_label("Criminele uitbuiting").is_checked()  # nothing chosen is lost
    staff.get_by_role("group", name="Als u nu een signaal").get_by_label("Ja").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Antwoorden versturen").click()
    check_page(staff)
    assert staff.get_by_test_id("answered").is_visible()
    assert Response.objects.filter(round=second).count() == 1
    staff.goto(base + second.public_path)  # once per browser
    check_page(staff)
    assert staff.get_by_test_id("answered-before").is_visible()

    page = new_page()
    login(page, base, "analyst.ijsselland")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    with page.expect_navigation():
        page.get_by_role("link", name="Medewerkerspeiling", exact=True).click()
    check_page(page)
    table = page.get_by_test_id("survey-results")
    headings = table.locator("thead th").all_inner_texts()
    assert headings[1:] == ["Medewerkerspeiling 2021", "Medewerkerspeiling 2026"]
    responses = table.locator("tr[data-row=responses] td").all_inner_texts()
    assert responses == ["112", "<5"]  # one answer: in the table, but not shown as one
    sexual = table.locator("tr[data-row=suspected]").first.locator("td").all_inner_texts()
    assert sexual == ["46%", "–"]  # a hidden share is a dash, explained on the page
    page.screenshot(path=SCREENSHOT, full_page=True)
