"""Issue 19's cost allocation in the browser: Zwolle's liaison opens IJsselland's care coordinator
2022 from the menu, sees seed 001 §4.4's amounts and the stated cent, and downloads the split as
Excel and PDF for the council letter; the administrator's form passes the same checks. Every page
checked (styles, unique ids, axe WCAG 2.1 AA)."""
import io

from openpyxl import load_workbook

from ..helpers import check_page, login

SCREENSHOT = "/tmp/h_costs_allocation.png"  # nosec B108: a test's picture, for a person to look at


def test_a_liaison_opens_the_allocation_and_downloads_it(live_world, new_page):
    base = live_world.url
    page = new_page()
    login(page, base, "liaison.zwolle")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    with page.expect_navigation():
        page.get_by_role("link", name="Kostenverdeling", exact=True).click()
    check_page(page)
    assert page.url.endswith("/kosten/ijsselland")
    with page.expect_navigation():
        page.get_by_role("link", name="Zorgcoördinator mensenhandel").click()
    check_page(page)
    table = page.get_by_test_id("allocation")
    assert table.locator("[data-municipality=GM0166] [data-share]").inner_text() == "€ 8.265,62"
    assert table.locator("[data-municipality=GM0193] [data-percentage]").inner_text() == "24,28%"
    assert table.locator("[data-total] [data-share]").inner_text() == "€ 81.147,99"
    assert "€ 0,01 minder dan het budget" in page.get_by_test_id("difference").inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)

    with page.expect_download() as excel:
        page.get_by_role("link", name="Downloaden als Excel").click()
    sheet = load_workbook(io.BytesIO(open(excel.value.path(), "rb").read())).active
    assert [row[0].value for row in sheet.iter_rows(min_row=3, max_row=4)] == ["Dalfsen", "Deventer"]
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Downloaden als PDF (voor de raadsbrief)").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"


def test_the_administrators_form_is_accessible(live_world, new_page):
    base = live_world.url
    page = new_page()
    login(page, base, "admin.ijsselland")
    page.wait_for_url(lambda url: "/inloggen" not in url)
    page.goto(f"{base}/inrichting/ijsselland/kosten")
    check_page(page)
    page.get_by_label("Jaar").fill("2023")
    page.get_by_label("Omschrijving (Nederlands)").fill("Scholing")
    page.get_by_label("Omschrijving (Engels)").fill("Training")
    page.get_by_label("Bedrag in euro").fill("-5,00")
    page.get_by_label("Naar inwonertal", exact=True).check()
    page.get_by_label("Peildatum inwoners").fill("2021-01-01")
    page.get_by_label("Laten staan: het verschil wordt vermeld").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    check_page(page)
    assert "Het bedrag kan niet negatief zijn." in page.content()
    assert page.get_by_label("Omschrijving (Nederlands)").input_value() == "Scholing"
