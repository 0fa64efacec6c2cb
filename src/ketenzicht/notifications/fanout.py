"""Telling an event's audience after the response: the notifications' outbox (`Announcement`).

A request that must tell many people (a new signal: every liaison of its municipalities) writes one
announcement in its transaction (`announce`) and answers. Who is told, their notifications and their
e-mails' outbox rows are decided and written here, later: by the process's delivery thread right
after the commit (`delivery.deliver_soon`), or by `ketenzicht deliver_outbox` where a worker delivers.
Who is told is decided at that moment, by the audience the announcing app registered for the kind and
by the need-to-know rules `notify` applies, as when it was done in the request.

Exactly once: an announcement is claimed locked (skipping what another worker holds), fanned out and
deleted in one transaction; a worker that dies half-way rolls back and leaves it for the next.
"""
from django.db import transaction

from . import delivery, services
from .models import Announcement

BATCH = 100  # announcements fanned out in one pass

# Filled by the apps above, from their registrations.py: kind -> `audience(about_id)`, which returns
# (users, url, about) for `services.notify`, or None when what was announced no longer exists.
_audiences = {}


def audience(kind, of):
    """Register who hears of an announcement of `kind`: `of(about_id)` -> (users, url, about) or None."""
    _audiences[kind] = of


def announce(kind, about_id):
    """Have the audience of `kind` told about `about_id` once the caller's transaction commits: one INSERT."""
    if kind not in _audiences:
        raise LookupError(f"no audience registered for {kind!r}")  # a set-up error, found at once
    Announcement.objects.create(kind=kind, about_id=str(about_id))
    transaction.on_commit(delivery.deliver_soon)


def fan_out(limit=BATCH) -> int:
    """Tell the audiences of up to `limit` announcements, oldest first; returns how many were fanned out."""
    done = 0
    while done < limit:
        with transaction.atomic():
            announcement = (Announcement.objects.select_for_update(skip_locked=True)
                            .order_by("created_at", "pk").first())
            if announcement is None:
                break
            found = _audiences[announcement.kind](announcement.about_id)
            if found is not None:
                users, url, about = found
                services.notify(users, announcement.kind, url, about=about)
            announcement.delete()
        done += 1
    return done


def fan_out_all() -> int:
    """Tell the audiences of every announcement waiting, a batch at a time; returns how many."""
    total = last = fan_out()
    while last == BATCH:
        last = fan_out()
        total += last
    return total
