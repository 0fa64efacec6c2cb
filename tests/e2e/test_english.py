"""The product in English, walked in a browser (locale en-GB, so the browser asks for English):
the main pages of the liaison, the chair and the care coordinator show no Dutch route text — stage
and transition names, track kinds, feedback and public statuses come from the route definition's
translations — and no internal codes; check_page on every page."""
import re

from ketenzicht.care import services as care
from ketenzicht.demo.loader import password
from ketenzicht.regions.models import Municipality

from ..helpers import case_with_care_track, check_page, current_code, dutch_route_texts, internal_codes, report_as, user


def english_page(browser, base, username):
    """A browser that asks for English (Accept-Language from the locale), signed in."""
    page = browser.new_context(bypass_csp=True, locale="en-GB").new_page()
    page.goto(f"{base}/inloggen")
    check_page(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password())
    page.get_by_label("Code from your authenticator app").fill(current_code(username))
    page.get_by_role("button", name="Log in").click()
    return page


def dutch_in(text, dutch):
    """The Dutch route texts that appear in the text as words of their own (an organisation called
    "Zorg- en Veiligheidshuis" is no route text)."""
    return sorted(t for t in dutch if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text))


def walk(page, base, paths, dutch):
    for path in paths:
        page.goto(f"{base}{path}")
        check_page(page)
        text = page.inner_text("main")
        assert page.locator("html").get_attribute("lang") == "en", path
        assert dutch_in(text, dutch) == [], (path, dutch_in(text, dutch))
        assert internal_codes(text) == [] and "→" not in text, (path, internal_codes(text))


def test_liaison_chair_and_care_coordinator_read_no_dutch_route_text(live_world, browser):
    case = case_with_care_track(decision="Care first")
    signal, meeting = case.signals.get(), case.table.meetings.get()
    other = report_as("liaison.deventer", lead_municipality="GM0150", other_municipalities=[])[0]
    trajectory = care.open_trajectory(user("care.ijsselland"), name="Lisa", municipality=Municipality.objects.get(
        cbs_code="GM0150"), is_minor=True, track=case.tracks.get())
    dutch = dutch_route_texts(signal.route.definition)
    assert {"Verrijking", "In behandeling nemen", "Zorg"} <= dutch
    base = live_world.url

    page = english_page(browser, base, "liaison.deventer")
    walk(page, base, ["/signalen", f"/signalen/{signal.pk}", f"/signalen/{other.pk}"], dutch)
    page.goto(f"{base}/signalen/{other.pk}")
    assert "Take up" in page.inner_text("main") and "Received" in page.inner_text("main")

    page = english_page(browser, base, "chair.ijsselland")
    walk(page, base, ["/casussen", f"/casussen/{case.pk}", f"/tafels/{case.table_id}", f"/overleggen/{meeting.pk}"],
         dutch)
    page.goto(f"{base}/casussen/{case.pk}")
    assert "Tracks under way (monitoring)" in page.inner_text("main") and "Care" in page.inner_text("main")

    page = english_page(browser, base, "care.ijsselland")
    walk(page, base, ["/zorg", f"/zorg/{trajectory.pk}", f"/casussen/{case.pk}", "/taken"], dutch)
