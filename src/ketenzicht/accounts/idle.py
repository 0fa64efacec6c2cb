"""Sessions end 8 hours after login however active the user is, and earlier after a period without
activity, as the Dutch government baseline (BIO) asks.

SESSION_COOKIE_AGE alone is no absolute limit: Django moves a session's expiry each time the
session is saved, and an active user's session is saved every minute (the last-seen time below).
So the login time is kept in the session and checked on every request, for pages and for the API
with a browser session alike. The last-seen time is written at most once a minute, so a busy user
does not cost a session write per request.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import ngettext

LAST_SEEN = "kz_last_seen"
LOGIN_AT = "kz_login_at"


def record_login(sender, request, user, **kwargs):
    """On `user_logged_in`: the session's absolute limit counts from now."""
    request.session[LOGIN_AT] = int(time.time())


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - request.session.get(LOGIN_AT, 0) >= settings.SESSION_COOKIE_AGE:
                logout(request)  # the page's own login check then sends the user to the login page
                hours = settings.SESSION_COOKIE_AGE // 3600
                messages.warning(request, ngettext(
                    "U bent uitgelogd: een sessie duurt ten hoogste %(hours)d uur na het inloggen. Log opnieuw in.",
                    "U bent uitgelogd: een sessie duurt ten hoogste %(hours)d uur na het inloggen. Log opnieuw in.",
                    hours) % {"hours": hours})
            elif now - last_seen > settings.KETENZICHT_IDLE_TIMEOUT:
                logout(request)
            elif now - last_seen >= 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
