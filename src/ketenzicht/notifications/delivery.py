"""Sending the e-mails of notifications from the outbox (`Delivery`), after the response.

`notify` writes the outbox rows in the transaction that stores the notifications, and asks for
`deliver_soon` once it commits: a small background thread of the same process then sends them, so
no request waits for the mail server (the SQLite-capable fallback: nothing else has to run).
`ketenzicht deliver_outbox` sends them from a command (cron, or `--every` as a simple worker), and
picks up what a process left behind when it stopped. A failed e-mail stays in the outbox with its
error and is tried again later, with back-off, as long as it takes: nothing is lost while the mail
server is down, and nothing fails silently.

Exactly once: a deliverer first claims what is due (locked, skipping what another deliverer holds,
and leased for `LEASE`), then sends, then deletes what was sent. Only a process that dies between
sending and deleting makes an e-mail go twice, once its lease has passed.
"""
import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
    claimed = _claim(limit, now)
    if not claimed:
        return Result()
    deliveries = list(Delivery.objects.filter(pk__in=claimed).select_related("notification__user").order_by("pk"))
    to_send = [d for d in deliveries if d.notification.user.is_active and d.notification.user.email]
    dropped = [d for d in deliveries if d not in to_send]
    sent, failed = _send(to_send)
    Delivery.objects.filter(pk__in=[d.pk for d in sent + dropped]).delete()
    for delivery, error in failed:
        delivery.last_error = f"{type(error).__name__}: {error}"[:500]
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        logger.warning("e-mail of notification %s not sent (attempt %s, next at %s): %s", delivery.notification_id,
                       delivery.attempts, delivery.next_attempt_at.isoformat(), delivery.last_error)
    Delivery.objects.bulk_update([d for d, _error in failed], ["last_error", "next_attempt_at"])
    return Result(sent=len(sent), failed=len(failed), dropped=len(dropped))


def _claim(limit, now):
    """The ids of up to `limit` due e-mails, now this deliverer's for `LEASE` and counted as an attempt."""
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update(skip_locked=True).filter(next_attempt_at__lte=now)
                   .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    return ids


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


# The in-process deliverer: one thread at a time per process, started when a transaction that wrote
# to the outbox commits; it runs until nothing new was asked for, then ends (and closes its database
# connection). When e-mails failed, a timer asks again when the first retry is due.
_lock = threading.Lock()
_state = {"asked": False, "running": False, "timer": None}


def in_process():
    """Whether this process delivers by itself (off where a worker or job queue runs `deliver`)."""
    return getattr(settings, "KETENZICHT_DELIVER_IN_PROCESS", True)


def deliver_soon():
    """Have the outbox delivered by a background thread of this process, without waiting for it."""
    if not in_process():
        return
    with _lock:
        _state["asked"] = True
        if _state["running"]:
            return
        _state["running"] = True
    # Not a daemon: a process that ends (a command, a worker stopping) first sends what it claimed.
    threading.Thread(target=_run, name="ketenzicht-outbox", daemon=False).start()


def _run():
    retry = None
    try:
        while True:
            with _lock:
                if not _state["asked"]:
                    _state["running"] = False
                    break
                _state["asked"] = False
            try:
                if deliver().failed:
                    retry = Delivery.objects.order_by("next_attempt_at").values_list("next_attempt_at",
                                                                                     flat=True).first()
            except Exception:  # noqa: BLE001 - the outbox keeps everything; the command or a next run delivers it
                logger.exception("delivering the outbox failed")
    finally:
        connections.close_all()  # this thread's connections only
    if retry is not None:
        _retry_at(retry)


def _retry_at(when):
    delay = max((when - timezone.now()).total_seconds(), 1)
    with _lock:
        if _state["timer"] is not None:
            _state["timer"].cancel()
        timer = _state["timer"] = threading.Timer(delay, deliver_soon)
        timer.daemon = True  # a pending retry does not keep a process alive: the outbox keeps the e-mail
        timer.start()
