"""Issue 18, done means: Zwolle's licensing officer registers permits up to the APV's maximum of 10
(seed 000) in a browser, sees the places left go down, and the 11th is refused with a clear Dutch
error, nothing typed lost; axe on every page."""
import os
from datetime import timedelta

from django.utils import timezone

from ketenzicht.permits.models import Permit

from ..helpers import check_page, login

SCREENSHOT = os.environ.get("KETENZICHT_SCREENSHOTS")  # a directory to keep the page's picture in


def register(page, base, n, kind):
    today = timezone.localdate()
    page.goto(f"{base}/vergunningen/nieuw")
    if n in (1, 10):
        check_page(page)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Naam bedrijf").fill(f"Bedrijf {n}")
    page.get_by_label("KvK-nummer").fill(f"{80000000 + n}")
    page.get_by_label("Adres").fill(f"Havenstraat {n}, Zwolle")
    page.get_by_label("Geldig vanaf").fill(today.isoformat())
    page.get_by_label("Geldig tot en met").fill((today + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Vergunning registreren").click()
    page.wait_for_load_state()


def test_the_licensing_officer_registers_up_to_the_maximum_and_the_eleventh_is_refused(live_world, new_page):
    page = new_page()
    login(page, live_world.url, "vergunningen.zwolle")
    check_page(page)
    assert page.url.endswith("/vergunningen")  # the licensing officer's work starts at the register
    assert "Nog 10 plaatsen vrij" in page.get_by_test_id("places").inner_text()
    for n in range(1, 11):
        register(page, live_world.url, n, "Escortbedrijf" if n % 3 == 0 else "Seksinrichting")
        assert f"Vergunning V-{Permit.objects.get(business_name=f'Bedrijf {n}').pk} geregistreerd." in \
            page.locator(".kz-messages").inner_text()
        if n == 9:
            check_page(page)
    page.goto(f"{live_world.url}/vergunningen")
    check_page(page)
    assert "Nog 0 plaatsen vrij" in page.get_by_test_id("places").inner_text()
    assert "10 van ten hoogste 10 vergunningen geldig" in page.get_by_test_id("places").inner_text()

    register(page, live_world.url, 11, "Seksinrichting")
    check_page(page)
    summary = page.locator("[data-error-summary]").inner_text()
    assert "Het maximum is bereikt" in summary and "ten hoogste 10" in summary and "al 10 geldig" in summary
    assert page.get_by_label("Naam bedrijf").input_value() == "Bedrijf 11"  # nothing typed is lost
    assert "Nog 0 plaatsen vrij" in page.get_by_test_id("places").inner_text()
    if SCREENSHOT:
        page.screenshot(path=os.path.join(SCREENSHOT, "permits_refused.png"), full_page=True)
    assert Permit.objects.count() == 10
