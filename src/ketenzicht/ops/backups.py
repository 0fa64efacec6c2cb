"""Backups and restores of the database, on each engine's own tools.

- PostgreSQL: `pg_dump --format=custom` and `pg_restore` (one transaction, stops at the first error).
  The binaries are found on PATH, or in KETENZICHT_PG_BIN; pg_dump must be at least the server's version.
  They run with an argument list, never through a shell.
- SQLite: the SQLite backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot while
  the service keeps running.

What is not in a backup, on purpose: the encryption keys (KETENZICHT_ENCRYPTION_KEYS). The sensitive
fields are stored encrypted, so a backup without its keys cannot be read, and a restore needs the keys of
the installation that made it: `restore` checks them against the stored known value (`readiness.canary`)
and says so when they do not fit. Uploaded files (MEDIA_ROOT) are files, encrypted with the same keys:
copy that directory beside the database backup. docs/operations.md has the procedure.
"""
import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

from django.conf import settings
from django.db import connections

from . import readiness


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


def backup(path, using="default") -> Path:
    """Write a backup of the database to `path` (which must not exist yet), readable by its owner only.
    Written beside it first and renamed when complete, so a file at `path` is always a whole backup."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file name.")
    readiness.canary(using)  # the backup carries the known value a restore checks the keys against
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(descriptor)
    try:
        _engine(using).backup(connections[using], partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore(path, using="default", replace=False):
    """Restore a backup into the database `using`, which must be empty unless `replace`. Stop the
    service and its workers first. Returns whether the configured keys read the restored data."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    connection = connections[using]
    engine = _engine(using)
    if not replace and engine.has_tables(connection):
        raise BackupError(f"The database {connection.settings_dict['NAME']} is not empty; restore into an empty "
                          "database, or pass --replace to overwrite it.")
    engine.restore(path, connection, replace)
    connection.close()
    return readiness.encryption_keys(using)[0]


class SQLite:
    @staticmethod
    def backup(connection, path):
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            (result,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
        if result != "ok":
            raise BackupError(f"The backup failed its integrity check: {result}")

    @staticmethod
    def has_tables(connection):
        return bool(connection.introspection.table_names())

    @staticmethod
    def restore(path, connection, replace):
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            try:
                tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{path} is not a SQLite backup: {error}") from error
            if "django_migrations" not in tables:
                raise BackupError(f"{path} is not a backup of Ketenzicht (it has no migrations table).")
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()


class PostgreSQL:
    @staticmethod
    def backup(connection, path):
        _run("pg_dump", connection.settings_dict, ["--format=custom", f"--file={path}"])
        _run("pg_restore", {}, ["--list", str(path)])  # the archive reads back whole

    @staticmethod
    def has_tables(connection):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            return cursor.fetchone()[0] > 0

    @staticmethod
    def restore(path, connection, replace):
        connection.close()  # our own session would hold locks against --clean
        options = ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"]
        if replace:
            options += ["--clean", "--if-exists"]
        _run("pg_restore", connection.settings_dict, [*options, str(path)])


ENGINES = {"sqlite": SQLite, "postgresql": PostgreSQL}


def _engine(using):
    vendor = connections[using].vendor
    if vendor not in ENGINES:
        raise BackupError(f"No backup for the database engine {vendor}.")
    return ENGINES[vendor]


def _binary(name):
    folder = getattr(settings, "KETENZICHT_PG_BIN", "")
    found = shutil.which(name, path=folder or None)
    if not found:
        raise BackupError(f"{name} not found; install the PostgreSQL client or set KETENZICHT_PG_BIN.")
    return found


def _run(name, database, arguments):
    """Run a PostgreSQL client with the connection of `database` (Django's settings dict): the password
    goes in the environment, never on the command line where `ps` shows it."""
    env = dict(os.environ)
    command = [_binary(name)]
    if database:
        command.append(f"--dbname={database['NAME']}")
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if database.get(key):
                command.append(f"{option}={database[key]}")
        if database.get("PASSWORD"):
            env["PGPASSWORD"] = database["PASSWORD"]
        if database.get("OPTIONS", {}).get("sslmode"):
            env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    done = subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, check=False)  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout
