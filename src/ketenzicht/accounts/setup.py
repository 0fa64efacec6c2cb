"""The sections of a region's set-up (its municipalities and partners, accounts, tables and seats,
the signalenkaart, shelter places, sign-in): each app registers its own from its registrations.py,
so the set-up overview (the setup app, above every app) lists them without knowing any of them, and
accounts, which sits below every app, knows none of them either.

Every section's URL takes the region's slug as its one argument (`/inrichting/<region>/…`); whether
a user may open it is the section's own rule (usually `accounts.access.administers`)."""
from dataclasses import dataclass
from typing import Callable

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    name: str
    url: str  # a URL name taking `region` (the region's slug)
    label: object  # a lazily translated text
    description: object = ""  # one sentence: what is set up here
    order: int = 100
    offered: Callable | None = None  # (user, region) -> bool; None: whoever administers the region


_sections: dict = {}


def register(name, url, label, description="", order=100, offered=None):
    _sections[name] = Section(name, url, label, description, order, offered)


def sections(user, region, administers):
    """The sections `user` may open for `region`, in order, with their addresses; `administers` is
    the default rule (user, region_id) -> bool, passed in by the caller that owns the rule."""
    found = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        allowed = section.offered(user, region) if section.offered else administers(user, region.pk)
        if allowed:
            found.append({"name": section.name, "label": section.label, "description": section.description,
                          "url": reverse(section.url, kwargs={"region": region.slug})})
    return found
