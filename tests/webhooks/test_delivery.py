"""Webhook deliveries against a real receiver on 127.0.0.1: signed per Standard Webhooks, ids and links
only, retried with back-off after a time-out, paused (with a notice) after failing in a row, refused for
internal addresses also at delivery time (DNS rebinding), no redirect followed."""
import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.cases import services as case_services
from ketenzicht.cases.models import Track
from ketenzicht.notifications.models import Notification
from ketenzicht.regions.models import Organisation, Region
from ketenzicht.webhooks import delivery, events, services, ssrf
from ketenzicht.webhooks.models import Delivery, Subscription

from ..helpers import case_with_care_track, professional_payload, report_as, user, verified
from .conftest import verify

ALL = ["signal.received", "case.on_agenda", "task.assigned", "track.closed"]


def admin(username="admin.ijsselland"):
    """The region's administrator, second factor passed (as the middleware marks a verified session)."""
    account = user(username)
    account.is_verified = lambda: True  # what django-otp's middleware sets on a verified request
    return account


def subscribe(receiver, organisation, events=ALL):
    region = organisation.region
    subscription, secret = services.create(admin(f"admin.{region.slug}"), region, organisation, receiver.url, events)
    receiver.secrets.append(secret)
    return subscription


def zwolle():
    return Organisation.objects.get(municipality__cbs_code="GM0193", sector="gemeente")


def test_a_new_signal_reaches_the_municipality_signed_with_ids_and_links_only(world, receiver):
    subscription = subscribe(receiver, zwolle())
    signal, code = report_as("reporter.zwolle", contact="Jan Jansen, 06-12345678")
    assert delivery.deliver_all() == 1
    [got] = receiver.received
    assert got["verified"] is True, got["why"]
    assert got["path"] == "/hooks/ketenzicht"
    payload = got["payload"]
    assert payload["type"] == "signal.received" and payload["data"]["signal_id"] == str(signal.pk)
    assert payload["data"]["organisation_id"] == subscription.organisation_id
    assert payload["data"]["links"]["signal"].endswith(f"/api/v1/signals/{signal.pk}")
    assert set(payload) == {"type", "timestamp", "data"}
    body = got["body"].decode()
    personal = [signal.description, signal.location, "Jan Jansen", "06-12345678", code,
                professional_payload()["description"], "Industrieweg"]
    assert not [value for value in personal if value and value in body]
    row = Delivery.objects.get(subscription=subscription)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 1, 204, "")
    assert got["headers"]["webhook-id"] == row.message_id


def test_a_replay_is_detectable_by_the_receiver(world, receiver):
    subscribe(receiver, zwolle())
    report_as("reporter.zwolle")
    delivery.deliver_all()
    [got] = receiver.received
    headers, body = got["headers"], got["body"]
    assert verify(receiver.secret, headers, body)[0]
    later = int(headers["webhook-timestamp"]) + 10 * 60  # the same request, sent again ten minutes later
    assert verify(receiver.secret, headers, body, now=later) == (False, "timestamp too old or new (replay?)")
    moved = {**headers, "webhook-timestamp": str(later)}  # and a fresh timestamp breaks the signature
    assert verify(receiver.secret, moved, body, now=later) == (False, "no signature matches")
    assert not verify(receiver.secret, headers, body.replace(b"signal", b"signaX"))[0]


def test_other_municipalities_and_unsubscribed_events_hear_nothing(world, receiver):
    deventer = Organisation.objects.get(municipality__cbs_code="GM0150", sector="gemeente")
    subscribe(receiver, deventer)
    subscribe(receiver, zwolle(), events=["track.closed"])
    report_as("reporter.zwolle")  # Zwolle and Kampen
    assert delivery.deliver_all() == 0 and not receiver.received


def test_the_case_route_emits_agenda_task_and_track_closed(world, receiver):
    police = Organisation.objects.get(name="Politie IJsselland")
    care = Organisation.objects.get(name="Veilig Thuis IJsselland")
    subscribe(receiver, police)
    subscription_care = subscribe(receiver, care)
    case = case_with_care_track()
    track = Track.objects.get(case=case)
    task = case_services.add_task(user("chair.ijsselland"), track, "Gesprek plannen", police,
                                  timezone.localdate() + timedelta(days=7))
    member = next(u for u in user("chair.ijsselland").__class__.objects.filter(role_assignments__organisation=care))
    case_services.close_track(member, track, "Hulp loopt")
    delivery.deliver_all()
    kinds = sorted((d.subscription.organisation.name, d.event) for d in Delivery.objects.select_related("subscription__organisation"))
    assert kinds == [("Politie IJsselland", "case.on_agenda"), ("Politie IJsselland", "task.assigned"),
                     ("Politie IJsselland", "track.closed"), ("Veilig Thuis IJsselland", "track.closed")]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
    task_payload = json.loads(Delivery.objects.get(event="task.assigned").payload)
    assert {k: task_payload["data"][k] for k in ("task_id", "track_id", "case_id")} == {
        "task_id": task.pk, "track_id": track.pk, "case_id": str(case.pk)}
    for got in receiver.received:
        secret = Subscription.objects.get(pk=subscription_care.pk).secret
        if got["payload"]["data"]["organisation_id"] == police.pk:
            secret = Subscription.objects.get(organisation=police).secret
        assert verify(secret, got["headers"], got["body"])[0]


