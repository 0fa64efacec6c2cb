"""Sending webhook deliveries: one attempt each, kept in its `Delivery` row with its own back-off.

`events.emit` writes a delivery per matching subscription in the transaction of the change, and asks for
`deliver_soon` once it commits. Where processes deliver by themselves (KETENZICHT_DELIVER_IN_PROCESS, the
default, and the SQLite fallback of `make run`) a thread of the same process sends them, so no request
waits for a partner. Otherwise the job `webhooks.deliver` does it, queued after the commit on PostgreSQL;
`ketenzicht worker` also runs that job every minute (on SQLite too, in its own process), which makes the retries that have come due. As with the
notifications' outbox, the job is "send what is due", not one job per delivery: each delivery keeps its
attempts, back-off and error in its row, which is also the log the administrator reads.

An attempt: the URL is checked again (ssrf.check: a name that now resolves to an internal address is
refused), the request goes to the checked address (no second lookup), a redirect is not followed (it
counts as a failure), the partner gets `TIMEOUT` seconds to connect and between bytes of its answer, and
`DEADLINE` seconds for the whole attempt (a partner that drips its answer a byte at a time would otherwise
hold the deliverer past its lease), and at most `MAX_BODY` bytes of the answer are read. A 2xx answer delivers. Otherwise the delivery waits 30 s, 1, 2,
4 ... minutes (at most six hours) up to `MAX_ATTEMPTS`, then fails for good. A subscription whose
attempts fail `PAUSE_AFTER` times in a row, or for `PAUSE_AFTER_TIME`, is paused and its region's
administrators are notified; resuming it sends what waited.
"""
import http.client
import logging
import socket
import ssl
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ketenzicht.jobs import queue

from . import notices, signing, ssrf
from .models import Delivery, Subscription

logger = logging.getLogger(__name__)

JOB = "webhooks.deliver"
TIMEOUT = 5  # seconds to connect, and between bytes of the answer
DEADLINE = 15  # seconds for a whole attempt, however the partner spreads its answer
MAX_BODY = 4096  # bytes of the answer read (and the rest ignored)
MAX_ATTEMPTS = 8
FIRST_RETRY, LAST_RETRY = timedelta(seconds=30), timedelta(hours=6)
PAUSE_AFTER = 10  # failed attempts in a row
PAUSE_AFTER_TIME = timedelta(hours=24)
BATCH = 50
# A claimed delivery is another deliverer's again after this: longer than a batch of attempts can take,
# so no delivery is sent twice because its batch was slow.
LEASE = timedelta(seconds=BATCH * DEADLINE) + timedelta(minutes=1)
KEEP = timedelta(days=30)  # how long the log keeps a delivery that is done


def backoff(attempts):
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16), LAST_RETRY)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address, with the host's name for SNI and the certificate check."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(target, headers, body):
    """POST `body` to `target`; returns (status code, first bytes of the answer). Raises OSError on a
    connection failure or time-out."""
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, TIMEOUT)
    expired = threading.Event()

    def expire():  # shutting the socket down ends a read that is waiting for the next byte
        expired.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    watchdog = threading.Timer(DEADLINE, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("POST", target.path, body=body, headers={
            **headers, "Content-Type": "application/json", "User-Agent": "Ketenzicht-Webhooks/1"})
        response = connection.getresponse()
        answer = response.status, response.read(MAX_BODY)
    except (OSError, http.client.HTTPException):
        if expired.is_set():
            raise TimeoutError(f"no complete answer within {DEADLINE} s") from None
        raise
    finally:
        watchdog.cancel()
        connection.close()
    if expired.is_set():  # the answer was cut off at the deadline
        raise TimeoutError(f"no complete answer within {DEADLINE} s")
    return answer


def attempt(delivery, now=None):
    """One attempt at `delivery` (whose subscription is loaded): (status code or None, error or "")."""
    subscription = delivery.subscription
    try:
        target = ssrf.check(subscription.url)
    except ssrf.Refused as refused:
        return None, f"Refused: {refused.message}"
    body = delivery.payload.encode()
    headers = signing.headers(subscription.secrets(now), delivery.message_id, int(time.time()), body)
    try:
        status, _answer = post(target, headers, body)
    except (OSError, http.client.HTTPException) as error:  # time-out, refused, TLS, a broken answer
        return None, f"{type(error).__name__}: {error}"[:500]
    if 200 <= status < 300:
        return status, ""
    if 300 <= status < 400:
        return status, "Redirect not followed"
    return status, f"HTTP {status}"


def _claim(limit, now):
    with transaction.atomic():
        deliveries = list(Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                          .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now,
                                  subscription__active=True)
                          .select_related("subscription").order_by("next_attempt_at", "pk")[:limit])
        if deliveries:
            Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(next_attempt_at=now + LEASE)
    return deliveries


