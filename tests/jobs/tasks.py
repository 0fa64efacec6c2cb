"""Jobs for the worker tests, registered as the apps register theirs; a worker process started by a test
imports this module too."""
import time
from pathlib import Path

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
