"""The restore test (issue 21): a loaded demo, backed up, restored into a fresh database, reads whole.

It runs on the engine the suite runs on: SQLite (the backup API, into a new file) or PostgreSQL (pg_dump
and pg_restore, into a new database beside the test database). The source is the test database with the
demo's IJsselstreek loaded, signals and all, committed (a transactional test), as `ketenzicht backup`
finds a running installation's.
"""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend

from ketenzicht.demo import loader
from ketenzicht.intake.models import Signal
from ketenzicht.lib.crypto import PREFIX, encrypted_fields, new_key
from ketenzicht.ops import readiness
from ketenzicht.privacy.models import AccessLog

RESTORED = "restored"
SENSITIVE = [name for model, name in encrypted_fields() if model is Signal]


@pytest.fixture
def demo(transactional_db, settings):
    settings.KETENZICHT_DELIVER_IN_PROCESS = False  # nothing beside the test writes to the database
    loader.load(regions=("IJsselstreek",))


@pytest.fixture
def fresh(tmp_path):
    """A new, empty database of the suite's engine, reachable as the connection `restored`."""
    source = connection.settings_dict
    postgres = connection.vendor == "postgresql"
    name = f"{source['NAME']}_restored" if postgres else str(tmp_path / "restored.sqlite3")
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    # Made here rather than in settings.DATABASES: a connection the test makes for itself is one Django's
    # test case lets the test use.
    connections[RESTORED] = load_backend(source["ENGINE"]).DatabaseWrapper({**source, "NAME": name}, RESTORED)
    yield RESTORED
    connections[RESTORED].close()
    del connections[RESTORED]
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def readable(using):
    """Every signal with its sensitive fields decrypted through the model, and the access log as stored."""
    signals = {s.pk: {name: getattr(s, name) for name in SENSITIVE} for s in Signal.objects.using(using)}
    log = list(AccessLog.objects.using(using).order_by("pk").values())
    return signals, log


def test_a_backup_of_the_demo_restores_whole_into_a_fresh_database(demo, fresh, tmp_path, settings):
    signals, log = readable("default")
    assert len(signals) >= 50 and len(log) > 0
    assert all(fields["description"] for fields in signals.values())

    backup = tmp_path / "ketenzicht.backup"
    call_command("backup", str(backup), verbosity=0)
    assert backup.stat().st_mode & 0o077 == 0  # readable by its owner only
    call_command("restore", str(backup), database=fresh, verbosity=0)

    assert readable(fresh) == (signals, log)  # every signal reads, the access log is the same row for row
    call_command("migrate", check=True, database=fresh, verbosity=0)  # the schema is whole: nothing to migrate
    with connections[fresh].cursor() as cursor:  # and what the backup carried was ciphertext
        cursor.execute("SELECT description FROM intake_signal")
        assert all(stored.startswith(PREFIX) for (stored,) in cursor.fetchall())

    # Restored again over the data: refused, and nothing changed.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup), database=fresh, verbosity=0)
    assert readable(fresh) == (signals, log)

    # Without the installation's keys the restored data cannot be read: the restore says so, and so does
    # readiness (the backup carries the known value it checks).
    settings.ENCRYPTION_KEYS = new_key()
    with pytest.raises(CommandError, match="cannot read the restored data"):
        call_command("restore", str(backup), database=fresh, replace=True, verbosity=0)
    assert readiness.encryption_keys(fresh) == (False, {})
    with pytest.raises(ImproperlyConfigured):
        Signal.objects.using(fresh).first()


def test_a_backup_never_overwrites_and_a_restore_wants_a_backup(db, tmp_path):
    existing = tmp_path / "earlier.backup"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing), verbosity=0)
    assert existing.read_bytes() == b"an earlier backup"
    with pytest.raises(CommandError, match="not a file"):
        call_command("restore", str(tmp_path / "missing.backup"), verbosity=0)
