"""Carrying a receipt code from the form to the one page that shows it.

The code is a bearer secret (whoever holds it reads the status and the feedback), and sessions
live in the database. Between the redirect and the page, the session holds it encrypted with the
installation's keys, and the page takes it out: the session table alone never reveals a code.
"""
from ketenzicht.privacy import crypto

SESSION_KEY = "receipt"


def keep(request, code):
    request.session[SESSION_KEY] = crypto.encrypt(code)


def take(request):
    """The code kept for this page, once; None when there is none."""
    stored = request.session.pop(SESSION_KEY, None)
    return crypto.decrypt(stored) if stored else None
