"""Signing in: password and second factor in one step, with lockout after failed attempts."""
from django.conf import settings
from django.contrib.auth import authenticate, login, user_login_failed
from django_otp import login as otp_login
from django_otp import match_token

from ketenzicht.privacy import audit

from .models import DEMO_DEVICE


class LoginFailed(Exception):
    pass


def sign_in(request, username, password, otp_token):
    """Log the user in only when password and TOTP code are both right.

    A wrong code counts as a failed login for the lockout (django-axes listens to
    `user_login_failed`), so the second factor cannot be brute-forced either.
    """
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LoginFailed("locked")
    if user is None:
        audit.record(None, "login_failed", "user", username[:150], request=request)
        raise LoginFailed("credentials")
    device = match_token(user, otp_token)
    if device is not None and device.name == DEMO_DEVICE and not settings.DEMO:
        audit.record(user, "login_failed", "user", user.pk, reason="demo_account", request=request)
        raise LoginFailed("credentials")
    if device is None:
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        audit.record(user, "login_failed", "user", user.pk, reason="otp", request=request)
        if getattr(request, "axes_locked_out", False):
            raise LoginFailed("locked")
        raise LoginFailed("credentials")
    login(request, user)
    otp_login(request, device)
    audit.record(user, "login", "user", user.pk, request=request)
    return user
