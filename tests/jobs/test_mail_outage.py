"""Issue 21: the mail server goes down, notifications are caused through the real services, the server comes
back, and every e-mail arrives exactly once: through procrastinate's worker on PostgreSQL, through the
process's own delivery thread and the worker's fallback on SQLite."""
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from rest_framework.test import APIClient

from ketenzicht.jobs import queue
from ketenzicht.notifications import delivery
from ketenzicht.notifications.models import Announcement, Delivery, Notification

from ..helpers import is_postgres

SUBMISSIONS = 3


def submit_signals(then=lambda: True):
    """Three public reports in Zwolle: each tells Zwolle's liaisons, in the app and by e-mail. `then` is
    waited for after each (the test's in-memory SQLite database locks whole tables between connections)."""
    for n in range(SUBMISSIONS):
        response = _post_when_free({
            "municipality": "GM0193", "description": f"Melding {n}: steeds andere jonge mannen in de kelder."})
        assert response.status_code == 201
        assert wait_for(then)


def _post_when_free(report, attempts=50):
    """The report, sent again while the delivery thread still holds a table. The tests' in-memory SQLite
    database shares its cache between connections, and a table lock there is refused at once (SQLITE_LOCKED
    does not wait for the busy timeout, as a database file's lock does): the thread may still be closing its
    last transaction when `then` already holds. A refused request wrote nothing (its transaction did not
    begin), so sending it again is what a client would do after the 503."""
    for _attempt in range(attempts - 1):
        try:
            return APIClient().post("/api/v1/public/signals", report, format="json")
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.1)
    return APIClient().post("/api/v1/public/signals", report, format="json")


def expected_mails():
    return sorted((n.user.email, n.title) for n in Notification.objects.select_related("user") if n.user.email)


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def first_retry_is_due():
    """The first retry waits a minute (delivery.backoff): that minute has passed."""
    Delivery.objects.update(next_attempt_at=timezone.now())


@pytest.mark.skipif(not is_postgres(), reason="procrastinate's worker needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgres_the_worker_sends_every_mail_once_after_the_outage(world, mail_server, settings, empty_queue):
    settings.KETENZICHT_DELIVER_IN_PROCESS = False  # the worker delivers, as in production on PostgreSQL
    mail_server.stop()
    submit_signals()  # each commit queues the outbox's job (one waits at a time)
    assert Announcement.objects.count() == SUBMISSIONS and not Notification.objects.exists()
    queue.run_worker(wait=False, queues=["notifications"], install_signal_handlers=False)
    assert not Announcement.objects.exists()
    waiting = list(Delivery.objects.all())
    assert len(waiting) == len(expected_mails()) >= SUBMISSIONS  # told in the app; their e-mails wait
    assert all(d.attempts == 1 and "Connection" in d.last_error for d in waiting)
    assert mail_server.received.messages == []

    mail_server.start()
    first_retry_is_due()
    assert queue.defer(delivery.JOB)  # what the worker defers every minute
    queue.run_worker(wait=False, queues=["notifications"], install_signal_handlers=False)
    assert sorted(mail_server.received.messages) == expected_mails()
    assert not Delivery.objects.exists()

    assert queue.defer(delivery.JOB)
    queue.run_worker(wait=False, queues=["notifications"], install_signal_handlers=False)
    assert sorted(mail_server.received.messages) == expected_mails()  # nothing sent twice


@pytest.mark.skipif(is_postgres(), reason="the SQLite fallback")
@pytest.mark.django_db(transaction=True)
def test_sqlite_the_fallback_sends_every_mail_once_after_the_outage(world, mail_server, settings):
    settings.KETENZICHT_PUBLIC_RATE = 1000  # a report sent again (`_post_when_free`) counts for the limit
    mail_server.stop()
    # each commit wakes the process's delivery thread: it tells, and tries to send
    submit_signals(then=lambda: not Announcement.objects.exists() and Delivery.objects.exists()
                   and not Delivery.objects.filter(attempts=0).exists())
    assert Delivery.objects.count() == len(expected_mails()) >= SUBMISSIONS
    assert mail_server.received.messages == []

    mail_server.start()
    first_retry_is_due()
    call_command("worker", "--once")  # the fallback: the every-minute job, in this process
    assert sorted(mail_server.received.messages) == expected_mails()
    assert not Delivery.objects.exists()
    call_command("worker", "--once")
    delivery.stop()
    assert sorted(mail_server.received.messages) == expected_mails()  # nothing sent twice
