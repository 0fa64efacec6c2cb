"""Who may import signals, and whose imports they see.

Whoever may report a signal (intake's rule) imports a list of them for the organisation they work
for. An import holds the signals of one person's upload until it is done: it is theirs alone. Anyone
else, of another organisation, region or the same one, finds no such import (404)."""
from ketenzicht.intake import access as intake_access
from ketenzicht.lib.http import uuid_or_none
from ketenzicht.privacy import policy

from .models import ImportBatch

ACTIONS = ("view", "confirm")


def may_import(user) -> bool:
    return intake_access.can_report(user) and user.primary_organisation is not None


def can(user, action, batch) -> bool:
    return action in ACTIONS and batch.uploaded_by_id == user.pk and may_import(user)


def visible_to(user):
    if not may_import(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(uploaded_by=user)


def _fetch(pk):
    pk = uuid_or_none(pk)
    return ImportBatch.objects.select_related("organisation").filter(pk=pk).first() if pk else None


RULES = policy.Rules(kind="signal_import", can=can, visible=visible_to, fetch=_fetch)
