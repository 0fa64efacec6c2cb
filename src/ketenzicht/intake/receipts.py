"""Carrying a receipt code from the form to the one page that shows it.

The code is a bearer secret (whoever holds it reads the status and the feedback), and sessions
live in the database. Between the redirect and the page, the session holds it encrypted with the
installation's keys, and the page takes it out: the session table alone never reveals a code.
"""
from ketenzicht.lib import crypto

SESSION_KEY = "receipt"


def keep(request, code, signal):
    """Keep the code of this signal for the page that shows it."""
    request.session[SESSION_KEY] = [str(signal.pk), crypto.encrypt(code)]


def take(request, signal=None):
    """The code kept for this signal (for the citizen's thanks page: the one kept), once; None
    when there is none, or it belongs to another signal than the page shows."""
    stored = request.session.get(SESSION_KEY)
    if not stored or (signal is not None and stored[0] != str(signal.pk)):
        return None
    del request.session[SESSION_KEY]
    return crypto.decrypt(stored[1])
