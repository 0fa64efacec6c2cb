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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import drafts

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
                request.kz_ended_for = user
                logout(request)  # the page's own login check then sends the user to the login page
                hours = settings.SESSION_COOKIE_AGE // 3600
                messages.warning(request, ngettext(
                    "U bent uitgelogd: een sessie duurt ten hoogste %(hours)d uur na het inloggen. Log opnieuw in.",
                    "U bent uitgelogd: een sessie duurt ten hoogste %(hours)d uur na het inloggen. Log opnieuw in.",
                    hours) % {"hours": hours})
            elif now - last_seen > settings.KETENZICHT_IDLE_TIMEOUT:
                request.kz_ended_for = user
                logout(request)
            elif now - last_seen >= 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The POST that found the session ended: keep what it sent, for its user (accounts.drafts).
        Runs after Django's CSRF check, so only the user's own form gets this far."""
        user = getattr(request, "kz_ended_for", None)
        if user is not None and request.method == "POST" and getattr(view_func, "keeps_draft", False):
            drafts.keep(user, request.resolver_match.view_name, request.POST)
            messages.info(request, _("Uw sessie was verlopen. Wat u invulde is bewaard: log opnieuw in, dan staat "
                                     "het weer in het formulier."))
        return None
