"""Training and awareness in the browser (issue 19 item 1): the analyst of IJsselland sees the staff
trained per sector beside the signals per sector on the dashboard, for the region and for one
municipality; Zwolle's liaison records a session (a bad number first: refused, nothing lost).
Every page checked (styles, unique ids, axe WCAG 2.1 AA)."""
from datetime import timedelta

from django.utils import timezone

from ketenzicht.insights.selection import calendar_periods
from ketenzicht.prevention import services
from ketenzicht.prevention.models import TrainingSession
from ketenzicht.regions.models import Municipality, Region, Sector

from ..helpers import check_page, login, signal, user

SCREENSHOT = "/tmp/h_prevention_dashboard.png"  # nosec B108: a test's picture, for a person to look at


def _last_quarter():
    _group, quarters = calendar_periods(timezone.localdate())[1]
    key, _label, start, _end = quarters[0]
    return key, start


def _cells(page, sector):
    row = page.locator(f"#figure-training tr[data-row='{sector}'] td")
    return row.nth(0).inner_text().strip(), row.nth(1).inner_text().strip()


def test_the_analyst_sees_trained_staff_beside_signals_per_sector(live_world, new_page):
    key, start = _last_quarter()
    region = Region.objects.get(slug="ijsselland")
    zwolle, deventer = Municipality.objects.get(name="Zwolle"), Municipality.objects.get(name="Deventer")
    services.record_session(user("liaison.zwolle"), region, {
        "municipality": zwolle, "held_on": start + timedelta(days=5),
        "participants": [(Sector.POLICE, 12), (Sector.CARE, 6)]})
    services.record_session(user("liaison.deventer"), region, {
        "municipality": deventer, "held_on": start + timedelta(days=9), "participants": [(Sector.SOCIAL_TEAM, 8)]})
    for day in range(6):
        signal("liaison.zwolle", "GM0193", start + timedelta(days=day + 1))
    base = live_world.url

    analyst = new_page()
    login(analyst, base, "analyst.ijsselland")
    analyst.wait_for_url(lambda url: "/inloggen" not in url)
    analyst.goto(f"{base}/cijfers?period={key}")  # the dashboard, the last quarter chosen
    check_page(analyst)
    table = analyst.locator("#figure-training")
    assert "Getraind per sector naast signalen per sector" in table.inner_text()
    # Trained staff are shown exactly; signals as every count (rounded down to fives, "<5" when small).
    assert _cells(analyst, "politie") == ("12", "<5")
    assert _cells(analyst, "wijkteam") == ("8", "<5")
    assert _cells(analyst, "gemeente") == ("0", "5")  # six signals; nobody of the municipality trained
    assert _cells(analyst, "onderwijs") == ("0", "<5")  # never trained: a row all the same
    table.scroll_into_view_if_needed()
    analyst.screenshot(path=SCREENSHOT, full_page=False)

    analyst.get_by_label("Gemeente", exact=True).select_option(label="Deventer")
    analyst.get_by_role("button", name="Cijfers tonen").click()
    check_page(analyst)
    assert _cells(analyst, "politie") == ("0", "<5") and _cells(analyst, "wijkteam") == ("8", "<5")



def test_the_liaison_records_a_session(live_world, new_page):
    zwolle = Municipality.objects.get(name="Zwolle")
    liaison = new_page()
    login(liaison, live_world.url, "liaison.zwolle")
    liaison.get_by_role("link", name="Preventie").click()
    check_page(liaison)
    assert "Kampen" in liaison.get_by_test_id("untrained").inner_text()
    liaison.get_by_role("link", name="Trainingen", exact=True).click()
    check_page(liaison)
    liaison.get_by_role("link", name="Training vastleggen").click()
    check_page(liaison)
    liaison.get_by_label("Datum").fill(timezone.localdate().isoformat())
    liaison.get_by_label("Interventie").select_option(label="Mensenhandel Academy")
    liaison.get_by_label("Evaluatie").fill("Praktisch; vervolg over arbeidsuitbuiting gewenst.")
    liaison.locator("[name='participants-0-sector']").select_option("handhaving")
    liaison.locator("[name='participants-0-participants']").fill("0")
    liaison.get_by_role("button", name="Training vastleggen").click()
    check_page(liaison)
    assert "ten minste 1" in liaison.locator(".kz-error-summary").inner_text()
    assert liaison.get_by_label("Evaluatie").input_value().startswith("Praktisch")  # nothing typed is lost
    liaison.locator("[name='participants-0-participants']").fill("14")
    liaison.get_by_role("button", name="Training vastleggen").click()
    assert "Training vastgelegd" in liaison.locator(".kz-messages").inner_text()
    check_page(liaison)
    assert "Handhaving / toezicht: 14" in liaison.get_by_test_id("sessions").inner_text()
    assert TrainingSession.objects.filter(municipality=zwolle, held_on=timezone.localdate()).get().total == 14
