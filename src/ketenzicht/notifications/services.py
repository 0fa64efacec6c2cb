"""Notify users in the app and by e-mail. A notification names its kind and the reference of what it
is about; e-mails carry only a link. Only whoever may open what it is about is told, and the same
question is asked again when it is opened (access changes: an invitation ends, a grant expires)."""
from django.db import transaction
from django.utils import timezone

from . import delivery
from .models import Delivery, Notification

# Filled by privacy (which sits above): the need-to-know rules that decide who may open what.
_guard = {}


def guarded_by(kind_of, may_view, may_open):
    """`kind_of(obj)` names what a notification is about ("case") or None when no rules hold it;
    `may_view(user, obj)` decides the recipients; `may_open(user, kind, id)` decides on opening."""
    _guard.update(kind_of=kind_of, may_view=may_view, may_open=may_open)


def notify(users, kind, url, about=None, **params):
    """Store a notification for each distinct, active user who may open `about` (every given user
    when it is about no single object, e.g. a list they work on), and put an e-mail to each who has
    an address in the outbox: two INSERTs in the caller's transaction, whatever the number of users,
    and one UPDATE that makes the new ones the newest of their groups.
    The e-mails go after the commit (`delivery`), never while the request waits. The notifications
    are there as soon as the transaction commits: whoever is told sees it on their next page.
    `about`'s reference is a parameter of the title."""
    about_kind = _guard["kind_of"](about) if about is not None else ""
    if about is not None and hasattr(about, "reference"):
        params = {"reference": about.reference, **params}
    recipients = [u for u in {u.pk: u for u in users if u.is_active}.values()
                  if not about_kind or _guard["may_view"](u, about)]
    if recipients:  # each group's newest is the one added now (lists.groups)
        Notification.objects.filter(user__in=recipients, kind=kind, url=url, is_latest=True).update(is_latest=False)
    created = Notification.objects.bulk_create([
        Notification(user=u, kind=kind, params=params, url=url, about_kind=about_kind,
                     about_id=str(about.pk) if about_kind else "") for u in recipients])
    mailed = [Delivery(notification=n) for n in created if n.user.email]
    if mailed:
        Delivery.objects.bulk_create(mailed)
        transaction.on_commit(delivery.deliver_soon)
    return created


# The menu counts a user's unread notifications on every page, as far as this ("more than 999"):
# a liaison of many municipalities who reads none would otherwise pay for all of them every time.
UNREAD_LIMIT = 999


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def unread_count(user):
    """How many of the user's notifications are unread, counted up to UNREAD_LIMIT + 1."""
    limit = UNREAD_LIMIT
    return unread(user).order_by()[:limit + 1].count()


@transaction.atomic
def open_for(user, notification_id):
    """Mark the notification and the others of its kind on the same object read; return it, and
    whether the user may still open what it is about (None when there is no such notification)."""
    notification = Notification.objects.filter(user=user, pk=notification_id).first()
    if notification is None:
        return None, False
    Notification.objects.filter(user=user, kind=notification.kind, url=notification.url,
                                read_at__isnull=True).update(read_at=timezone.now())
    allowed = not notification.about_kind or _guard["may_open"](user, notification.about_kind, notification.about_id)
    return notification, allowed


def mark_all_read(user):
    """Everything read at once; returns how many were unread."""
    return unread(user).update(read_at=timezone.now())
