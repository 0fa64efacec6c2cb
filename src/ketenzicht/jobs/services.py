"""The administrator's actions on a dead letter: try the job again, or give it up. Each checks the
access rule again, changes procrastinate's job and the dead letter in one transaction, and is written
to the access log (through accounts' audit signal: privacy sits above)."""
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from ketenzicht.accounts.signals import audit

from . import access, queue


def _check(actor, failure):
    if failure.region is None or not access.manages(actor, failure.region):
        raise PermissionDenied


@transaction.atomic
def retry(actor, failure):
    """Queue the job again, due now: one more attempt (a failure makes it a dead letter again)."""
    _check(actor, failure)
    app.job_manager.retry_job_by_id(failure.job_id, retry_at=timezone.now())
    audit(actor, "job_retry", "job", failure.job_id, region=failure.region_id, task=failure.task_name)
    failure.delete()


@transaction.atomic
def discard(actor, failure):
    """Give the job up: it and its dead letter are deleted, and the log keeps that it was."""
    _check(actor, failure)
    with connections[queue.ALIAS].cursor() as cursor:  # procrastinate's models are read-only
        cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s AND status = 'failed'", [failure.job_id])
    audit(actor, "job_discard", "job", failure.job_id, region=failure.region_id, task=failure.task_name,
          error=failure.error[:200])
    failure.delete()
