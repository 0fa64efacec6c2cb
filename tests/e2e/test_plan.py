"""Issue 19's done-means for the plan of approach: IJsselland's analyst opens the plan, sees which
actions are late (in words, not colour alone), and downloads the monitor PDF with its plan section.
Every page checked (styles, unique ids, axe WCAG 2.1 AA)."""
import subprocess  # nosec B404: pdftotext on the downloaded file

from ..helpers import check_page, login

SCREENSHOT = "/tmp/h_plan.png"  # nosec B108: a test's picture, for a person to look at


def test_the_analyst_sees_the_late_actions_and_downloads_the_monitor_with_the_plan(live_world, new_page):
    page = new_page()
    login(page, live_world.url, "analyst.ijsselland")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    with page.expect_navigation():
        page.get_by_role("link", name="Plan van aanpak", exact=True).click()
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Plan van Aanpak Mensenhandel IJsselland"
    late = page.locator("#te-laat")
    assert "Te laat: 3 acties" in late.inner_text()
    assert "Elke gemeente wijst een aandachtsfunctionaris mensenhandel aan" in late.inner_text()
    row = page.locator("tr", has_text="Uniform regionaal handhavingskader")
    assert "te laat" in row.inner_text()
    assert "te laat" not in page.locator("tr", has_text="Tussenevaluatie").inner_text()  # done in time
    assert "1 van 3 acties afgerond" in page.locator("main").inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Monitor met het plan downloaden").click()
    check_page(page)
    page.get_by_label("Periode", exact=True).select_option(index=6)  # a quarter that has ended, within the plan
    page.get_by_role("button", name="Periode kiezen").click()
    check_page(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download als PDF").click()
    text = subprocess.run(["pdftotext", "-layout", pdf.value.path(), "-"], capture_output=True, text=True,  # nosec
                          check=True).stdout
    assert "Plan van aanpak" in text and "acties over hun deadline" in text
    assert "Uniform regionaal handhavingskader" in text


def test_the_analyst_builds_a_new_plan_on_the_pages(live_world, new_page):
    """A plan made on the pages gets its lines of work and actions there (the browser walk found
    no way to add a line); a deadline after the plan is refused on its field, what was typed kept."""
    page = new_page()
    base = live_world.url
    login(page, base, "analyst.ijsselland")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    page.goto(f"{base}/plan/nieuw/ijsselland")
    check_page(page)
    page.locator("[name=title]").fill("Plan 2027-2030")
    page.locator("[name=starts_on]").fill("2027-01-01")
    page.locator("[name=ends_on]").fill("2030-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Ambitie of spoor toevoegen").click()
    check_page(page)
    page.get_by_label("Ambitie").check()
    page.locator("[name=title]").fill("Meer zicht op mensenhandel")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    check_page(page)
    with page.expect_navigation():
        page.locator("[data-add-action]").click()
    page.locator("[name=title]").fill("Nulmeting")
    page.locator("[name=owner]").fill("Analist")
    page.locator("[name=deadline]").fill("2031-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    check_page(page)
    assert "buiten de looptijd van het plan" in page.locator("[data-error-summary]").inner_text()
    assert page.locator("[name=title]").input_value() == "Nulmeting"
    page.locator("[name=deadline]").fill("2027-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Vastleggen").click()
    check_page(page)
    assert "Ambitie 1 – Meer zicht op mensenhandel" in page.locator("main").inner_text()
    assert "Nulmeting" in page.locator("tr", has_text="Nulmeting").inner_text()
