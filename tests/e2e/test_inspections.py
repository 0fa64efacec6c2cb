"""Integral inspection in the browser (issue 18, done means): Kampen's liaison plans an inspection
with the labour inspectorate, the inspectorate records a finding and makes it a signal in one step,
and Kampen's liaison finds that signal in the inbox; axe on every page."""
import re
from datetime import date

from ketenzicht.inspections.models import Finding
from ketenzicht.regions.models import Organisation, Sector

from ..helpers import check_page, login


def test_a_finding_of_an_inspection_in_kampen_becomes_a_signal_in_its_inbox(live_world, new_page):
    base = live_world.url
    inspectorate = Organisation.objects.get(region__slug="ijsselland", sector=Sector.LABOUR_INSPECTION)

    liaison = new_page()
    login(liaison, base, "liaison.kampen")
    liaison.get_by_role("link", name="Controles").click()
    check_page(liaison)
    liaison.get_by_role("link", name="Controle plannen").click()
    check_page(liaison)
    liaison.get_by_label("Datum controle").fill(date(2026, 11, 26).isoformat())
    liaison.get_by_label("Bedrijf").fill("Kwekerij De Kamp BV")
    liaison.get_by_role("button", name="Controle plannen").click()  # without KvK-nummer or partners
    assert "KvK-nummer" in liaison.locator(".kz-error-summary").inner_text()
    assert liaison.get_by_label("Bedrijf").input_value() == "Kwekerij De Kamp BV"  # nothing typed is lost
    check_page(liaison)
    liaison.get_by_label("KvK-nummer").fill("70001234")
    liaison.get_by_label("Adres").fill("Zuiderzeestraatweg 3, Kampen")
    liaison.get_by_label(f"{inspectorate.name} ({inspectorate.get_sector_display()})").check()
    liaison.get_by_role("button", name="Controle plannen").click()
    assert "Controle gepland" in liaison.locator(".kz-messages").inner_text()
    check_page(liaison)

    inspector = new_page()
    login(inspector, base, "melder.arbeidsinspectie.ijsselland")
    inspector.get_by_role("link", name="Controles").click()
    inspector.get_by_role("link", name="IC-").first.click()
    check_page(inspector)
    inspector.get_by_role("textbox", name=re.compile(r"^Bevinding")).fill("Zes werknemers zonder contract; paspoorten bij de voorman.")
    inspector.get_by_label("Deze bevinding wijst op mensenhandel").check()
    inspector.get_by_role("button", name="Bevinding vastleggen").click()
    assert "Bevinding vastgelegd" in inspector.locator(".kz-messages").inner_text()
    check_page(inspector)
    inspector.get_by_label("Arbeidsuitbuiting").check()
    inspector.get_by_role("button", name="Maak hier een signaal van").click()
    message = inspector.locator(".kz-messages").inner_text()
    assert "in de inbox van Kampen" in message
    check_page(inspector)
    signal = Finding.objects.get().signal
    assert signal is not None and signal.reference in message
    assert inspector.get_by_role("button", name="Maak hier een signaal van").count() == 0  # once only

    liaison.goto(f"{base}/signalen")
    check_page(liaison)
    liaison.get_by_role("link", name=signal.reference).first.click()
    check_page(liaison)
    assert "integrale controle IC-" in liaison.content() and "paspoorten" in liaison.content()
    liaison.screenshot(path="/tmp/h_measures_signal.png", full_page=True)
