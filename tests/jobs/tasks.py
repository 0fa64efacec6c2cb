"""Jobs for the worker tests, registered as the apps register theirs; a worker process started by a test
imports this module too."""
import time
from pathlib import Path

from django.db import connection
from procrastinate import RetryStrategy

from ketenzicht.jobs import queue


@queue.task("tests.hang")
def hang(path):
    """Notes each run in `path`; the first run hangs, as a job does whose worker is then killed."""
    runs = Path(path)
    with runs.open("a") as out:
        out.write("run\n")
    if runs.read_text().count("run") == 1:
        time.sleep(600)


@queue.task("tests.fails", retry=RetryStrategy(max_attempts=1), label="Gegevens naar de partner sturen")
def fails(region):
    """Fails on each of its two attempts, as a job does whose partner is gone: a dead letter of `region`."""
    raise ConnectionError(f"partner of region {region} not reachable")


@queue.task("tests.database_restarts")
def database_restarts(path, spare):
    """Notes each run in `path`; the first run ends every connection to the database but `spare` (the
    test's own) and then its own, as a restart of the server does mid-job."""
    runs = Path(path)
    with runs.open("a") as out:
        out.write("run\n")
    if runs.read_text().count("run") == 1:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> %s AND pid <> pg_backend_pid()", [spare])
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@queue.task("tests.fails_once", retry=RetryStrategy(max_attempts=3, wait=3600), label="Gegevens naar de partner sturen")
def fails_once(region, path):
    """Fails on its first run (the partner is away for a moment) and succeeds on the next, an hour later."""
    runs = Path(path)
    with runs.open("a") as out:
        out.write("run\n")
    if runs.read_text().count("run") == 1:
        raise ConnectionError(f"partner of region {region} not reachable")
