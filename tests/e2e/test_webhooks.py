"""The region's administrator subscribes a partner's system to webhooks in a real browser, sees its secret
once, and reads the delivery log after a signal reached a real receiver on 127.0.0.1; a private address is
refused on the page. Every page checked (styles, ids, axe WCAG 2.1 AA); a screenshot in var/."""
from pathlib import Path

from ketenzicht.webhooks import delivery
from ketenzicht.webhooks.models import Subscription

from ..helpers import check_page, login, report_as
from ..webhooks.conftest import Receiver

SHOTS = Path(__file__).resolve().parents[2] / "var"


def test_the_administrator_subscribes_a_partner_and_reads_the_log(live_world, new_page, settings):
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = True
    receiver = Receiver()
    receiver.start()
    try:
        base = live_world.url
        page = new_page()
        login(page, base, "admin.ijsselland")
        page.goto(f"{base}/inrichting/ijsselland")
        page.get_by_role("link", name="Webhooks voor partnersystemen").click()
        page.wait_for_load_state()
        check_page(page)

        page.locator("#id_organisation").select_option(label="Gemeente Zwolle")
        page.locator("#id_url").fill("https://10.0.0.8/hook")
        page.get_by_label("Signaal ontvangen in een gemeente van de organisatie").check()
        page.get_by_role("button", name="Toevoegen").click()
        page.wait_for_load_state()
        check_page(page)
        assert "intern of gereserveerd netwerkadres" in page.inner_text("main")
        assert page.locator("#id_url").input_value() == "https://10.0.0.8/hook"

        page.locator("#id_url").fill(receiver.url)
        page.get_by_role("button", name="Toevoegen").click()
        page.wait_for_load_state()
        check_page(page)
        secret = page.locator("[data-secret]").inner_text().strip()
        assert secret.startswith("whsec_") and secret == Subscription.objects.get().secret
        receiver.secrets.append(secret)

        report_as("reporter.zwolle")
        assert delivery.deliver_all() == 1 and receiver.received[0]["verified"]
        page.get_by_role("link", name="Naar de webhook").click()
        page.wait_for_load_state()
        check_page(page)
        row = page.locator("tr[data-delivery]")
        assert row.count() == 1 and "signal.received" in row.inner_text() and "204" in row.inner_text()
        assert "Afgeleverd" in row.inner_text() and secret not in page.content()
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "webhooks-detail.png"), full_page=True)

        page.get_by_role("button", name="Pauzeren").click()
        page.wait_for_load_state()
        check_page(page)
        assert not Subscription.objects.get().active
        page.goto(f"{base}/inrichting/ijsselland/webhooks")
        check_page(page)
        page.screenshot(path=str(SHOTS / "webhooks-list.png"), full_page=True)
    finally:
        receiver.stop()
