"""The menu: which entries a user is offered, and where their work starts. Each app registers its
own entries from its registrations.py with the rule that decides them (its access module's), so
accounts, which sits below every app, knows none of them.

An entry may be a start page, with a priority: after login (and at /) a user goes to the first
entry, by priority, that is theirs — the chair to the cases of their table, the care coordinator to
the care register, the reporter to their signals. No role is checked here or in a view."""
from dataclasses import dataclass
from typing import Callable

from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    name: str
    offered: Callable  # (user) -> bool, or a value such as a count (shown unless False or None)
    url: str = ""  # a URL name; empty: a value the pages read, not a link of its own
    label: object = ""  # a lazily translated text, or (value) -> text
    order: int = 100  # place in the menu
    start: int | None = None  # priority as start page, lower first; None: never one
    starts: Callable | None = None  # (user) -> bool: whose start page it is; by default whoever is offered it


_entries: dict = {}


def register(name, offered, url="", label="", order=100, start=None, starts=None):
    """`offered(user)` answers whether (or how much, e.g. a count) the entry shows for this user."""
    _entries[name] = Entry(name, offered, url, label, order, start, starts)


def _shown(value):
    return value is not False and value is not None


def navigation(user):
    return {name: entry.offered(user) for name, entry in _entries.items()}


def links(values, path):
    """The menu's links for these `navigation` values, in order; the one whose address is the
    current page, or the nearest above it, is marked current."""
    found = [{"name": e.name, "url": reverse(e.url), "label": e.label(values[e.name]) if callable(e.label) else e.label}
             for e in sorted(_entries.values(), key=lambda e: e.order) if e.url and _shown(values[e.name])]
    matching = [link["url"] for link in found if path == link["url"] or path.startswith(link["url"].rstrip("/") + "/")]
    current = max(matching, key=len, default=None)
    for link in found:
        link["current"] = link["url"] == current
    return found


def start_page(user):
    """The address of this user's work: the first start entry, by priority, that is theirs."""
    candidates = sorted((e for e in _entries.values() if e.url and e.start is not None), key=lambda e: e.start)
    for entry in candidates:
        if (entry.starts or entry.offered)(user) and _shown(entry.offered(user)):
            return reverse(entry.url)
    first = next((e for e in sorted(_entries.values(), key=lambda e: e.order) if e.url), None)
    return reverse(first.url) if first else "/"
