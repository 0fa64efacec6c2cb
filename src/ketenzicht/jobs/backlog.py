"""How far the job queue is behind, for the readiness probe and the metrics (ops reads it).

One query on procrastinate's table: the jobs waiting (`todo`), the jobs due now among them, and how
long the oldest due job has waited since it was due (its `scheduled_at`, or when it was deferred).
A worker that stopped shows as a growing age, not as a depth: the queue may be short and still
stand still. On SQLite there is no queue (jobs run in process,
see `queue`): nothing waits, by construction.
"""
from dataclasses import dataclass

from django.db import connections

from . import queue


@dataclass(frozen=True)
class Backlog:
    waiting: int
    due: int
    oldest_due_seconds: float


# The age of a due job: since its scheduled time (a retry's back-off or a later start), else since it
# was deferred (its first event). Ids and times only.
SQL = """
SELECT count(*),
       count(*) FILTER (WHERE due <= now()),
       coalesce(extract(epoch FROM now() - min(due) FILTER (WHERE due <= now())), 0)
FROM (
    SELECT coalesce(job.scheduled_at,
                    (SELECT min(event.at) FROM procrastinate_events event WHERE event.job_id = job.id)) AS due
    FROM procrastinate_jobs job
    WHERE job.status = 'todo'
) waiting
"""


def backlog() -> Backlog:
    if not queue.uses_queue():
        return Backlog(0, 0, 0.0)
    with connections[queue.ALIAS].cursor() as cursor:
        cursor.execute(SQL)
        waiting, due, age = cursor.fetchone()
    return Backlog(waiting, due, float(age))


