"""The meldroute-wijzer in a browser: a citizen with the keyboard alone (Tab, Enter, Space; no mouse)
goes from the region's public page through the steps to Zwolle's liaison's contact details; the same
in English; and the A4 print view. axe-clean and styled on every page (check_page).

Set KETENZICHT_SCREENSHOTS to a directory to keep screenshots of the pages for a look."""
import os
import re
from pathlib import Path

from ketenzicht.wijzer.models import Liaison

from ..helpers import check_page, login

SHOTS = os.environ.get("KETENZICHT_SCREENSHOTS")


def shot(page, name, **kwargs):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, **kwargs)


def focused_text(page):
    return page.evaluate("() => (document.activeElement && document.activeElement.innerText || '').trim()")


def tab_to(page, text, limit=60):
    """Press Tab until the focused element reads `text`: what a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page).startswith(text):
            return
    raise AssertionError(f"{text!r} is not reachable with Tab on {page.url}")


def choose(page, text, key="Enter"):
    tab_to(page, text)
    with page.expect_navigation():
        page.keyboard.press(key)
    check_page(page)


def test_a_citizen_reaches_zwolles_liaison_with_the_keyboard_only(live_world, new_page):
    liaison = Liaison.objects.get(municipality__cbs_code="GM0193")
    page = new_page()
    page.goto(f"{live_world.url}/regio/ijsselland")
    check_page(page)
    choose(page, "Twijfelt u waar u moet melden?")
    assert page.get_by_role("heading", name="Vraag 1: Wie bent u?").is_visible()
    shot(page, "1-wie")
    choose(page, "Inwoner, buurtbewoner of familielid", key="Space")
    choose(page, "Iemand werkt onder dwang")
    assert page.get_by_role("heading", name="Vraag 3: Is er nu direct gevaar?").is_visible()
    choose(page, "Nee, niet op dit moment")
    shot(page, "4-gemeente")
    choose(page, "Zwolle")
    primary = page.get_by_test_id("place-liaison")
    assert primary.get_by_role("heading", name="Aandachtsfunctionaris mensenhandel van Zwolle").is_visible()
    text = primary.inner_text()
    assert liaison.name in text and liaison.phone in text and liaison.email in text
    assert primary.get_by_role("link", name=liaison.email).get_attribute("href") == f"mailto:{liaison.email}"
    assert page.get_by_test_id("place-labour_inspectorate").is_visible()  # labour: the inspectorate too
    shot(page, "5-uitkomst")
    # the answers can be changed from the outcome, with the keyboard too
    choose(page, "wijzigen")
    assert page.get_by_role("heading", name="Vraag 1: Wie bent u?").is_visible()


def test_the_wijzer_in_english(live_world, browser):
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_world.url}/regio/ijsselland/meldroute")
    check_page(page)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Question 1: Who are you?").is_visible()
    assert "In IJsselland a suspicion of human trafficking" in page.inner_text("main")
    shot(page, "en-1-who")
    choose(page, "Care worker, social worker")
    choose(page, "Someone is forced to commit crime")
    choose(page, "No, not at the moment")
    choose(page, "Zwolle")
    main = page.inner_text("main")
    assert "The best place to go" in main and "Veilig Thuis IJsselland" in main
    assert "Human trafficking liaison of Zwolle" in main and "reporting code" in main
    shot(page, "en-5-outcome")
    context.close()


def test_the_a4_prints_the_route_with_zwolles_liaison(live_world, new_page):
    liaison = Liaison.objects.get(municipality__cbs_code="GM0193")
    page = new_page()
    page.goto(f"{live_world.url}/regio/ijsselland/meldroute/afdrukken?municipality=GM0193")
    check_page(page)
    shot(page, "a4-scherm")
    page.emulate_media(media="print")
    assert not page.locator(".kz-header").is_visible() and not page.locator(".kz-footer").is_visible()
    assert not page.get_by_text("Deze pagina is gemaakt om af te drukken").is_visible()
    a4 = page.get_by_test_id("a4").inner_text()
    for number in ("112", "0900-8844", "0800-7000", "0800-2000", "0800-5151", liaison.phone, liaison.email):
        assert number in a4
    shot(page, "a4-afdruk")
    printed = page.pdf(format="A4", print_background=True)  # what the browser prints: one A4
    if SHOTS:
        (Path(SHOTS) / "a4.pdf").write_bytes(printed)
    assert len(re.findall(rb"/Type\s*/Page[^s]", printed)) == 1


def test_the_region_edits_the_directory_and_the_municipality_follows_its_internal_route(live_world, new_page):
    """The administrator's set-up pages (axe clean), a liaison's new number reaching the public
    wijzer at once, a script refused in Dutch; Zwolle's own staff see their internal route."""
    admin = new_page()
    login(admin, live_world.url, "admin.ijsselland")
    admin.goto(f"{live_world.url}/inrichting/ijsselland")
    check_page(admin)
    admin.get_by_role("link", name="Meldroute-wijzer").click()
    check_page(admin)
    shot(admin, "inrichting")
    admin.get_by_role("link", name="Aandachtsfunctionarissen per gemeente").click()
    check_page(admin)
    admin.get_by_role("link", name="Marieke Hofstede").click()
    check_page(admin)
    admin.get_by_label("Telefoon").fill("038-123 45 67")
    admin.get_by_role("button", name="Opslaan").click()
    check_page(admin)
    admin.goto(f"{live_world.url}/inrichting/ijsselland/meldroute/teksten")
    check_page(admin)
    admin.get_by_label("Inleiding (Nederlands)").fill("Meld het <script>alert(1)</script>")
    admin.get_by_role("button", name="Opslaan").click()
    check_page(admin)
    assert "Inleiding: gebruik geen < of > (geen HTML of script)" in admin.inner_text("main")
    assert admin.get_by_label("Inleiding (Nederlands)").input_value() == "Meld het <script>alert(1)</script>"

    citizen = new_page()
    citizen.goto(f"{live_world.url}/regio/ijsselland/meldroute?who=citizen&what=sexual&danger=no&municipality=GM0193")
    check_page(citizen)
    assert "038-123 45 67" in citizen.get_by_test_id("place-liaison").inner_text()

    staff = new_page()
    login(staff, live_world.url, "liaison.zwolle")
    staff.get_by_role("link", name="Meldroute").click()
    check_page(staff)
    choose(staff, "Medewerker van de gemeente")
    choose(staff, "Iemand wordt gedwongen tot misdaad")
    choose(staff, "Nee, niet op dit moment")
    internal = staff.get_by_test_id("place-internal").inner_text()
    assert "De afspraken van Zwolle" in internal and "dezelfde dag bij de aandachtsfunctionaris" in internal
    shot(staff, "intern")
