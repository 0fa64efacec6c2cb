"""Carrying a receipt code from the form to the one page that shows it.

The code is a bearer secret (whoever holds it reads the status and the feedback). Between the redirect
and the page it travels in a short-lived cookie of the browser that submitted the form, encrypted with
the installation's keys and signed with a time stamp (the server refuses it after `MAX_AGE`), and the
page deletes it. Nothing is stored on the server for it: a citizen's submission writes no session (a
session row costs a citizen's request an INSERT, and its thanks page a read and a write), and no
table ever holds a code.
"""
from django.conf import settings
from django.core import signing

from ketenzicht.lib import crypto

COOKIE = "ketenzicht_receipt"
SALT = "ketenzicht.intake.receipts"
MAX_AGE = 10 * 60  # seconds from the form to its page: a redirect, or a slow reconnect


def keep(response, code, signal):
    """The redirect `response`, carrying the code of this signal to the page that shows it."""
    value = signing.dumps([str(signal.pk), crypto.encrypt(code)], salt=SALT)
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                        samesite="Lax")
    return response


def take(request, signal=None):
    """The code kept for this signal (for the citizen's thanks page: the one kept); None when there is
    none, it is too old or forged, or it belongs to another signal than the page shows. The page
    that shows it deletes it (`shown`)."""
    try:
        pk, encrypted = signing.loads(request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if signal is not None and pk != str(signal.pk):
        return None
    return crypto.decrypt(encrypted)


def shown(response):
    """The page's `response`, deleting the code it showed: it is shown once."""
    response.delete_cookie(COOKIE, samesite="Lax")
    return response
