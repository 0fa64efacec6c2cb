"""Notifications and e-mails leave the request: a submission writes one announcement in its own
transaction; who is told, their notifications and their e-mails' outbox follow after the response, once;
e-mails are sent once, and kept and retried while the mail server is down, never lost."""
import io
import smtplib
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from ketenzicht.accounts.models import RoleAssignment, User
from ketenzicht.notifications import delivery, fanout
from ketenzicht.notifications.models import Announcement, Delivery, Notification
from ketenzicht.notifications.services import notify

from ..helpers import is_postgres, user, verified

SUBMISSION = {"municipality": "GM0193", "description": "Ik zie steeds jonge vrouwen die worden opgehaald."}


def closed_port():
    """A port on 127.0.0.1 where no mail server listens: connecting is refused, as when it is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


class RecordingBackend(EmailBackend):
    """The locmem backend, noting which thread sent each e-mail."""

    threads = []

    def send_messages(self, messages):
        RecordingBackend.threads.append(threading.current_thread().name)
        return super().send_messages(messages)


def submit():
    return APIClient().post("/api/v1/public/signals", SUBMISSION, format="json")


def test_a_submission_answers_without_the_mail_server_and_the_liaison_is_told_at_once(
        world, client, mail_server_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        response = submit()
    assert response.status_code == 201
    assert after_commit == [delivery.deliver_soon]  # telling and sending are asked for once it commits, not done
    assert not Notification.objects.exists() and Announcement.objects.count() == 1
    assert fanout.fan_out() == 1  # what the process's delivery thread does first after the commit
    liaison = user("liaison.zwolle")
    told = Notification.objects.get(user=liaison, kind="new_signal")
    assert Delivery.objects.get().notification == told
    page = verified(client, "liaison.zwolle").get("/berichten").content.decode()
    assert "Berichten (1 nieuw)" in page and f"Nieuw signaal {told.params['reference']}" in page


def test_the_request_sends_nothing_even_when_its_commit_callbacks_run(world, settings,
                                                                       django_capture_on_commit_callbacks):
    """Before the outbox, the commit callback sent the e-mail in the request's own thread."""
    settings.KETENZICHT_DELIVER_IN_PROCESS = False  # a worker delivers: nothing else may send
    with django_capture_on_commit_callbacks(execute=True):
        assert submit().status_code == 201
    assert mail.outbox == [] and not Notification.objects.exists() and Announcement.objects.count() == 1
    call_command("deliver_outbox", stdout=io.StringIO())  # the worker's step
    assert len(mail.outbox) == 1 and not Announcement.objects.exists()


def test_the_outbox_sends_each_email_once(world):
    chair, liaison = user("chair.ijsselland"), user("liaison.deventer")
    notify([chair, liaison, chair], "referral", "/zorg/plaatsen")
    assert Delivery.objects.count() == 2
    assert delivery.deliver() == delivery.Result(sent=2)
    assert delivery.deliver() == delivery.Result()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chair.email, liaison.email])
    message = next(m for m in mail.outbox if m.to == [chair.email])
    assert message.subject == Notification.objects.get(user=chair).title
    assert "/zorg/plaatsen" in message.body and Delivery.objects.count() == 0


def test_a_claimed_email_is_not_claimed_again_while_it_is_being_sent(world):
    notify([user("chair.ijsselland")], "referral", "/zorg/plaatsen")
    now = timezone.now()
    assert len(delivery._claim(10, now)) == 1
    assert delivery._claim(10, now) == [] and delivery.deliver(now=now) == delivery.Result()
    assert delivery.deliver(now=now + delivery.LEASE).sent == 1  # a deliverer that died: sent after its lease


def test_while_the_mail_server_is_down_nothing_is_lost_and_retries_back_off(world, settings, mail_server_down):
    notify([user("chair.ijsselland")], "referral", "/zorg/plaatsen")
    now = timezone.now()
    waits = []
    for _attempt in range(12):
        assert delivery.deliver(now=now) == delivery.Result(failed=1)
        waiting = Delivery.objects.get()
        assert "ConnectionRefusedError" in waiting.last_error
        waits.append(waiting.next_attempt_at - now)
        assert delivery.deliver(now=waiting.next_attempt_at - timedelta(seconds=1)) == delivery.Result()
        now = waiting.next_attempt_at
    assert waiting.attempts == 12
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(hours=6)  # at most: never given up
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    assert delivery.deliver(now=now) == delivery.Result(sent=1)
    assert len(mail.outbox) == 1 and not Delivery.objects.exists()


def test_one_refused_email_does_not_hold_up_the_others(world, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    notify([user("chair.ijsselland"), user("liaison.deventer")], "referral", "/zorg/plaatsen")
    assert delivery.deliver() == delivery.Result(sent=1, failed=1)
    assert [m.to for m in mail.outbox] == [[user("liaison.deventer").email]]
    assert "SMTPRecipientsRefused" in Delivery.objects.get().last_error


class RefusingBackend(EmailBackend):
    """Refuses e-mail to the chair, as a mail server refuses one recipient."""

    def send_messages(self, messages):
        if any(m.to == ["chair.ijsselland@demo.ketenzicht.example"] for m in messages):
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"no such user")})
        return super().send_messages(messages)


