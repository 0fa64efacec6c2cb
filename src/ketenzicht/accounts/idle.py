"""Sessions end after a period without activity, as the Dutch government baseline (BIO) asks.

The absolute limit is SESSION_COOKIE_AGE; this middleware adds the idle limit. The last-seen
time is written at most once a minute, so a busy user does not cost a session write per request.
"""
import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN = "kz_last_seen"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.KETENZICHT_IDLE_TIMEOUT:
                logout(request)
            elif now - last_seen >= 60 or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
