"""The notifications page's list, a page at a time (lib/keyset.py): nothing cut without saying so."""
from django.db.models import Count, Max, Q

from ketenzicht.lib import keyset

from .models import Notification

# The groups of a user's notifications, newest first: a group's newest notification is unique.
GROUPS = keyset.Keyset("notifications", "-latest")


def groups(user):
    """The user's notifications, one row per kind and object with its newest, how many there are and
    how many are unread: a chair told 30 times of the same case reads one line."""
    return Notification.objects.filter(user=user).values("kind", "url").annotate(
        latest=Max("pk"), total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))


def grouped(user, size=50, cursor=None):
    """One page of `groups`: a Window whose rows are (newest, total, unread), after `cursor` (a
    forged one raises InvalidInput naming `cursor`); its count says how many groups there are, up
    to COUNT_LIMIT. Two queries and the count, whatever the page size."""
    window = GROUPS.window(groups(user), size, cursor=cursor)
    newest = Notification.objects.in_bulk([g["latest"] for g in window.rows])
    window.rows = [(newest[g["latest"]], g["total"], g["unread"]) for g in window.rows]
    return window
