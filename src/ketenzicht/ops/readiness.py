"""What `/health/ready` checks: a list of small functions, each answering (ok, details).

Each check is cheap (one query at most) and says nothing personal: a load balancer and an operator
read the answer without logging in. A check that fails makes the service "not ready" (503). Adding
one is one more line in `CHECKS`.
"""
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.db.models import Min
from django.utils import timezone

from ketenzicht.jobs.backlog import backlog
from ketenzicht.notifications.models import Delivery

from .models import KeyCanary

logger = logging.getLogger(__name__)

CANARY = "ketenzicht-canary"


def database(using="default"):
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, {}


def canary(using="default"):
    """The stored known value, written with today's keys the first time (a new installation)."""
    stored = KeyCanary.objects.using(using).first()
    if stored is None:
        stored = KeyCanary.objects.using(using).create(value=CANARY)
    return stored.value


def encryption_keys(using="default"):
    """Keys are configured and decrypt this database's known value. A wrong key (a restore without the
    installation's keys, a typo after rotation) fails here, not on the first page a user opens."""
    try:
        return canary(using) == CANARY, {}
    except ImproperlyConfigured:
        return False, {}


def outbox():
    """E-mails leave within minutes (the delivery thread, `deliver_outbox` or the job queue); one that
    waits longer than KETENZICHT_OUTBOX_MAX_LAG seconds means nothing is sending them."""
    oldest = Delivery.objects.aggregate(oldest=Min("created_at"))["oldest"]
    lag = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return lag <= settings.KETENZICHT_OUTBOX_MAX_LAG, {"lag_seconds": lag}


def job_queue():
    """Jobs that are due start within seconds while a worker runs; a due job that waits longer than
    KETENZICHT_JOB_MAX_LAG seconds means no worker is taking them (on SQLite nothing waits)."""
    found = backlog()
    lag = int(found.oldest_due_seconds)
    return lag <= settings.KETENZICHT_JOB_MAX_LAG, {"lag_seconds": lag, "due": found.due}


CHECKS = [
    ("database", database),
    ("encryption_keys", encryption_keys),
    ("outbox", outbox),
    ("job_queue", job_queue),
]


def run():
    """Every check, each on its own: one that raises (the database is down) fails that check only, and
    the reason goes to the log, not to the unauthenticated answer."""
    results = {}
    for name, check in CHECKS:
        try:
            ok, details = check()
        except DatabaseError:
            logger.warning("readiness check %s failed", name, exc_info=True)
            ok, details = False, {}
        results[name] = {"ok": ok, **details}
    return all(result["ok"] for result in results.values()), results
