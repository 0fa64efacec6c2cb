"""Sending the e-mails of notifications from the outbox (`Delivery`), after the response; every pass first
fans out what was announced (`fanout`), which queues e-mails.

`notify` writes the outbox rows in the transaction that stores the notifications, and asks for
`deliver_soon` once it commits. Where processes deliver by themselves (KETENZICHT_DELIVER_IN_PROCESS, the
default, and the SQLite fallback of `make run`: nothing else has to run) a small background thread of the
same process then sends them, so no request waits for the mail server. Where it is off, on PostgreSQL,
`deliver_soon` queues the job `notifications.deliver_outbox` (ketenzicht.jobs, procrastinate) for
`ketenzicht worker`; the worker also runs that job every minute, which sends what is due again after a
failure and picks up what a process left behind. `ketenzicht deliver_outbox` does the same by hand.

The outbox stays the record of what must be sent, and the job is "deliver what the outbox holds", not
one job per e-mail: each e-mail keeps its own back-off and error in its row (1, 2, 4 ... minutes, at most
six hours, never given up: an outage of a day loses nothing), all three ways of delivering share one
claim, and a job queued twice or run by two workers at once sends nothing twice. A job per e-mail
would keep the same state twice (job and row) and give up an e-mail after the queue's last attempt.
The job fails (and is retried, then a dead letter) only when a pass itself fails, e.g. the database.

Exactly once: a deliverer first claims what is due (locked, skipping what another deliverer holds,
and leased for `LEASE`), then sends, then deletes what was sent. Only a process that dies between
sending and deleting makes an e-mail go twice, once its lease has passed.
"""
import atexit
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ketenzicht.jobs import queue

from . import fanout
from .models import Delivery

logger = logging.getLogger(__name__)

BATCH = 100  # e-mails claimed at once: what one mail server connection sends in a run
LEASE = timedelta(minutes=10)  # a claimed e-mail is another deliverer's again after this
TIMEOUT = 30  # seconds the mail server may take to answer
FIRST_RETRY, LAST_RETRY = timedelta(minutes=1), timedelta(hours=6)


@dataclass(frozen=True)
class Result:
    sent: int = 0
    failed: int = 0
    dropped: int = 0  # the recipient has no address or account any more: nothing to send

    def __add__(self, other):
        return Result(self.sent + other.sent, self.failed + other.failed, self.dropped + other.dropped)

    @property
    def claimed(self):
        return self.sent + self.failed + self.dropped


def backoff(attempts):
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4, 8 ... minutes, at most six hours,
    and never given up."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LAST_RETRY)


def deliver(limit=BATCH, now=None) -> Result:
    """Send the e-mails in the outbox that are due (at most `limit`), and keep those that fail for a later
    attempt. A plain function on purpose: the in-process thread, the `deliver_outbox` command and a job
    queue's job (procrastinate, issue 21) call it as it is; it needs no request and returns what it did."""
    now = now or timezone.now()
    deliveries = _claim(limit, now)
    if not deliveries:
        return Result()
    to_send = [d for d in deliveries if d.notification.user.is_active and d.notification.user.email]
    dropped = [d for d in deliveries if d not in to_send]
    sent, failed = _send(to_send)
    if sent or dropped:
        Delivery.objects.filter(pk__in=[d.pk for d in sent + dropped]).delete()
    for delivery, error in failed:
        delivery.last_error = f"{type(error).__name__}: {error}"[:500]
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        logger.warning("e-mail of notification %s not sent (attempt %s, next at %s): %s", delivery.notification_id,
                       delivery.attempts, delivery.next_attempt_at.isoformat(), delivery.last_error)
    Delivery.objects.bulk_update([d for d, _error in failed], ["last_error", "next_attempt_at"])
    return Result(sent=len(sent), failed=len(failed), dropped=len(dropped))


def _claim(limit, now):
    """Up to `limit` due e-mails (with their notification and its reader), now this deliverer's for
    `LEASE` and counted as an attempt; what another deliverer has locked is skipped."""
    with transaction.atomic():
        deliveries = list(Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                          .filter(next_attempt_at__lte=now).select_related("notification__user")
                          .order_by("next_attempt_at")[:limit])
        if deliveries:
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
                next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    for delivery in deliveries:
        delivery.attempts += 1
    return deliveries