def test_a_receiver_that_hangs_times_out_and_is_tried_again(world, receiver, monkeypatch):
    monkeypatch.setattr(delivery, "TIMEOUT", 1)
    receiver.mode, receiver.hang_for = "hang", 2.5
    subscription = subscribe(receiver, zwolle())
    report_as("reporter.zwolle")
    now = timezone.now()
    delivery.deliver_all(now)
    row = Delivery.objects.get(subscription=subscription)
    assert row.status == "pending" and row.attempts == 1 and row.last_status_code is None
    assert "timed out" in row.last_error.lower() or "timeout" in row.last_error.lower()
    assert row.next_attempt_at == now + delivery.FIRST_RETRY
    assert delivery.deliver_all(now + timedelta(seconds=10)) == 0  # not due yet: back-off
    receiver.mode = "ok"
    assert delivery.deliver_all(now + delivery.FIRST_RETRY) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 2, 204)
    assert receiver.received[-1]["headers"]["webhook-id"] == row.message_id  # the same message, again
    assert Subscription.objects.get(pk=subscription.pk).consecutive_failures == 0


def test_a_receiver_that_drips_its_answer_is_cut_off_at_the_deadline(world, receiver, monkeypatch):
    """Every byte comes within the time-out, the whole answer never: the attempt ends at the deadline,
    fails, and will be tried again; the lease outlasts a batch of such attempts."""
    monkeypatch.setattr(delivery, "TIMEOUT", 1)
    monkeypatch.setattr(delivery, "DEADLINE", 2)
    receiver.mode, receiver.hang_for = "drip", 0.3  # 27 bytes: 8 s in all
    subscription = subscribe(receiver, zwolle())
    report_as("reporter.zwolle")
    started = time.monotonic()
    delivery.deliver_all(timezone.now())
    assert time.monotonic() - started < 4
    row = Delivery.objects.get(subscription=subscription)
    assert row.status == "pending" and row.attempts == 1 and row.last_status_code is None
    assert "no complete answer within 2 s" in row.last_error
    assert delivery.LEASE > timedelta(seconds=delivery.BATCH * 15)  # the module's own deadline, per attempt


def test_back_off_grows_exponentially():
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert delivery.backoff(30) == delivery.LAST_RETRY


def test_a_receiver_that_fails_forever_is_paused_with_a_notice_and_resumed(world, receiver, client):
    receiver.mode = "fail"
    subscription = subscribe(receiver, zwolle())
    report_as("reporter.zwolle")
    report_as("reporter.zwolle")
    now = timezone.now()
    for _round in range(20):
        delivery.deliver_all(now)
        now += delivery.LAST_RETRY
        subscription.refresh_from_db()
        if not subscription.active:
            break
    assert not subscription.active and subscription.consecutive_failures == delivery.PAUSE_AFTER
    assert Delivery.objects.filter(subscription=subscription, last_status_code=500).count() == 2
    notice = Notification.objects.get(user=user("admin.ijsselland"), kind="webhook_paused")
    assert notice.url == f"/inrichting/ijsselland/webhooks/{subscription.pk}"
    assert delivery.deliver_all(now + timedelta(days=1)) == 0  # paused: nothing is tried
    receiver.mode = "ok"
    page = verified(client, "admin.ijsselland").get(notice.url)
    assert "gepauzeerd" in page.content.decode().lower()
    assert client.post(notice.url, {"action": "resume"}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.active and subscription.consecutive_failures == 0
    waiting = Delivery.objects.filter(subscription=subscription, status="pending").count()
    assert delivery.deliver_all() == waiting >= 1
    assert Delivery.objects.filter(subscription=subscription, status="delivered").count() == waiting


def test_a_redirect_is_not_followed(world, receiver):
    receiver.mode = "redirect"
    subscription = subscribe(receiver, zwolle())
    report_as("reporter.zwolle")
    delivery.deliver_all()
    row = Delivery.objects.get(subscription=subscription)
    assert (row.status, row.last_status_code, row.last_error) == ("pending", 302, "Redirect not followed")
    assert len(receiver.received) == 1


def test_a_name_that_resolves_inside_at_delivery_is_refused(world, receiver, monkeypatch, settings):
    """DNS rebinding: public when subscribed, an internal address when delivered. Nothing is sent."""
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = False
    answers = {"hooks.partner.example": ["93.184.216.34"]}
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: answers[host])
    region = Region.objects.get(slug="ijsselland")
    subscription, _secret = services.create(admin(), region, zwolle(),
                                            "https://hooks.partner.example/in", ["signal.received"])
    answers["hooks.partner.example"] = ["10.1.2.3"]
    connected = []
    monkeypatch.setattr(delivery, "post", lambda *args: connected.append(args))
    report_as("reporter.zwolle")
    delivery.deliver_all()
    row = Delivery.objects.get(subscription=subscription)
    assert row.status == "pending" and row.last_error.startswith("Refused:") and not connected


def test_only_ids_go_in_a_payload():
    with pytest.raises(TypeError):
        events.emit("signal.received", organisations=[1], signal_id="Jan Jansen")
    with pytest.raises(ValueError):
        events.emit("signal.invented", organisations=[1])
