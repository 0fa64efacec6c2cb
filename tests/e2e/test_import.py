"""Issue 21, item 3 in the browser: the police's user uploads the example referral list, reads the
dry run's report, confirms, watches the progress bar reach the end, and finds the signals among
their own. Every page checked (styles, unique ids, axe WCAG 2.1 AA)."""
from pathlib import Path

import ketenzicht

from ..helpers import check_page, login

EXAMPLE = Path(ketenzicht.__file__).parent / "static" / "ketenzicht" / "voorbeeld-import.csv"
SCREENSHOT = "/tmp/h_import_report.png"  # nosec B108: a test's picture, for a person to look at
DONE_SCREENSHOT = "/tmp/h_import_done.png"  # nosec B108


def test_the_police_imports_the_example_referral_list(live_world, new_page):
    base = live_world.url
    page = new_page()
    login(page, base, "police.ijsselland")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    with page.expect_navigation():
        page.get_by_role("link", name="Signalen importeren", exact=True).click()
    check_page(page)
    page.get_by_label("Bestand met signalen (CSV of JSON, UTF-8, ten hoogste 5 MB)").set_input_files(str(EXAMPLE))
    with page.expect_navigation():
        page.get_by_role("button", name="Controleren").click()
    check_page(page)
    summary = page.get_by_test_id("import-summary")
    assert summary.locator("[data-rows]").inner_text() == "5"
    assert summary.locator("[data-valid]").inner_text() == "5"
    assert "Alle 5 regels zijn goed. Er is nog niets ingelezen." in page.content()
    page.screenshot(path=SCREENSHOT, full_page=True)

    with page.expect_navigation():
        page.get_by_role("button", name="5 signalen inlezen").click()
    check_page(page)
    progress = page.get_by_test_id("import-progress")
    progress.and_(page.locator("[data-state=done]")).wait_for(timeout=30_000)
    bar = page.locator("#import-progress-bar")
    assert (bar.get_attribute("max"), bar.get_attribute("value")) == ("5", "5")
    assert "5 van 5 signalen ingelezen." in page.get_by_test_id("import-progress").inner_text()
    check_page(page)
    page.screenshot(path=DONE_SCREENSHOT, full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Naar de signalen").click()
    check_page(page)
    rows = page.locator("tbody tr")
    assert rows.count() == 5
    assert "Zwolle" in rows.all_inner_texts()[0] or any("Zwolle" in text for text in rows.all_inner_texts())