def deliver_due(now=None, limit=BATCH) -> int:
    """Make one attempt at every delivery that is due (at most `limit`); returns how many were tried."""
    now = now or timezone.now()
    deliveries = _claim(limit, now)
    for delivery in deliveries:
        status, error = attempt(delivery, now)
        _record(delivery, status, error, now)
    return len(deliveries)


def deliver_all(now=None):
    """What is due, a batch at a time: the job's, the thread's and the tests' one pass. The log keeps
    what was delivered or failed for good for `KEEP` (what still waits stays, however old)."""
    total = last = deliver_due(now)
    while last == BATCH:
        last = deliver_due(now)
        total += last
    Delivery.objects.filter(status__in=[Delivery.Status.DELIVERED, Delivery.Status.FAILED],
                            created_at__lt=(now or timezone.now()) - KEEP).delete()
    return total


@transaction.atomic
def _record(delivery, status, error, now):
    subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
    delivery.attempts += 1
    delivery.last_attempt_at, delivery.last_status_code, delivery.last_error = now, status, error
    if not error:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
        subscription.consecutive_failures, subscription.failing_since = 0, None
    else:
        logger.warning("webhook delivery %s to subscription %s failed (attempt %s): %s",
                       delivery.message_id, subscription.pk, delivery.attempts, error)
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        subscription.consecutive_failures += 1
        subscription.failing_since = subscription.failing_since or now
        if subscription.active and (subscription.consecutive_failures >= PAUSE_AFTER
                                    or now - subscription.failing_since >= PAUSE_AFTER_TIME):
            _pause(subscription, now)
    delivery.save(update_fields=["attempts", "last_attempt_at", "last_status_code", "last_error", "status",
                                 "delivered_at", "next_attempt_at"])
    subscription.save(update_fields=["consecutive_failures", "failing_since", "active", "paused_at",
                                     "paused_reason"])


def _pause(subscription, now):
    subscription.active, subscription.paused_at = False, now
    subscription.paused_reason = gettext_noop("Gepauzeerd na herhaald mislukte afleveringen.")
    notices.paused(subscription)
    logger.warning("webhook subscription %s paused after %s failed attempts", subscription.pk,
                   subscription.consecutive_failures)


# The in-process deliverer: a thread per pass, one at a time per process; after failures a timer asks
# again when the first retry is due.
_lock = threading.Lock()
_state = {"running": False, "again": False, "timer": None}


def in_process():
    """Whether this process sends by itself (the same switch as the notifications' outbox)."""
    return settings.KETENZICHT_DELIVER_IN_PROCESS


def deliver_soon():
    if not in_process():
        if queue.uses_queue():
            try:
                queue.defer(JOB, queueing_lock=JOB)
            except Exception:  # noqa: BLE001 - the rows wait; the worker's every-minute job sends them
                logger.exception("queueing the webhooks' delivery failed")
        return  # on SQLite without it: `ketenzicht worker` runs the job every minute
    with _lock:
        if _state["running"]:
            _state["again"] = True
            return
        _state["running"] = True
    threading.Thread(target=_serve, name="ketenzicht-webhooks", daemon=True).start()


def _serve():
    try:
        while True:
            close_old_connections()
            try:
                deliver_all()
                _retry_later()
            except Exception:  # noqa: BLE001 - the rows keep everything; the next pass delivers it
                logger.exception("delivering webhooks failed")
            with _lock:
                if not _state["again"]:
                    _state["running"] = False
                    return
                _state["again"] = False
    finally:
        connections.close_all()


def _retry_later():
    when = (Delivery.objects.filter(status=Delivery.Status.PENDING, subscription__active=True)
            .order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first())
    if when is None:
        return
    delay = max((when - timezone.now()).total_seconds(), 1)
    with _lock:
        if _state["timer"] is not None:
            _state["timer"].cancel()
        timer = _state["timer"] = threading.Timer(delay, deliver_soon)
        timer.daemon = True
        timer.start()
