"""Who may see and do what with signals (DESIGN.md section 4), registered with the policy front.

- a reporter sees their own signals, what they attached and the feedback on them;
- a liaison sees and handles the signals of their municipalities, lead or involved;
- a break-the-glass grant opens one signal of one's region for a few hours, flagged for review;
- analysts, administrators and the privacy officer see no signal.
"""
from enum import IntEnum

from django.db.models import Q
from django.utils import timezone

from ketenzicht.accounts.models import Role, User
from ketenzicht.lib.http import uuid_or_none
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import EmergencyAccess
from ketenzicht.regions.models import Municipality

from .models import Signal, SignalMunicipality

# Roles whose holders are professionals who may report a signal through the guided form.
REPORTING_ROLES = (Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER)
# Roles that handle the signals of their municipality.
HANDLING_ROLES = (Role.LIAISON,)
# Roles that may break the glass for a signal of their region.
EMERGENCY_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)
# Route roles that act on a signal, for whoever handles it.
ROUTE_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR)


class Access(IntEnum):
    NONE = 0
    OWN = 1  # the reporter: what they sent in, its status and the feedback
    HANDLE = 2  # the liaison: everything, and may act on it


# What each action on a signal needs.
SIGNAL_ACTIONS = {
    "view": Access.OWN,
    "attach": Access.OWN,
    "update": Access.HANDLE,
    "note": Access.HANDLE,
    "feedback": Access.HANDLE,
    "mark_acute": Access.HANDLE,
    "transition": Access.HANDLE,
}


def _emergency_grants(user):
    return EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now())


def signal_scopes(user):
    """What this user may see, as (queryset, signal-id field) pairs whose rows carry the inbox keys.

    One pair per reason to see a signal: the links of the municipalities they handle, their own
    reports, their emergency grants. Kept apart so each is an indexed lookup; an OR over them
    makes PostgreSQL scan every signal (0.5 s at 1,000,000 rows).
    """
    if not policy.active(user):
        return []
    scopes = [(Signal.objects.filter(reporter=user), "id"),
              (Signal.objects.filter(pk__in=_emergency_grants(user).values("signal_id")), "id")]
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids:
        scopes.insert(0, (SignalMunicipality.objects.filter(municipality_id__in=municipality_ids), "signal_id"))
    return scopes


def handled_municipalities(user):
    """The municipalities whose signals this user handles (the inbox's municipality filter)."""
    return Municipality.objects.filter(pk__in=user.municipality_ids(*HANDLING_ROLES)).order_by("name")


def signals_visible_to(user):
    """The signals this user may see at all, as a queryset to filter further."""
    ids = [qs.order_by().values(field) for qs, field in signal_scopes(user)]
    if not ids:
        return Signal.objects.none()
    return Signal.objects.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def _scoped_access(user, signal) -> Access:
    """Access by the user's roles alone, without emergency grants."""
    if not policy.active(user):
        return Access.NONE
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids and any(link.municipality_id in municipality_ids for link in signal.municipality_links.all()):
        return Access.HANDLE
    if signal.reporter_id == user.pk:
        return Access.OWN
    return Access.NONE


def signal_access(user, signal) -> Access:
    access = _scoped_access(user, signal)
    if access < Access.HANDLE and policy.active(user) and _emergency_grants(user).filter(signal=signal).exists():
        return Access.HANDLE
    return access


def can(user, action, signal) -> bool:
    return signal_access(user, signal) >= SIGNAL_ACTIONS[action]


def is_emergency(user, action, signal) -> bool:
    """True when only a break-the-glass grant allows this: such accesses are flagged for review."""
    return _scoped_access(user, signal) < SIGNAL_ACTIONS[action] <= signal_access(user, signal)


def may_break_glass(user, signal) -> bool:
    """Who may open a signal outside their scope in an emergency: the roles that act on signals,
    within their own region; and only where they would not see it anyway."""
    return (policy.active(user) and signal.region_id in user.region_ids(*EMERGENCY_ROLES)
            and _scoped_access(user, signal) < Access.HANDLE)


def may_break_glass_somewhere(user) -> bool:
    return policy.active(user) and user.has_role(*EMERGENCY_ROLES)


def route_roles(user, signal):
    """The route roles this user holds for this signal: those that act on it, where they may."""
    if signal_access(user, signal) < Access.HANDLE:
        return set()
    return {role.value for role in ROUTE_ROLES if user.has_role(role)}


def _restriction_allows(user, owner_field):
    """Unrestricted items, items restricted to one of the user's organisations, and their own."""
    organisations = {a.organisation_id for a in user.assignments}
    return Q(restricted_to__isnull=True) | Q(restricted_to__in=organisations) | Q(**{owner_field: user})


def notes_for(user, signal):
    """Enrichment notes: for those who handle the signal, minus what is restricted to another organisation."""
    if signal_access(user, signal) < Access.HANDLE:
        return signal.notes.none()
    return signal.notes.filter(_restriction_allows(user, "author"))


def attachments_for(user, signal):
    """Attachments: the handler's as for notes; the reporter only what they uploaded themselves."""
    access = signal_access(user, signal)
    if access >= Access.HANDLE:
        return signal.attachments.filter(_restriction_allows(user, "uploaded_by"))
    if access == Access.OWN:
        return signal.attachments.filter(uploaded_by=user)
    return signal.attachments.none()


def can_report(user) -> bool:
    return policy.active(user) and user.has_role(*REPORTING_ROLES)


def reportable_municipalities(user):
    """A professional reports for any municipality of the region(s) they work in."""
    if not can_report(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id__in=user.region_ids(*REPORTING_ROLES))


def signal_handlers(municipality_ids):
    """Who handles signals of these municipalities: they are told of a new one."""
    return User.objects.holding(HANDLING_ROLES, municipality_id__in=municipality_ids)


def region_administrators(region_id):
    """Who hears of what nobody handles in a region (e.g. signals about to expire without a liaison)."""
    return User.objects.holding([Role.REGION_ADMIN], organisation__region_id=region_id)


def handles_signals(user) -> bool:
    return policy.active(user) and bool(user.municipality_ids(*HANDLING_ROLES))


def lists_behind(user, municipality_ids) -> bool:
    """May a number about these municipalities link to the signals behind it? Only when the user
    handles the signals of every one of them (the list shows exactly what was counted)."""
    return (policy.active(user) and bool(municipality_ids)
            and set(municipality_ids) <= user.municipality_ids(*HANDLING_ROLES))


def _fetch(pk):
    pk = uuid_or_none(pk)
    if pk is None:
        return None
    return (Signal.objects.select_related("lead_municipality", "region", "route", "reporter_organisation")
            .prefetch_related("municipality_links").filter(pk=pk).first())


RULES = policy.Rules(kind="signal", can=can, visible=signals_visible_to, fetch=_fetch,
                     flagged=is_emergency)
