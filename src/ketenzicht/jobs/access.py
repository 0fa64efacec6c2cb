"""Who sees and handles the dead letters (jobs that failed for good), and sees the jobs that failed and wait
for their next attempt: the administrator of the job's
region (accounts.access.administers), with a second factor passed. Jobs of no region are the platform
operator's. A dead letter holds a job's name, ids and error: no personal data."""
from django.db.models import Exists, OuterRef, Subquery
from procrastinate.contrib.django.models import ProcrastinateJob

from ketenzicht.accounts import access as accounts_access

from . import queue
from .models import Failure


def manages(user, region) -> bool:
    return (user.is_authenticated and user.is_active and getattr(user, "is_verified", lambda: False)()
            and accounts_access.administers(user, region.pk))


def dead_letters(user, region):
    """The failed jobs of `region` that `user` may see and handle: none unless they manage the region (and
    none on SQLite, where jobs are done in process and nothing is queued to fail)."""
    if not queue.uses_queue() or not manages(user, region):
        return Failure.objects.none()
    return Failure.objects.filter(region=region, job_id__in=ProcrastinateJob.objects.filter(status="failed").values("id"))


def retrying(user, region):
    """The jobs of `region` that failed and wait for their next attempt (or are being tried again), each
    with `next_attempt`: for whoever `dead_letters` shows to."""
    if not queue.uses_queue() or not manages(user, region):
        return Failure.objects.none()
    jobs = ProcrastinateJob.objects.filter(id=OuterRef("job_id"), status__in=("todo", "doing"))
    return (Failure.objects.filter(region=region).filter(Exists(jobs))
            .annotate(next_attempt=Subquery(jobs.values("scheduled_at")[:1])))
