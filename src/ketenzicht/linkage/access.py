"""Who may see and do what with a person's identifiers, the suggestions and the networks.

Everything follows the signal's own rules (intake/access.py through the policy front):
- whoever may handle (update) a signal records and reads the identifiers of its persons, sees the
  suggestions about them and the signals of its network that they may see themselves;
- a suggestion is *in scope* when the user may handle both signals: then both are shown. When the
  other signal lies outside (another municipality, organisation or region), the user learns only
  that a possible match exists and whom to contact there, never its content;
- either side decides on a suggestion; whoever handles neither side gets a 404, as if it did not exist.

A side of a suggestion is a person of a signal or a care trajectory (care/access.py): whoever may
handle the trajectory (the region's care coordinator) records its identifiers and decides for it.
"""
from django.db.models import Q
from django.urls import reverse

from ketenzicht.accounts.models import Role, RoleAssignment, in_effect
from ketenzicht.care import access as care_access
from ketenzicht.care.models import Trajectory
from ketenzicht.intake import access as intake_access
from ketenzicht.intake.models import Signal
from ketenzicht.lib.crypto import EncryptedTextField
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import policy

from .models import Suggestion

# Whom to contact about a signal outside one's scope, in this order: the liaisons of its
# municipalities, else the region's care coordinators, else the chairs of the region's table.
CONTACT_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)


def may_record(user, signal) -> bool:
    """Records and reads the identifiers of this signal's persons: whoever may handle the signal."""
    return policy.can(user, "update", signal)


def may_record_trajectory(user, trajectory) -> bool:
    """Records and reads the identifiers of a trajectory's person: whoever may handle the trajectory."""
    return policy.can(user, "handle", trajectory)


def may_handle(user, side) -> bool:
    """Whether the user handles this side of a suggestion (a person of a signal, or a trajectory)."""
    if isinstance(side, Trajectory):
        return may_record_trajectory(user, side)
    return may_record(user, side.signal)


def record_of(side):
    """What a side belongs to, as the access log and the notifications name it: the signal or the trajectory."""
    return side if isinstance(side, Trajectory) else side.signal


def page_of(side):
    """The linkage page of a side's own record (where its handlers see the suggestion)."""
    if isinstance(side, Trajectory):
        return reverse("linkage:trajectory", args=[side.pk])
    return reverse("linkage:signal", args=[side.signal_id])


def region_of(side):
    return record_of(side).region_id


def handled(user, sides):
    """`may_handle` for the sides of a page of suggestions in a fixed number of queries (their
    signals' municipality links prefetched): a function side -> bool."""
    signals = {side.signal_id: side.signal for side in sides if not isinstance(side, Trajectory)}
    by_signal = intake_access.signal_access_many(user, list(signals.values()))

    def handles(side):
        if isinstance(side, Trajectory):
            return may_record_trajectory(user, side)
        return by_signal[side.signal_id] >= intake_access.SIGNAL_ACTIONS["update"]
    return handles


def in_scope(user, suggestion) -> bool:
    return may_handle(user, suggestion.left) and may_handle(user, suggestion.right)


def own_side(user, suggestion):
    """(the user's side, the other side) of a suggestion, or None when the user handles neither."""
    if may_handle(user, suggestion.left):
        return suggestion.left, suggestion.right
    if may_handle(user, suggestion.right):
        return suggestion.right, suggestion.left
    return None


SIDES = ("person__signal__region", "candidate__signal__region", "trajectory__region", "candidate_trajectory__region")


def _clear(model, prefix):
    return [f"{prefix}__{field.name}" for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)]


# What a suggestion's records are loaded without: their clear fields (a trajectory's name and date
# of birth, a signal's text), which no match row or decision reads, in scope or not.
UNREAD = (*_clear(Signal, "person__signal"), *_clear(Signal, "candidate__signal"),
          *_clear(Trajectory, "trajectory"), *_clear(Trajectory, "candidate_trajectory"))


def fetch_suggestion(pk):
    pk = int_or_none(pk)
    if pk is None:
        return None
    return (Suggestion.objects.select_related(*SIDES).defer(*UNREAD)
            .prefetch_related("person__signal__municipality_links", "candidate__signal__municipality_links")
            .filter(pk=pk).first())


def _suggestions(where):
    return (Suggestion.objects.filter(where)
            .select_related("person__signal__lead_municipality", "candidate__signal__lead_municipality",
                            "trajectory__municipality", "candidate_trajectory__municipality").defer(*UNREAD)
            .prefetch_related("person__signal__municipality_links", "candidate__signal__municipality_links"))


def suggestions_about(signal):
    """Every suggestion one of whose persons belongs to this signal (the caller checked the user)."""
    return _suggestions(Q(person__signal=signal) | Q(candidate__signal=signal))


def suggestions_about_trajectory(trajectory):
    """Every suggestion one of whose sides is this trajectory (the caller checked the user)."""
    return _suggestions(Q(trajectory=trajectory) | Q(candidate_trajectory=trajectory))


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


def trajectory_contacts(trajectory):
    """Whom to contact about a trajectory one may not see: the care coordinators of its region, else
    the chairs of the region's tables. [(role label, organisation name)], no person."""
    assignments = RoleAssignment.objects.filter(in_effect(), user__is_active=True,
                                                organisation__region_id=trajectory.region_id)
    for role in (Role.CARE_COORDINATOR, Role.TABLE_CHAIR):
        pairs = sorted({(str(Role(a.role).label), a.organisation.name)
                        for a in assignments.filter(role=role).select_related("organisation")})
        if pairs:
            return pairs
    return []


def contacts_of(side, known=None):
    """Whom to contact about a side; `known` (a dict) keeps them for a page, per region or set of
    municipalities, which is all they depend on."""
    if isinstance(side, Trajectory):
        key, find = ("region", side.region_id), lambda: trajectory_contacts(side)
    else:
        key = (side.signal.region_id, tuple(sorted(link.municipality_id for link in side.signal.municipality_links.all())))
        find = lambda: contacts(side.signal)  # noqa: E731
    known = {} if known is None else known
    if key not in known:
        known[key] = find()
    return known[key]


def handlers(signal):
    """Who hears of a possible match on this signal: whoever handles it (the mirror notice)."""
    return intake_access.signal_handlers([link.municipality_id for link in signal.municipality_links.all()])


def handlers_of(side):
    """Who hears of a possible match or a decision on this side: whoever handles its record."""
    if isinstance(side, Trajectory):
        return care_access.care_coordinators(side.region_id)
    return handlers(side.signal)


def visible_signals(user):
    return policy.visible(user, Signal)
