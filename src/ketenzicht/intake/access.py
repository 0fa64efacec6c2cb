"""Who may see and do what with signals (DESIGN.md section 4), registered with the policy front.

- a reporter sees their own signals, what they attached and the feedback on them;
- a liaison sees and handles the signals of their municipalities, lead or involved;
- the care coordinators of the region see a signal once a liaison called them in on it, and take
  the care coordinator's steps of the route on it (not the liaison's);
- on an acute signal (or one whose case is acute), police, the public prosecutor, the mayor's office
  of a municipality concerned and the care coordinator each record their own intervention, and
  see the acute route's state: who has recorded, and their own text;
- a break-the-glass grant opens one signal of one's region for a few hours, flagged for review;
- analysts, administrators and the privacy officer see no signal.
"""
from enum import IntEnum

from django.db.models import Q
from django.utils import timezone

from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role, RoleAssignment, User, in_effect
from ketenzicht.lib.http import uuid_or_none
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import EmergencyAccess
from ketenzicht.regions.models import Municipality, Organisation, Sector

from .models import AcuteParty, CareCallIn, Signal, SignalMunicipality

# Roles whose holders are professionals who may report a signal through the guided form.
REPORTING_ROLES = (Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER)
# Roles that handle the signals of their municipality.
HANDLING_ROLES = (Role.LIAISON,)
# Roles that may break the glass for a signal of their region.
EMERGENCY_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)
# Route roles that act on a signal, for whoever handles it.
ROUTE_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR)
# Who is called in on a signal without it being escalated (the region's care coordinators).
CALLED_IN_ROLES = (Role.CARE_COORDINATOR,)
# Roles in which police and public prosecutor staff act on the acute route for their organisation.
ACUTE_MEMBER_ROLES = (Role.TABLE_MEMBER, Role.TABLE_CHAIR)
ACUTE_SECTORS = {Sector.POLICE: AcuteParty.POLICE, Sector.PROSECUTION: AcuteParty.PROSECUTION}


class Access(IntEnum):
    NONE = 0
    OWN = 1  # the reporter: what they sent in, its status and the feedback
    CALLED_IN = 2  # the care coordinator called in: everything, adds information, takes her own steps
    HANDLE = 3  # the liaison: everything, and may act on it


