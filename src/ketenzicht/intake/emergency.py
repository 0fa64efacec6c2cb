"""Break-the-glass: opening a signal outside one's scope in an emergency, with a reason, for a
limited time, flagged for the privacy officer's review."""
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import audit, grants

from . import access
from .models import Signal

MIN_REASON = 20


def find_signal(user, reference):
    """A signal of a region where the user may break the glass, by id or by its 8-character
    reference; None when there is none (or the user may not break the glass for it)."""
    reference = reference.strip().replace("-", "").lower()
    if len(reference) == 32:
        try:
            candidates = Signal.objects.filter(pk=uuid.UUID(reference))
        except ValueError:
            return None
    elif len(reference) == 8 and all(c in "0123456789abcdef" for c in reference):
        # The reference is the first 8 hex digits of the id: a range on the primary key.
        candidates = Signal.objects.filter(pk__gte=uuid.UUID(reference + "0" * 24),
                                           pk__lte=uuid.UUID(reference + "f" * 24))
    else:
        return None
    matches = [s for s in candidates.prefetch_related("municipality_links")[:2] if access.may_break_glass(user, s)]
    return matches[0] if len(matches) == 1 else None


def break_glass(user, signal, reason):
    """Grant the user handling access to this signal for KETENZICHT_EMERGENCY_HOURS. Refused before
    the grant's transaction opens, so a refusal's log entry is not rolled back with it."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Invalid(_("Beschrijf de noodsituatie in ten minste %(n)s tekens.") % {"n": MIN_REASON}, "reason")
    if not access.may_break_glass(user, signal):
        audit.record_signal(user, "denied", signal, reason="break_glass")
        raise Invalid(_("Geen signaal gevonden waarvoor u noodtoegang kunt krijgen."), "reference")
    with transaction.atomic():
        grant = grants.grant(user, signal, reason)
        audit.record_signal(user, "break_glass", signal, flagged=True, grant=grant.pk)
    return grant

