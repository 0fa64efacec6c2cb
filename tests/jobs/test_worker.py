"""The worker: a job whose worker was killed runs again, once; the periodic jobs are registered; and on
SQLite procrastinate's migrations do nothing while the fallback runs what is due."""
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import AlreadyEnqueued

from ketenzicht.jobs import queue
from ketenzicht.jobs.routers import QueueOnPostgresOnly

from ..helpers import is_postgres
from . import tasks

ROOT = Path(__file__).resolve().parents[2]


def runs(path):
    return path.read_text().count("run") if path.exists() else 0


def worker_process():
    """`ketenzicht worker` in a process of its own, on the test database, with the test jobs known."""
    env = {**os.environ, "KETENZICHT_DEBUG": "1", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)}
    script = ("import django; django.setup(); import tests.jobs.tasks; from django.core.management import "
              "call_command; call_command('worker', '--queue', 'tests')")
    return subprocess.Popen([sys.executable, "-c", script], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def retry_stalled_then_work():
    """The every-minute job that hands back a dead worker's jobs, then whatever it queued again."""
    try:
        app.configure_task("jobs.retry_stalled").defer(timestamp=int(time.time()))
    except AlreadyEnqueued:  # the killed worker's periodic deferrer queued it already
        pass
    queue.run_worker(wait=False, queues=["jobs", "tests"], install_signal_handlers=False)


@pytest.mark.skipif(not is_postgres(), reason="procrastinate's worker needs PostgreSQL")
def test_a_job_whose_worker_is_killed_runs_again_once(empty_queue, tmp_path, monkeypatch):
    path = tmp_path / "runs"
    assert queue.defer("tests.hang", path=str(path))
    worker = worker_process()
    try:
        deadline = time.monotonic() + 60
        while runs(path) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert runs(path) == 1
    finally:
        worker.send_signal(signal.SIGKILL)  # mid-job: no goodbye, no status written
        worker.wait()
    job = ProcrastinateJob.objects.get(task_name="tests.hang")
    assert job.status == "doing"

    monkeypatch.setattr(queue, "STALLED_AFTER", 1)  # instead of waiting 30 s for the heartbeat to go stale
    time.sleep(1.5)
    retry_stalled_then_work()
    assert runs(path) == 2
    assert not ProcrastinateJob.objects.filter(task_name="tests.hang").exists()  # done: succeeded jobs go

    retry_stalled_then_work()
    assert runs(path) == 2  # once: nothing left to hand back


def test_reminders_retention_and_the_outbox_are_periodic_jobs():
    assert queue.periodic() == {"notifications.deliver_outbox": "* * * * *", "care.send_reminders": "0 7 * * *",
                                "privacy.apply_retention": "15 2 * * *", "webhooks.deliver": "* * * * *"}
    registered = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert {name: registered[name] for name in queue.periodic()} == queue.periodic()
    assert registered["jobs.retry_stalled"] == "* * * * *"
    assert tasks.hang.__name__ == "hang"  # registered jobs stay plain functions for direct calls


@pytest.mark.skipif(is_postgres(), reason="the SQLite fallback")
def test_on_sqlite_the_fallback_runs_what_is_due_and_the_queue_has_no_tables(world):
    assert not queue.uses_queue()
    assert "procrastinate_jobs" not in connection.introspection.table_names()
    assert QueueOnPostgresOnly().allow_migrate("default", "procrastinate") is False
    assert QueueOnPostgresOnly().allow_migrate("default", "jobs") is None
    seven = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.get_current_timezone())
    minute = timedelta(minutes=1)
    assert set(queue.run_periodic(seven - minute, seven)) == {"notifications.deliver_outbox", "care.send_reminders",
                                                              "webhooks.deliver"}
    assert set(queue.run_periodic(seven, seven + minute)) == {"notifications.deliver_outbox", "webhooks.deliver"}