# What each action on a signal needs.
SIGNAL_ACTIONS = {
    "view": Access.OWN,
    "attach": Access.OWN,
    "update": Access.HANDLE,
    "note": Access.CALLED_IN,
    "feedback": Access.HANDLE,
    "mark_acute": Access.HANDLE,
    "transition": Access.CALLED_IN,
    "call_in_care": Access.HANDLE,
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
    called_in = user.region_ids(*CALLED_IN_ROLES)
    if called_in:
        scopes.append((Signal.objects.filter(pk__in=CareCallIn.objects.filter(region_id__in=called_in)
                                             .values("signal_id")), "id"))
    return scopes


def inbox_scopes(user):
    """The inbox's scopes as link rows carrying the inbox rank: (the ids of the municipalities the
    user handles, each one range of the rank index; the lead links of the signals they see for
    another reason: their own reports, grants, call-ins). A signal may appear in several."""
    if not policy.active(user):
        return [], []
    others = [SignalMunicipality.objects.filter(is_lead=True, signal_id__in=qs.values("id"))
              for qs, field in signal_scopes(user) if field == "id"]
    return sorted(user.municipality_ids(*HANDLING_ROLES)), others


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
    if signal.region_id in user.region_ids(*CALLED_IN_ROLES) and CareCallIn.objects.filter(signal=signal).exists():
        return Access.CALLED_IN
    if signal.reporter_id == user.pk:
        return Access.OWN
    return Access.NONE


def signal_access(user, signal) -> Access:
    access = _scoped_access(user, signal)
    if access < Access.HANDLE and policy.active(user) and _emergency_grants(user).filter(signal=signal).exists():
        return Access.HANDLE
    return access


def signal_access_many(user, signals) -> dict:
    """`signal_access` for a page of signals (their links prefetched) in a fixed number of queries:
    {signal id: Access}."""
    found = {signal.pk: Access.NONE for signal in signals}
    if not policy.active(user) or not found:
        return found
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    called_in_regions = user.region_ids(*CALLED_IN_ROLES)
    called_in = set(CareCallIn.objects.filter(signal_id__in=found)
                    .values_list("signal_id", flat=True)) if called_in_regions else set()
    granted = set(_emergency_grants(user).filter(signal_id__in=found).values_list("signal_id", flat=True))
    for signal in signals:
        if signal.pk in granted or any(link.municipality_id in municipality_ids
                                       for link in signal.municipality_links.all()):
            found[signal.pk] = Access.HANDLE
        elif signal.pk in called_in and signal.region_id in called_in_regions:
            found[signal.pk] = Access.CALLED_IN
        elif signal.reporter_id == user.pk:
            found[signal.pk] = Access.OWN
    return found


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
    """The route roles this user holds for this signal: those that act on it, where they may. A
    care coordinator called in takes only her own steps, never the liaison's."""
    level = signal_access(user, signal)
    if level == Access.CALLED_IN:
        return {role.value for role in CALLED_IN_ROLES if user.has_role(role)}
    if level < Access.HANDLE:
        return set()
    return {role.value for role in ROUTE_ROLES if user.has_role(role)}


def care_coordinators(region_id):
    """Who is called in on a signal of this region, and told so."""
    return User.objects.holding(CALLED_IN_ROLES, organisation__region_id=region_id)


def is_acute(signal) -> bool:
    """On the acute route: the signal is marked acute, or the case it became is."""
    return signal.is_acute or bool(signal.case_id and signal.case.is_acute)


def acute_parties(signal):
    """The organisations expected to act on this signal's acute route, as (party, organisation):
    the region's police and public prosecutor, the municipalities concerned, and the organisations
    of the region's care coordinators."""
    municipalities = [link.municipality_id for link in signal.municipality_links.all()]
    coordinating = RoleAssignment.objects.filter(in_effect(), role__in=CALLED_IN_ROLES, user__is_active=True,
                                                 organisation__region_id=signal.region_id).values("organisation_id")
    organisations = Organisation.objects.filter(
        Q(sector__in=ACUTE_SECTORS) | Q(sector=Sector.MUNICIPALITY, municipality_id__in=municipalities)
        | Q(pk__in=coordinating), region_id=signal.region_id, active=True).order_by("name")
    return [(_party(signal, organisation), organisation) for organisation in organisations]


def _party(signal, organisation):
    if organisation.sector in ACUTE_SECTORS:
        return ACUTE_SECTORS[organisation.sector]
    if organisation.sector == Sector.MUNICIPALITY and organisation.municipality_id:
        return AcuteParty.MAYOR
    return AcuteParty.CARE


def acute_organisations(user, signal):
    """The organisations for which this user records an intervention on this signal's acute route
    (whether or not it is acute now): police and public prosecutor staff of the signal's region,
    the liaison of a municipality concerned for her municipality, the region's care coordinator."""
    if not policy.active(user):
        return {}
    municipalities = {link.municipality_id for link in signal.municipality_links.all()}
    mine = {}
    for a in user.assignments:
        organisation = a.organisation
        if organisation.region_id != signal.region_id or not organisation.active:
            continue
        if organisation.sector in ACUTE_SECTORS and a.role in ACUTE_MEMBER_ROLES:
            mine[organisation.pk] = (ACUTE_SECTORS[organisation.sector], organisation)
        elif (a.role in HANDLING_ROLES and organisation.sector == Sector.MUNICIPALITY
              and organisation.municipality_id in municipalities and a.municipality_id == organisation.municipality_id):
            mine[organisation.pk] = (AcuteParty.MAYOR, organisation)
        elif a.role in CALLED_IN_ROLES:
            mine[organisation.pk] = (AcuteParty.CARE, organisation)
    return mine


def sees_acute_route(user, signal) -> bool:
    """Who sees the state of a signal's acute route: who sees the signal itself, and, while it is
    acute, the parties who act on it."""
    return signal_access(user, signal) >= Access.CALLED_IN or (is_acute(signal)
                                                               and bool(acute_organisations(user, signal)))


def reads_intervention(user, signal, intervention) -> bool:
    """The text of an intervention: for its own organisation, and for those who see the signal.
    The other parties see only that it was recorded (the OM decides what of a criminal
    intervention is shared: it is told at the table, not here). "Its own organisation" means acting
    on the route for it (acute_organisations), not any role there: access follows roles."""
    return (intervention.organisation_id in acute_organisations(user, signal)
            or signal_access(user, signal) >= Access.CALLED_IN)


def acts_on_acute_route(user) -> bool:
    """Police and public prosecutor staff: their list of acute signals of their region."""
    return policy.active(user) and any(a.organisation.sector in ACUTE_SECTORS and a.role in ACUTE_MEMBER_ROLES
                                       for a in user.assignments)


def acute_signals_for(user):
    """The open acute signals of the regions where this user acts for police or public prosecutor."""
    regions = {a.organisation.region_id for a in user.assignments
               if a.organisation.sector in ACUTE_SECTORS and a.role in ACUTE_MEMBER_ROLES}
    if not policy.active(user) or not regions:
        return Signal.objects.none()
    return Signal.objects.filter(Q(is_acute=True) | Q(case__is_acute=True, case__is_open=True), region_id__in=regions,
                                 anonymised_at__isnull=True).filter(Q(is_open=True) | Q(case__is_open=True))


def _restriction_allows(user, owner_field):
    """Unrestricted items, items restricted to one of the user's organisations, and their own."""
    organisations = {a.organisation_id for a in user.assignments}
    return Q(restricted_to__isnull=True) | Q(restricted_to__in=organisations) | Q(**{owner_field: user})


def notes_for(user, signal):
    """Enrichment notes: for those who handle the signal, minus what is restricted to another organisation."""
    if signal_access(user, signal) < Access.CALLED_IN:
        return signal.notes.none()
    return signal.notes.filter(_restriction_allows(user, "author"))


def attachments_for(user, signal):
    """Attachments: the handler's as for notes; the reporter only what they uploaded themselves."""
    access = signal_access(user, signal)
    if access >= Access.CALLED_IN:
        return signal.attachments.filter(_restriction_allows(user, "uploaded_by"))
    if access == Access.OWN:
        return signal.attachments.filter(uploaded_by=user)
    return signal.attachments.none()


def can_report(user) -> bool:
    return policy.active(user) and user.has_role(*REPORTING_ROLES)


def sees_external_reference(user, signal) -> bool:
    """The reporting organisation's own number for a signal is for that organisation's people."""
    return (policy.active(user) and signal.reporter_organisation_id is not None
            and any(a.organisation_id == signal.reporter_organisation_id for a in user.assignments))


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


def sets_up_signalenkaart(user, region) -> bool:
    """The region's signalenkaart is its set-up: whoever administers the region."""
    return policy.active(user) and administers(user, region.pk)