def _message(notification):
    """The e-mail: the title and a link, never what it is about (rendered in the installation's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Er staat iets voor u klaar in Ketenzicht.\n\nBekijk het na inloggen: %(link)s") % {
            "link": settings.KETENZICHT_BASE_URL + notification.url}
        return EmailMessage(notification.title, body, None, [notification.user.email])


def _send(deliveries):
    """(sent, [(failed, error)]) over one connection to the mail server."""
    if not deliveries:
        return [], []
    sent, failed = [], []
    try:
        connection = get_connection(fail_silently=False, timeout=TIMEOUT)
        connection.open()
    except Exception as error:  # noqa: BLE001 - whatever the backend raises, the e-mails wait for a retry
        return [], [(d, error) for d in deliveries]
    try:
        for delivery in deliveries:
            try:
                if connection.send_messages([_message(delivery.notification)]) != 1:
                    raise RuntimeError("the mail backend accepted nothing")
                sent.append(delivery)
            except Exception as error:  # noqa: BLE001 - kept for a retry, with the error
                failed.append((delivery, error))
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - what was sent is sent; a failing goodbye changes nothing
            logger.warning("closing the mail server connection failed", exc_info=True)
    return sent, failed


# The in-process deliverer: one thread per process, started by the first commit that wrote to the
# outbox. It delivers whenever asked, keeps its database connection while passes follow each other (a
# new connection costs more than a delivery) and closes it when there is nothing to do, and ends after
# IDLE seconds without work. When e-mails failed, a timer asks again when the first retry is due. A
# process that ends first finishes what it was asked to send.
IDLE = 60
_asked = threading.Condition()
_state = {"asked": False, "thread": None, "stopping": False, "timer": None}


def in_process():
    """Whether this process delivers by itself (off where a worker or job queue runs `deliver`)."""
    return settings.KETENZICHT_DELIVER_IN_PROCESS


JOB = "notifications.deliver_outbox"  # registered in registrations.py


def deliver_soon():
    """Have the outbox delivered by this process's delivery thread, or by the worker's job, without waiting."""
    if not in_process():
        if queue.uses_queue():
            try:  # one job waiting is enough: it delivers everything due when it runs
                queue.defer(JOB, queueing_lock=JOB)
            except Exception:  # noqa: BLE001 - committed in the outbox: the worker's every-minute job sends it
                logger.exception("queueing the outbox's delivery failed")
        return
    with _asked:
        _state["asked"] = True
        if _state["thread"] is None:
            _state["thread"] = threading.Thread(target=_serve, name="ketenzicht-outbox", daemon=True)
            _state["thread"].start()
        else:
            _asked.notify()


def _serve():
    try:
        while True:
            with _asked:
                waiting = _state["asked"]
            if not waiting:  # no connection is held while there is nothing to do
                connections.close_all()  # this thread's only
            with _asked:
                if not _state["asked"] and not _state["stopping"]:
                    _asked.wait(IDLE)
                if not _state["asked"]:  # nothing asked for a while, or the process ends
                    _state["thread"] = None
                    return
                _state["asked"] = False
            _pass()
    finally:
        connections.close_all()


def deliver_all():
    """Tell what was announced, then send every e-mail that is due, a batch at a time: one pass of the
    thread, of the worker's job and of the command. Returns (announcements told, Result)."""
    announced = fanout.fan_out_all()  # the notifications first: they queue e-mails
    total = last = deliver()
    while last.claimed == BATCH:
        last = deliver()
        total += last
    return announced, total


def _pass():
    close_old_connections()  # as a request does: a connection past its age or broken is replaced
    try:
        _announced, total = deliver_all()
        if total.failed:
            _retry_at(Delivery.objects.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    except Exception:  # noqa: BLE001 - the outbox keeps everything; the command or a next pass delivers it
        logger.exception("delivering the outbox failed")


def _retry_at(when):
    if when is None:
        return
    delay = max((when - timezone.now()).total_seconds(), 1)
    with _asked:
        if _state["timer"] is not None:
            _state["timer"].cancel()
        timer = _state["timer"] = threading.Timer(delay, deliver_soon)
        timer.daemon = True  # a pending retry does not keep a process alive: the outbox keeps the e-mail
        timer.start()


@atexit.register
def stop(timeout=2 * TIMEOUT):
    """Stop the delivery thread once it has sent what it was asked to (at the end of the process)."""
    with _asked:
        thread = _state["thread"]
        _state["stopping"] = True
        _asked.notify()
    if thread is not None:
        thread.join(timeout)
    with _asked:
        _state["stopping"] = False
