"""An administrative measure in the browser: Zwolle's mayor's office records a closure, is told the
legal ground is missing (nothing typed lost), records it and signs it; axe on every page."""
from ketenzicht.measures.models import Measure

from ..helpers import check_page, login


def test_the_mayors_office_records_and_signs_a_closure(live_world, new_page):
    base = live_world.url
    page = new_page()
    login(page, base, "burgemeester.zwolle")
    page.goto(f"{base}/maatregelen")
    check_page(page)
    page.get_by_role("link", name="Nieuwe maatregel").click()
    check_page(page)
    page.get_by_label("Datum besluit").fill("2026-11-20")
    page.get_by_label("Adres").fill("Diezerstraat 1, Zwolle")
    page.get_by_role("button", name="Maatregel vastleggen").click()
    assert "wettelijke grondslag" in page.locator(".kz-error-summary").inner_text()
    assert page.get_by_label("Adres").input_value() == "Diezerstraat 1, Zwolle"
    check_page(page)
    page.get_by_label("Wettelijke grondslag").select_option("gemeentewet-174")
    page.get_by_role("button", name="Maatregel vastleggen").click()
    check_page(page)
    page.get_by_role("button", name="Maatregel ondertekenen").click()
    assert "burgemeester.zwolle" in page.get_by_test_id("signed").inner_text() or \
        "Bureau burgemeester" in page.get_by_test_id("signed").inner_text()
    check_page(page)
    assert Measure.objects.get().is_signed
