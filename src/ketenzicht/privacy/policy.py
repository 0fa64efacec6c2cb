"""The one front of need-to-know: may this user do this with this object, and what may they see.

Every page, API endpoint and export asks here: `can(user, action, obj)`, `visible(user, Model)`,
and `open(user, Model, pk)` to fetch one object for a request. The rules themselves are kept by
the app that owns the objects (`intake/access.py`, `cases/access.py`, `care/access.py`, ...) and
registered from its `registrations.py` (Open Zaak's shape: authorisation per component), so a
new app adds its rules without touching this module, and this module imports no app.

Fetching and logging are separate on purpose: `get` checks (and logs a refusal), `open` also
writes the read to the access log, once per request, however often the request then asks `can`.
"""
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from . import audit


def active(user) -> bool:
    """Only a logged-in, active account is granted anything."""
    return user is not None and user.is_authenticated and user.is_active


def _never(user, action, obj) -> bool:
    return False


@dataclass(frozen=True)
class Rules:
    """What an app tells the front about one model."""

    kind: str  # the object type in the access log: "signal", "case", "trajectory"
    can: Callable  # (user, action, obj) -> bool, for an active user
    visible: Callable  # (user, **filters) -> queryset of what the user may see at all, for an active user
    fetch: Callable  # (pk) -> the object with what its pages read, or None (also for a malformed pk)
    flagged: Callable = _never  # (user, action, obj) -> True when only a break-the-glass grant allows it


_registry: dict = {}


def register(model, rules: Rules):
    _registry[model] = rules


def rules(model) -> Rules:
    try:
        return _registry[model]
    except KeyError:
        raise ImproperlyConfigured(f"No access rules registered for {model.__name__}") from None


def can(user, action, obj) -> bool:
    return active(user) and rules(type(obj)).can(user, action, obj)


def kind_of(obj):
    """What rules hold this object, as the access log names it ("case"), or None."""
    found = _registry.get(type(obj))
    return found.kind if found else None


def may_view(user, kind, pk) -> bool:
    """Whether this user may view the object of this kind (as `kind_of` names it) with this key:
    for what refers to an object by name and key, such as a notification being opened."""
    rule = next((r for r in _registry.values() if r.kind == kind), None)
    obj = rule.fetch(pk) if rule else None
    return obj is not None and can(user, "view", obj)


def visible(user, model, **filters):
    """What this user may see of `model`; `filters` narrow it inside each of the rule's scopes."""
    if not active(user):
        return model.objects.none()
    return rules(model).visible(user, **filters)


def get(user, model, pk, action="view"):
    """The object when this user may do `action` with it, else 404 as if it did not exist.

    A refusal is written to the access log; a read is not (see `open`)."""
    rule = rules(model)
    obj = rule.fetch(pk)
    if obj is None or not can(user, action, obj):
        audit.record(user, "denied", rule.kind, pk, reason=action, region=obj.region_id if obj else None)
        raise Http404
    return obj


def open(user, model, pk, action="view"):
    """`get`, and the read written to the access log: called once per request that shows the object."""
    obj = get(user, model, pk, action)
    rule = rules(model)
    audit.record(user, action, rule.kind, obj.pk, region=obj.region_id, flagged=rule.flagged(user, action, obj))
    return obj
