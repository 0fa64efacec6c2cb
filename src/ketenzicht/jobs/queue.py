"""Background jobs: procrastinate on PostgreSQL, done in process on the embedded SQLite database.

On PostgreSQL the jobs are procrastinate's (its Django app, its tables, its worker: `ketenzicht worker`).
A job is deferred in the caller's transaction, so it exists exactly when what it is about was committed.
A job that raises is tried again with back-off (`RETRY`); `Failure` keeps its last error and its region,
whose administrator sees it waiting for its next attempt on the dead-letter page, and when its last
attempt fails it is a dead letter: procrastinate keeps it `failed`, and the administrator retries or
discards it there (`services`). A worker killed mid-job
leaves its job `doing`; `retry_stalled`, every minute, gives it back to the queue once that worker's
heartbeat has been silent for `STALLED_AFTER` seconds, so it runs again, once.

On SQLite (`make run`) procrastinate cannot run: it needs PostgreSQL's functions, row locks and
LISTEN/NOTIFY. The fallback there is in-process execution: `defer` does the job at once in the
caller's process, and `ketenzicht worker` runs the periodic jobs on their schedule in its own process
(`run_periodic`). The notifications' e-mails need neither: their outbox is sent by a thread of the
process that wrote it, after the commit (notifications.delivery). Nothing that must happen is held
only in memory: what must be sent is in the outbox, and a periodic job runs again at its next time.

Apps above register their jobs from their registrations.py (`task`): a job is named "<app>.<what>",
runs in its app's queue, and takes ids as arguments (JSON, in procrastinate's table), never personal
data; a job about one region names it in its `region` argument.
"""
import logging
from dataclasses import dataclass
from datetime import datetime

from croniter import croniter
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from .models import Failure

logger = logging.getLogger(__name__)

# Waits 4 s, 16 s, 64 s, 4 min and 17 min between the six attempts (about 23 minutes in all): long
# enough to ride out a database restart, short enough that the administrator hears of it the same day.
RETRY = RetryStrategy(max_attempts=6, exponential_wait=4)
STALLED_AFTER = 30  # seconds without a worker's heartbeat before its jobs are given to another
ALIAS = "default"  # procrastinate's PROCRASTINATE_DATABASE_ALIAS


@dataclass(frozen=True)
class Job:
    name: str
    function: object
    cron: str | None
    label: str  # what the administrator reads on the dead-letter page (lazy translation)


_jobs = {}


def uses_queue() -> bool:
    """Whether jobs go through procrastinate (PostgreSQL) or are done in process (SQLite)."""
    return connections[ALIAS].vendor == "postgresql"


def task(name, cron=None, retry=RETRY, label=None):
    """Register `function(**kwargs)` as the job `name` (and, with a `cron` schedule, as a periodic job
    deferred by the worker at those times), `label` saying in words what it does. Returns the function
    itself: callers still call it directly."""
    def register(function):
        def run(context, timestamp=None, **kwargs):  # a periodic job is told when it was due: not needed
            close_old_connections()  # a worker thread reuses no connection past its age, as a request
            try:
                function(**kwargs)
            except Exception as error:
                _failed(context.job, error)
                raise
            else:
                if context.job.attempts:  # it failed before: the administrator no longer needs to know
                    Failure.objects.filter(job_id=context.job.id).delete()
            finally:
                connections.close_all()  # this worker thread's only: threads come and go with the jobs

        registered = app.task(run, name=name, retry=retry, pass_context=True, queue=name.split(".")[0])
        if cron:
            app.periodic(cron=cron, periodic_id=name)(registered)
        _jobs[name] = Job(name, function, cron, label or name)
        return function
    return register


def _failed(job, error):
    """Keep the error of a failed attempt, which procrastinate does not: the administrator sees it while
    the job waits for its next attempt, and as its dead letter after the last."""
    Failure.objects.update_or_create(job_id=job.id, defaults={
        "task_name": job.task_name, "region_id": job.task_kwargs.get("region"), "attempts": job.attempts + 1,
        "error": f"{type(error).__name__}: {error}"[:1000], "failed_at": timezone.now()})


def defer(name, queueing_lock=None, **kwargs) -> bool:
    """Have job `name` done with `kwargs`: queued in the caller's transaction (PostgreSQL), or done at
    once in this process (SQLite). False when a job with the same `queueing_lock` is already waiting,
    which will do the same."""
    if not uses_queue():
        _jobs[name].function(**kwargs)
        return True
    try:
        with transaction.atomic():  # a refused duplicate rolls back to here, not the caller's transaction
            app.configure_task(name, queueing_lock=queueing_lock).defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


def label(name):
    """What job `name` does, in words (its name where it was registered without a label)."""
    return str(_jobs[name].label) if name in _jobs else name


def periodic():
    """The periodic jobs: name -> cron schedule."""
    return {job.name: job.cron for job in _jobs.values() if job.cron}


async def retry_stalled(context, timestamp):
    """Give the jobs of a worker that stopped beating (killed, its machine gone) back to the queue."""
    manager = context.app.job_manager
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
        logger.warning("job %s (%s) was left by its worker: queued again", job.id, job.task_name)
        await manager.retry_job(job)


def run_worker(wait=True, queues=None, concurrency=1, install_signal_handlers=True):
    """procrastinate's worker on its own connection (the Django connection is for one thread only)."""
    with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
        worker_app.run_worker(wait=wait, queues=queues, concurrency=concurrency, delete_jobs="successful",
                              install_signal_handlers=install_signal_handlers)


def run_periodic(since: datetime, until: datetime) -> list[str]:
    """The SQLite fallback's scheduler: do, in this process, each periodic job due after `since` and up
    to `until`, once; a job that fails is logged and tried again at its next time. Returns the names."""
    done = []
    for job in _jobs.values():
        if job.cron and croniter(job.cron, since).get_next(datetime) <= until:
            try:
                job.function()
            except Exception:  # noqa: BLE001 - one failing job does not keep the others from running
                logger.exception("periodic job %s failed", job.name)
            done.append(job.name)
    return done

