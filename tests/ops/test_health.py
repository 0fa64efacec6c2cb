"""The health probes: no login, no personal data, cheap, and honest about keys and the outbox."""
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.lib.crypto import new_key
from ketenzicht.notifications.models import Delivery, Notification
from ketenzicht.ops import readiness
from ketenzicht.privacy.models import AccessLog
from tests.helpers import user


def test_live_answers_without_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_when_all_is_well_in_a_few_queries(world, client, django_assert_max_num_queries):
    client.get("/health/ready")  # the first one stores the known value of the keys
    logged = AccessLog.objects.count()
    with django_assert_max_num_queries(4):  # database, keys, outbox, job queue (PostgreSQL)
        response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {name for name, _check in readiness.CHECKS}
    assert all(check["ok"] for check in body["checks"].values())
    assert AccessLog.objects.count() == logged  # a probe is no read of anyone's data
    assert "sessionid" not in response.cookies


def test_ready_fails_with_a_key_that_does_not_read_the_data(world, client, settings):
    assert client.get("/health/ready").status_code == 200
    settings.ENCRYPTION_KEYS = new_key()  # a valid key, but not the one the data was written with
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["encryption_keys"] == {"ok": False}
    assert response.json()["checks"]["database"] == {"ok": True}


def test_ready_fails_without_keys(world, client, settings):
    settings.ENCRYPTION_KEYS = ""
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["encryption_keys"] == {"ok": False}


def _waiting_mail(age):
    notification = Notification.objects.create(user=user("liaison.zwolle"), kind="signal_new", url="/signalen")
    return Delivery.objects.create(notification=notification, created_at=timezone.now() - age,
                                   next_attempt_at=timezone.now() + timedelta(hours=1), attempts=3,
                                   last_error="SMTPServerDisconnected: Connection unexpectedly closed")


def test_ready_fails_with_a_stuck_outbox(world, client, settings):
    settings.KETENZICHT_OUTBOX_MAX_LAG = 900
    _waiting_mail(timedelta(seconds=30))
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert 30 <= response.json()["checks"]["outbox"]["lag_seconds"] < 900
    _waiting_mail(timedelta(hours=2))
    response = client.get("/health/ready")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["ok"] is False and outbox["lag_seconds"] >= 7200
    assert "liaison" not in response.content.decode()  # nothing of whom it is for


def test_probes_are_exempt_from_the_https_redirect_and_need_no_login(world, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/health/ready").status_code == 200
    assert client.get("/signalen").status_code == 301  # everything else still goes to HTTPS


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_probes_only_read(client, path):
    assert client.post(path).status_code == 405
