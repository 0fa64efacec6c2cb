"""Signing in: password plus TOTP code, lockout, deactivation, sessions."""
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import User
from ketenzicht.demo.loader import password
from ketenzicht.privacy.models import AccessLog

from ..helpers import current_code, verified


def login(client, username, code=None, pw=None):
    return client.post("/inloggen", {"username": username, "password": pw or password(),
                                     "otp_token": code or current_code(username)})


def test_login_needs_password_and_code(world, client):
    response = login(client, "liaison.zwolle")
    assert response.status_code == 302 and response["Location"] == "/signalen"
    assert client.get("/signalen").status_code == 200


def test_wrong_code_is_refused(world, client):
    wrong = "000000" if current_code("liaison.zwolle") != "000000" else "111111"
    response = login(client, "liaison.zwolle", code=wrong)
    assert response.status_code == 400 and "klopt niet" in response.content.decode()
    assert client.get("/signalen").status_code == 302


def test_password_alone_gives_no_access(world, client):
    client.force_login(User.objects.get(username="liaison.zwolle"))  # authenticated, no second factor
    assert client.get("/signalen").status_code == 302
    assert client.get("/api/v1/signals").status_code == 401


def test_lockout_after_five_failures(world, client):
    for _ in range(5):
        login(client, "liaison.zwolle", pw="wrong-password-123")
    response = login(client, "liaison.zwolle")  # right password and code, still locked
    assert response.status_code == 429
    assert "geblokkeerd" in response.content.decode()


def test_deactivation_takes_effect_at_once(world, client):
    verified(client, "liaison.zwolle")
    assert client.get("/signalen").status_code == 200
    User.objects.filter(username="liaison.zwolle").update(is_active=False)
    assert client.get("/signalen").status_code == 302


def test_open_redirect_after_login_is_refused(world, client):
    response = client.post("/inloggen?next=https://evil.example/", {
        "username": "liaison.zwolle", "password": password(), "otp_token": current_code("liaison.zwolle"),
        "next": "https://evil.example/"})
    assert response["Location"] == "/signalen"


def test_admin_requires_second_factor(world, client):
    client.force_login(User.objects.get(username="admin.ijsselland"))
    assert client.get("/beheer/").status_code == 302
    verified(client, "admin.ijsselland")
    page = client.get("/beheer/regions/municipality/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Zwolle" in text and "Middelburg" not in text  # only their own region
    assert client.get("/beheer/intake/signal/").status_code == 404  # no case content in the admin


def test_session_ends_after_the_idle_timeout(world, client, settings):
    from ketenzicht.accounts.idle import LAST_SEEN

    verified(client, "liaison.zwolle")
    assert client.get("/signalen").status_code == 200
    session = client.session
    assert session[LAST_SEEN] > 0
    session[LAST_SEEN] -= settings.KETENZICHT_IDLE_TIMEOUT - 30  # idle, but not long enough
    session.save()
    assert client.get("/signalen").status_code == 200
    session = client.session
    session[LAST_SEEN] -= settings.KETENZICHT_IDLE_TIMEOUT + 1
    session.save()
    assert client.get("/signalen").status_code == 302
    assert client.get("/signalen").status_code == 302  # and the session is gone, not just this request


class Clock:
    """Moves the clocks that sessions read (`time.time`, Django's `timezone.now`) forward."""

    def __init__(self, monkeypatch):
        self.offset = 0
        real_time, real_now = time.time, timezone.now
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=self.offset))


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_session_ends_eight_hours_after_login_however_active(world, client, clock, settings):
    """The absolute limit counts from login: a user busy every ten minutes, in pages and through the
    API with the browser session, is logged out at 8 hours all the same, and told why."""
    assert login(client, "liaison.zwolle").status_code == 302
    limit = 8 * 60 * 60
    for clock.offset in [*range(600, limit, 600), limit - 60]:
        assert client.get("/signalen").status_code == 200, clock.offset
        assert client.get("/api/v1/signals").status_code == 200, clock.offset
    clock.offset = limit
    assert client.get("/api/v1/signals").status_code == 401
    response = client.get("/signalen")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen")
    assert "ten hoogste 8 uur na het inloggen" in client.get(response["Location"]).content.decode()
    assert client.get("/signalen").status_code == 302  # the session is gone, not just this request


def test_deactivation_revokes_api_tokens_at_once(world):
    from ..helpers import api_client

    api = api_client("liaison.zwolle")
    assert api.get("/api/v1/signals").status_code == 200
    User.objects.filter(username="liaison.zwolle").update(is_active=False)
    assert api.get("/api/v1/signals").status_code == 401


def test_weak_passwords_are_refused(world):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    account = User.objects.get(username="liaison.zwolle")
    for weak in ("kort", "123456789012", "liaison.zwolle1", "wachtwoord12"):
        try:
            validate_password(weak, account)
        except ValidationError:
            continue
        raise AssertionError(f"accepted {weak!r}")
    validate_password("Paars-konijn-fietst-9-keer", account)


def test_demo_accounts_cannot_log_in_outside_demo_mode(world, client, settings):
    """Red-team finding: the demo's logins worked on a production installation."""
    settings.DEMO = False
    response = login(client, "liaison.zwolle")
    assert response.status_code == 400 and client.get("/signalen").status_code == 302
    assert AccessLog.objects.filter(action="login_failed", reason="demo_account").exists()
