"""Issue 21, item 1 in the browser: the region's administrator finds the failed background jobs from
the set-up page, reads what each job does in words with its error, and discards one. On the embedded
SQLite database the page says why there are none. Every page checked (styles, ids, axe)."""
import threading

from django.db import connection

from ketenzicht.jobs import queue
from ketenzicht.jobs.models import Failure
from ketenzicht.regions.models import Region

from ..helpers import check_page, login
from ..jobs import tasks

assert tasks.fails  # the failing job, registered

SCREENSHOT = "/tmp/h_dead_letters.png"  # nosec B108: a test's picture, for a person to look at


def test_the_administrator_discards_a_failed_job(live_world, new_page, empty_queue):
    postgres = connection.vendor == "postgresql"
    if postgres:  # a job that fails for good, through the real worker: a dead letter of IJsselland
        assert queue.defer("tests.fails", region=Region.objects.get(slug="ijsselland").pk)
        # in a thread of its own: the browser's event loop runs in this one
        worker = threading.Thread(target=queue.run_worker, kwargs={
            "wait": False, "queues": ["tests"], "install_signal_handlers": False})
        worker.start()
        worker.join(60)
        failed = Failure.objects.get()
    base = live_world.url
    page = new_page()
    login(page, base, "admin.ijsselland")
    page.goto(f"{base}/inrichting/ijsselland")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Mislukte achtergrondtaken").click()
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Mislukte achtergrondtaken — IJsselland"
    if not postgres:
        assert "ingebouwde SQLite-database" in page.content()
        page.screenshot(path=SCREENSHOT, full_page=True)
        return
    row = page.locator(f"tr[data-job='{failed.job_id}']")
    assert "Gegevens naar de partner sturen" in row.inner_text() and "ConnectionError" in row.inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)
    with page.expect_navigation():
        row.get_by_role("button", name="Verwijderen").click()
    check_page(page)
    assert "De taak is verwijderd." in page.content() and "Geen mislukte taken." in page.content()
    assert not Failure.objects.exists()
