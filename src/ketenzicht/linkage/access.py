"""Who may see and do what with a person's identifiers, the suggestions and the networks.

Everything follows the signal's own rules (intake/access.py through the policy front):
- whoever may handle (update) a signal records and reads the identifiers of its persons, sees the
  suggestions about them and the signals of its network that they may see themselves;
- a suggestion is *in scope* when the user may handle both signals: then both are shown. When the
  other signal lies outside (another municipality, organisation or region), the user learns only
  that a possible match exists and whom to contact there, never its content;
- either side decides on a suggestion; whoever handles neither side gets a 404, as if it did not exist.
"""
from django.db.models import Q

from ketenzicht.accounts.models import Role, RoleAssignment, in_effect
from ketenzicht.intake import access as intake_access
from ketenzicht.intake.models import Signal
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import policy

from .models import Suggestion

# Whom to contact about a signal outside one's scope, in this order: the liaisons of its
# municipalities, else the region's care coordinators, else the chairs of the region's table.
CONTACT_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)


def may_record(user, signal) -> bool:
    """Records and reads the identifiers of this signal's persons: whoever may handle the signal."""
    return policy.can(user, "update", signal)


def in_scope(user, suggestion) -> bool:
    return may_record(user, suggestion.person.signal) and may_record(user, suggestion.candidate.signal)


def own_side(user, suggestion):
    """(the user's person, the other person) of a suggestion, or None when the user handles neither."""
    if may_record(user, suggestion.person.signal):
        return suggestion.person, suggestion.candidate
    if may_record(user, suggestion.candidate.signal):
        return suggestion.candidate, suggestion.person
    return None


def fetch_suggestion(pk):
    pk = int_or_none(pk)
    if pk is None:
        return None
    related = ("person__signal__region", "candidate__signal__region")
    return (Suggestion.objects.select_related(*related)
            .prefetch_related("person__signal__municipality_links", "candidate__signal__municipality_links")
            .filter(pk=pk).first())


def suggestions_about(signal):
    """Every suggestion one of whose persons belongs to this signal (the caller checked the user)."""
    return (Suggestion.objects.filter(Q(person__signal=signal) | Q(candidate__signal=signal))
            .select_related("person__signal__lead_municipality", "candidate__signal__lead_municipality")
            .prefetch_related("person__signal__municipality_links", "candidate__signal__municipality_links"))


def contacts(signal):
    """Whom to contact about a signal one may not see: [(role label, organisation name)], no person.
    The liaisons of its municipalities, else the region's care coordinators, else its table chairs."""
    assignments = RoleAssignment.objects.filter(in_effect(), user__is_active=True).select_related("organisation")
    municipality_ids = [link.municipality_id for link in signal.municipality_links.all()]
    for found in (assignments.filter(role=Role.LIAISON, municipality_id__in=municipality_ids),
                  assignments.filter(role=Role.CARE_COORDINATOR, organisation__region_id=signal.region_id),
                  assignments.filter(role=Role.TABLE_CHAIR, organisation__region_id=signal.region_id)):
        pairs = sorted({(str(Role(a.role).label), a.organisation.name) for a in found})
        if pairs:
            return pairs
    return []


def handlers(signal):
    """Who hears of a possible match on this signal: whoever handles it (the mirror notice)."""
    return intake_access.signal_handlers([link.municipality_id for link in signal.municipality_links.all()])


def visible_signals(user):
    return policy.visible(user, Signal)
