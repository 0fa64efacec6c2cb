"""The access policy: the one place that answers "may this user do this to this object".

Every page, API endpoint and export asks here; nothing else filters by role. What the rules
are (DESIGN.md section 4, for what exists so far):
- a reporter sees their own signals and the feedback on them;
- a liaison sees and handles the signals of their municipality, lead or involved;
- care coordinators, table members and chairs see signals once they reach them on the route
  (later issues); analysts, administrators and the privacy officer see no personal data.
"""
from enum import IntEnum

from django.http import Http404

from ketenzicht.accounts.models import Role
from ketenzicht.intake.models import Signal, SignalMunicipality
from ketenzicht.regions.models import Municipality

from . import audit

# Roles whose holders are professionals who may report a signal through the guided form.
REPORTING_ROLES = (Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER)
# Roles that handle the signals of their municipality.
HANDLING_ROLES = (Role.LIAISON,)


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


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def signal_scopes(user):
    """What this user may see, as (queryset, signal-id field) pairs whose rows carry the inbox keys.

    One pair per reason to see a signal: the links of the municipalities they handle, their own
    reports. Kept apart so each is an indexed lookup; an OR over both makes PostgreSQL scan every
    signal (0.5 s at 1,000,000 rows).
    """
    if not _active(user):
        return []
    scopes = [(Signal.objects.filter(reporter=user), "id")]
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids:
        scopes.insert(0, (SignalMunicipality.objects.filter(municipality_id__in=municipality_ids), "signal_id"))
    return scopes


def signals_visible_to(user):
    """The signals this user may see at all, as a queryset to filter further."""
    ids = [qs.order_by().values(field) for qs, field in signal_scopes(user)]
    if not ids:
        return Signal.objects.none()
    return Signal.objects.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1 else ids[0])


def signal_access(user, signal) -> Access:
    if not _active(user):
        return Access.NONE
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids and any(link.municipality_id in municipality_ids for link in signal.municipality_links.all()):
        return Access.HANDLE
    if signal.reporter_id == user.pk:
        return Access.OWN
    return Access.NONE


def can(user, action, signal) -> bool:
    return signal_access(user, signal) >= SIGNAL_ACTIONS[action]


def can_report(user) -> bool:
    return _active(user) and user.has_role(*REPORTING_ROLES)


def reportable_municipalities(user):
    """A professional reports for any municipality of the region(s) they work in."""
    if not can_report(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id__in=user.region_ids(*REPORTING_ROLES))


def handles_signals(user) -> bool:
    return _active(user) and bool(user.municipality_ids(*HANDLING_ROLES))


def get_signal(user, pk, request=None, action="view"):
    """Fetch a signal for this user, or 404 as if it did not exist; log the look either way."""
    signal = (
        Signal.objects.select_related("lead_municipality", "region", "route", "reporter_organisation")
        .prefetch_related("municipality_links")
        .filter(pk=pk).first()
    )
    if signal is None or not can(user, action, signal):
        audit.record(user, "denied", "signal", pk, reason=action)
        raise Http404
    audit.record(user, action, "signal", signal.pk)
    return signal


def navigation(user):
    """Menu items the policy offers this user."""
    return {
        "can_report": can_report(user),
        "handles_signals": handles_signals(user),
        "has_own_signals": can_report(user),
        "admin": user.is_superuser or user.has_role(Role.REGION_ADMIN),
    }
