"""Reads from a read replica (lib/replica.py): only marked views read there, never behind their own
write, and the primary takes over while the replica is down or lags.

The replica is added for a test only (`replica_at`), pointing at the test database's name on
another server: the test database created on the primary reaches a streaming replica by
replication. CI runs a real streaming replica (made with pg_basebackup) and names it in
KETENZICHT_TEST_REPLICA_URL; without one, the test against a real replica is skipped (it says so)."""
import os
import subprocess  # nosec B404
import sys
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext, override_settings

from ketenzicht.lib import replica
from ketenzicht.regions.models import Region

POSTGRESQL = connection.vendor == "postgresql"
REAL_REPLICA = os.environ.get("KETENZICHT_TEST_REPLICA_URL", "")


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """The alias `replica` for this module's tests that ask for it, a mirror of the test database
    to Django's test machinery (never flushed or wrapped in a transaction: it is read-only). Added
    before the test database is opened for a test (module scope), so a test may name it."""
    connections.settings[replica.ALIAS] = dict(connections["default"].settings_dict, CONN_MAX_AGE=0,
                                               TEST={**connections["default"].settings_dict["TEST"], "MIRROR": "default"})
    yield
    connections[replica.ALIAS].close()
    del connections[replica.ALIAS]
    del connections.settings[replica.ALIAS]
    replica.forget()


@contextmanager
def replica_at(host, port):
    """Point the alias `replica` at the test database's name on `host:port`."""
    standby = connections[replica.ALIAS]
    standby.close()
    standby.settings_dict.update(HOST=host, PORT=port)
    replica.forget()
    try:
        yield standby
    finally:
        standby.close()
        replica.forget()


@replica.from_replica
def marked(read):
    return read()


def where(read):
    """Which database a marked read of regions went to, and what it returned (the replica's lag
    check also asks the primary, for its WAL position: not counted)."""
    with CaptureQueriesContext(connection) as primary:
        result = marked(read)
    read_there = any("regions_region" in query["sql"] for query in primary.captured_queries)
    return ("primary" if read_there else "replica"), result


def test_without_a_replica_a_marked_view_reads_from_the_primary(db):
    assert where(lambda: Region.objects.filter(slug="ijsselland").exists()) == ("primary", True)


@pytest.mark.skipif(not POSTGRESQL, reason="a read replica is PostgreSQL's")
@pytest.mark.django_db(databases=["default", replica.ALIAS])
def test_a_replica_that_is_down_leaves_the_reads_to_the_primary(replica_alias, caplog):
    with replica_at("127.0.0.1", "1"):  # nothing listens on port 1
        assert where(lambda: Region.objects.filter(slug="ijsselland").exists()) == ("primary", True)
        assert not replica.usable()
    assert "read replica unavailable" in caplog.text


def test_a_replica_with_sqlite_is_refused(tmp_path):
    run = subprocess.run(  # nosec B603
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DATABASES"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ketenzicht.settings", "KETENZICHT_DEBUG": "1",
             "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
             "KETENZICHT_REPLICA_URL": "postgres://postgres@127.0.0.1:5433/x"},
        capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "KETENZICHT_REPLICA_URL needs a PostgreSQL primary" in run.stderr


def _replicated(alias, slug, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1 FROM regions_region WHERE slug = %s", [slug])
            if cursor.fetchone():
                return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not (POSTGRESQL and REAL_REPLICA),
                    reason="needs a streaming replica of the test server in KETENZICHT_TEST_REPLICA_URL (CI has one)")
@pytest.mark.django_db(transaction=True, databases=["default", replica.ALIAS])
def test_a_real_streaming_replica_serves_marked_reads_and_the_primary_takes_over_when_it_lags(replica_alias):
    address = urlsplit(REAL_REPLICA)
    with replica_at(address.hostname, str(address.port)) as standby:
        Region.objects.create(slug="replicated", name="Gerepliceerd")
        assert _replicated(replica.ALIAS, "replicated"), "the row never reached the replica"
        with CaptureQueriesContext(standby) as on_replica:
            assert where(lambda: Region.objects.filter(slug="replicated").exists()) == ("replica", True)
        assert any("regions_region" in q["sql"] for q in on_replica.captured_queries)

        # a marked view that writes reads its own write: from the primary
        def write_then_read():
            Region.objects.create(slug="eigen", name="Eigen schrijven")
            return Region.objects.filter(slug="eigen").exists()
        with CaptureQueriesContext(standby) as on_replica:
            assert marked(write_then_read) is True
        assert not any("regions_region" in q["sql"] for q in on_replica.captured_queries)

        # the replica stops replaying: once it is behind by more than the limit, the primary answers
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")
        try:
            Region.objects.create(slug="achter", name="Loopt achter")
            time.sleep(1.2)
            with override_settings(REPLICA_MAX_LAG=1):
                replica.forget()
                assert where(lambda: Region.objects.filter(slug="achter").exists()) == ("primary", True)
        finally:
            with standby.cursor() as cursor:
                cursor.execute("SELECT pg_wal_replay_resume()")
        assert _replicated(replica.ALIAS, "achter")
        replica.forget()
        assert where(lambda: Region.objects.filter(slug="achter").exists()) == ("replica", True)
