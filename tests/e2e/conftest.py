"""Browser tests: Playwright driving Debian's Chromium, axe-core checking every page (WCAG 2.1 AA)."""
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from ketenzicht.demo import loader

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Every test in this directory is a browser test (`-m "not e2e"` leaves them out), and they run
    after all others: Playwright's sync API keeps an event loop running in the main thread for the
    rest of the session, in which no other test could start one (the job queue's worker does)."""
    here = str(Path(__file__).parent)
    browser = [item for item in items if str(item.fspath).startswith(here)]
    for item in browser:
        item.add_marker(pytest.mark.e2e)
    items[:] = [item for item in items if not str(item.fspath).startswith(here)] + browser


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("KETENZICHT_REQUIRE_BROWSER"):  # set by .ci/run: there a missing browser is a failure
            pytest.fail("Debian's chromium is missing at /usr/bin/chromium")
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_delivery_thread(settings):
    """The live server's SQLite database is one in-memory database shared by threads, whose table
    locks do not wait: the outbox's delivery thread beside the server made its requests fail at
    random ("database table is locked"). No browser test reads a notification's e-mail; the outbox
    is tested on its own (tests/notifications/test_outbox.py)."""
    settings.KETENZICHT_DELIVER_IN_PROCESS = False


@pytest.fixture
def live_world(transactional_db, live_server):
    """IJsselland alone, served by a live server. Browser tests run after the others, on a database
    that the test before emptied, or that still holds the session's world (tests/conftest.py):
    emptied first, so that every browser test starts from the same."""
    call_command("flush", interactive=False, verbosity=0)
    loader.load(regions=("IJsselland",), with_signals=False)
    return live_server


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        # bypass_csp lets the test inject axe-core; the product's own pages run no inline script
        context = browser.new_context(bypass_csp=True, locale="nl-NL")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
