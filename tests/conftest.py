"""Fixtures for every test. Helpers (signing in, reporting, ...) are in tests/helpers.py.

The demo world (IJsselland and Zeeland: municipalities, partners, tables, shelter places and a user
for every role; no signals) is loaded once per test session, into the test database right after
it is migrated. Every test that uses the database runs in a transaction that is rolled back after
it, so a test starts from the world as loaded whatever the tests before it added or changed; what
a test needs beyond the world (signals, cases, ...) its own fixtures make, per test.

Tests on the transactional database (the browser tests, with a live server) run after all others
(pytest-django orders them so) and empty the database when they end; they load what they need.
"""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from ketenzicht.accounts.models import User
from ketenzicht.demo import loader

WORLD = ("IJsselland", "Zeeland")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash passwords with a cheap hasher in tests, as Django's documentation advises: the
    installation's PBKDF2 takes a noticeable fraction of a second per password by design, and tests
    set and check passwords by the hundred. What is tested (which password opens which account,
    lock-outs, validation) does not depend on the hasher."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, migrated, with the demo world loaded once."""
    with django_db_blocker.unblock():
        loader.load(regions=WORLD, with_signals=False)


@pytest.fixture
def world(db):
    """IJsselland and Zeeland with their municipalities, partners and a user for every role; no signals."""
    if not User.objects.filter(username="liaison.zwolle").exists():  # emptied by a transactional test before
        loader.load(regions=WORLD, with_signals=False)
    return User.objects


@pytest.fixture
def empty_db(db):
    """A database without the world (nor anything else but what migrating makes), for the tests of
    loading the demo itself. Emptied inside the test's transaction: the world is back afterwards."""
    call_command("flush", interactive=False, verbosity=0)
    yield
    ContentType.objects.clear_cache()  # it holds the content types made again after emptying, rolled back


@pytest.fixture
def empty_queue(transactional_db):
    """procrastinate's tables are not Django's to empty after a transactional test: this test empties them."""
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
                           "procrastinate_workers CASCADE")
