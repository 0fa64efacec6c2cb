"""Care in the browser: the coordinator opens a trajectory from a case's care track, records
consent, finds a place for a minor, places her and hands the dossier over; axe on every page."""
import re

from django.utils import timezone

from ketenzicht.regions.models import Organisation

from ..helpers import case_with_care_track, check_page, login


def test_care_from_track_to_hand_over(live_world, new_page):
    case = case_with_care_track()
    base = live_world.url

    care = new_page()
    login(care, base, "care.ijsselland")
    care.goto(f"{base}/casussen/{case.pk}")
    care.get_by_role("link", name="Zorgtraject openen voor dit spoor").click()
    check_page(care)
    care.get_by_label("Naam").fill("Lisa de Vries")
    care.get_by_label("Geboortedatum").fill("2009-03-14")
    care.get_by_label("Veilige opvang").check()
    care.get_by_role("button", name="Traject openen").click()
    check_page(care)
    care.get_by_label("Toestemming voor").select_option("comensha")
    care.get_by_label("Gegeven op").fill(timezone.localdate().isoformat())
    care.get_by_role("button", name="Toestemming vastleggen").click()
    assert "Registratie bij CoMensha" in care.get_by_test_id("consents").inner_text()
    care.get_by_label("Opvangplek").select_option(label="Opvang IJsselland — Minderjarigen")
    care.get_by_role("button", name="Plaatsen").click()
    assert "geen toestemming" in care.locator(".kz-error-summary").inner_text()  # the provider learns who comes
    check_page(care)
    shelter = Organisation.objects.get(name="Opvang IJsselland")
    care.get_by_label("Toestemming voor").select_option("share")
    care.get_by_label("Partner (bij delen)").select_option(str(shelter.pk))
    care.get_by_label("Gegeven op").fill(timezone.localdate().isoformat())
    care.get_by_role("button", name="Toestemming vastleggen").click()
    care.get_by_label("Opvangplek").select_option(label="Opvang IJsselland — Minderjarigen")
    care.get_by_role("button", name="Plaatsen").click()
    assert "Geplaatst" in care.locator(".kz-messages").inner_text()
    check_page(care)
    care.get_by_label("Ontvangende organisatie").select_option(str(shelter.pk))
    care.get_by_label("Wat wordt overgedragen").fill("Intake, afspraken en contactpersonen")
    care.get_by_role("button", name="Dossier overdragen").click()
    assert "Dossier overgedragen" in care.locator(".kz-messages").inner_text()
    care.locator("#phase_form_phase").select_option("begeleiding")
    care.get_by_role("button", name="Fase vastleggen").click()
    assert care.get_by_test_id("care-phase").inner_text() == "Begeleiding en uitvoering"
    care.get_by_role("link", name="Zorg", exact=True).click()
    check_page(care)

    officer = new_page()
    login(officer, base, "police.ijsselland")
    officer.goto(f"{base}/casussen/{case.pk}")
    assert officer.get_by_test_id("care-status").inner_text() == "Zorgspoor: begeleiding en uitvoering, niet geblokkeerd"
    assert "Lisa" not in officer.content()

    provider = new_page()
    login(provider, base, "opvang.ijsselland")
    provider.goto(f"{base}/opvangplekken")
    check_page(provider)
    provider.get_by_role("link", name="Berichten", exact=False).first.click()
    provider.get_by_role("link", name=re.compile(r"^Zorgdossier \w+ overgedragen")).first.click()
    assert "Lisa de Vries" in provider.content()  # the receiving organisation reads the dossier
    check_page(provider)