def test_who_has_no_address_or_account_any_more_is_dropped_from_the_outbox(world):
    chair = user("chair.ijsselland")
    notify([chair], "referral", "/zorg/plaatsen")
    User.objects.filter(pk=chair.pk).update(is_active=False)
    assert delivery.deliver() == delivery.Result(dropped=1)
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_the_command_delivers_what_is_due(world, capsys):
    notify([user("chair.ijsselland"), user("liaison.deventer")], "referral", "/zorg/plaatsen")
    call_command("deliver_outbox")
    assert "e-mails sent: 2" in capsys.readouterr().out and len(mail.outbox) == 2


def test_one_public_submission_takes_a_fixed_number_of_queries_and_tells_nobody_itself(
        world, django_assert_num_queries):
    """Rate limit, municipality with its region, savepoint, route, signal, its link, first step,
    feedback, access log, the announcement, the webhook subscriptions concerned, release: whoever handles
    it is told after the response, so the number does not grow with the liaisons."""
    submit()  # the first request of a process reads what it caches (content types, ...)
    with django_assert_num_queries(12):
        assert submit().status_code == 201
    zwolle = RoleAssignment.objects.filter(user__username="liaison.zwolle").first()
    RoleAssignment.objects.create(user=user("liaison.deventer"), role=zwolle.role, organisation=zwolle.organisation,
                                  municipality=zwolle.municipality, approved_at=timezone.now())
    with django_assert_num_queries(12):
        assert submit().status_code == 201
    assert not Notification.objects.exists() and Announcement.objects.count() == 3
    assert fanout.fan_out() == 3 and fanout.fan_out() == 0  # told once: a second pass finds nothing
    for liaison in ("liaison.zwolle", "liaison.deventer"):  # who handles it when it is told, once for each
        assert Notification.objects.filter(kind="new_signal", user__username=liaison).count() == 3
    assert delivery.deliver().sent == 6 and delivery.deliver() == delivery.Result()


def test_an_announcement_of_what_is_gone_since_tells_nobody(world):
    with transaction.atomic():
        fanout.announce("new_signal", "5b2d0f43-0000-4000-8000-000000000000")
    assert fanout.fan_out() == 1 and not Notification.objects.exists() and not Announcement.objects.exists()


def test_a_kind_without_an_audience_is_refused_in_the_request(world):
    with pytest.raises(LookupError):
        fanout.announce("no_such_kind", "1")


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_a_thread_of_the_process_sends_it(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.threads = []
    person = User.objects.create_user("outbox.test", email="outbox.test@example.org")
    notify([person], "referral", "/zorg/plaatsen")  # autocommit: committed at once
    deadline = time.monotonic() + 10
    while Delivery.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    delivery.stop()  # and its connection closed, before the test database goes
    assert not Delivery.objects.exists()
    assert [m.to for m in mail.outbox] == [["outbox.test@example.org"]]
    assert RecordingBackend.threads == ["ketenzicht-outbox"]


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_the_thread_tells_the_audience_and_sends_its_mail(settings, monkeypatch):
    """What `make run` relies on: with no worker running, the process tells and mails by itself."""
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.threads = []
    person = User.objects.create_user("fanout.test", email="fanout.test@example.org")
    monkeypatch.setitem(fanout._audiences, "referral", lambda about_id: ([person], f"/zorg/{about_id}", None))
    with transaction.atomic():
        fanout.announce("referral", "7")
    deadline = time.monotonic() + 10
    while (Announcement.objects.exists() or Delivery.objects.exists()) and time.monotonic() < deadline:
        time.sleep(0.02)
    delivery.stop()
    assert Notification.objects.get(user=person).url == "/zorg/7" and not Announcement.objects.exists()
    assert [m.to for m in mail.outbox] == [["fanout.test@example.org"]]
    assert RecordingBackend.threads == ["ketenzicht-outbox"]


@pytest.mark.skipif(not is_postgres(), reason="concurrent deliverers need a database with row locks")
@pytest.mark.django_db(transaction=True)
def test_two_deliverers_at_once_send_each_email_once(settings):
    settings.KETENZICHT_DELIVER_IN_PROCESS = False
    people = [User.objects.create_user(f"outbox.{n}", email=f"outbox.{n}@example.org") for n in range(60)]
    notify(people, "referral", "/zorg/plaatsen")
    results, start = [], threading.Barrier(2)

    def deliverer():
        start.wait()
        results.append(delivery.deliver(limit=20))
        results.append(delivery.deliver(limit=20))
        connection.close()

    threads = [threading.Thread(target=deliverer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in results) == 60 == len(mail.outbox)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
