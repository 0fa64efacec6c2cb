"""The notifications page's list, a page at a time (lib/keyset.py): nothing cut without saying so.

One line per group (the same kind about the same thing: a chair told 30 times of the same case
reads one line), newest group first. The groups are the notifications marked `is_latest`, read from
the partial index `notification_groups` (user, -id) after the cursor: the page costs its own rows,
whatever the user was ever told. The totals and unread counts are read for the page's groups only.
"""
import functools
import operator

from django.db.models import Count, F, Q

from ketenzicht.lib import keyset

from .models import Notification

# The groups of a user's notifications, newest first: a group's newest notification is unique.
# The key is the negated id, as the index `notification_groups` holds it: ordered by `-id` itself,
# PostgreSQL read the primary key backwards instead and skipped every other user's newer
# notifications (0.4 s for a liaison whose notifications are a fifth of the table but none of its newest).
GROUPS = keyset.Keyset("notifications", "newest")
NEWEST = F("id") * -1


def groups(user):
    """The newest notification of each of the user's groups."""
    return Notification.objects.filter(user=user, is_latest=True).annotate(newest=NEWEST)


def grouped(user, size=50, cursor=None):
    """One page of `groups`: a Window whose rows are (newest, total, unread), after `cursor` (a
    forged one raises InvalidInput naming `cursor`); its count says how many groups there are, up
    to COUNT_LIMIT. Three queries, whatever the page size."""
    window = GROUPS.window(groups(user), size, cursor=cursor)
    counts = {}
    if window.rows:
        same = functools.reduce(operator.or_, [Q(kind=kind, url=url) for kind, url in
                                               dict.fromkeys((n.kind, n.url) for n in window.rows)])
        counts = {(row["kind"], row["url"]): (row["total"], row["unread"]) for row in
                  Notification.objects.filter(same, user=user).order_by().values("kind", "url").annotate(
                      total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True)))}
    window.rows = [(n, *counts.get((n.kind, n.url), (1, int(n.read_at is None)))) for n in window.rows]
    return window
