"""The access policy: the one place that answers "may this user do this to this object".

Every page, API endpoint and export asks here; nothing else filters by role. What the rules
are (DESIGN.md section 4, for what exists so far):
- a reporter sees their own signals and the feedback on them;
- a liaison sees and handles the signals of their municipality, lead or involved;
- care coordinators, table members and chairs see signals once they reach them on the route
  (later issues); analysts, administrators and the privacy officer see no personal data.
"""
from enum import IntEnum

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User, in_effect
from ketenzicht.http import uuid_or_none
from ketenzicht.intake.models import Signal, SignalMunicipality
from ketenzicht.regions.models import Municipality, Organisation, Region

from . import audit
from .models import AccessLog, EmergencyAccess

# Roles whose holders are professionals who may report a signal through the guided form.
REPORTING_ROLES = (Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER)
# Roles that handle the signals of their municipality.
HANDLING_ROLES = (Role.LIAISON,)
# Roles that may break the glass for a signal of their region.
EMERGENCY_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)


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
    scopes = [(Signal.objects.filter(reporter=user), "id"),
              (Signal.objects.filter(pk__in=_emergency_grants(user).values("signal_id")), "id")]
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


def _scoped_access(user, signal) -> Access:
    """Access by the user's roles alone, without emergency grants."""
    if not _active(user):
        return Access.NONE
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids and any(link.municipality_id in municipality_ids for link in signal.municipality_links.all()):
        return Access.HANDLE
    if signal.reporter_id == user.pk:
        return Access.OWN
    return Access.NONE


def _emergency_grants(user):
    return EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now())


def signal_access(user, signal) -> Access:
    access = _scoped_access(user, signal)
    if access < Access.HANDLE and _active(user) and _emergency_grants(user).filter(signal=signal).exists():
        return Access.HANDLE
    return access


def is_emergency(user, action, signal) -> bool:
    """True when only a break-the-glass grant allows this: such accesses are flagged for review."""
    return _scoped_access(user, signal) < SIGNAL_ACTIONS[action] <= signal_access(user, signal)


def may_break_glass(user, signal) -> bool:
    """Who may open a signal outside their scope in an emergency: the roles that act on signals,
    within their own region; and only where they would not see it anyway."""
    return (_active(user) and signal.region_id in user.region_ids(*EMERGENCY_ROLES)
            and _scoped_access(user, signal) < Access.HANDLE)


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


def can(user, action, signal) -> bool:
    return signal_access(user, signal) >= SIGNAL_ACTIONS[action]


def can_report(user) -> bool:
    return _active(user) and user.has_role(*REPORTING_ROLES)


def reportable_municipalities(user):
    """A professional reports for any municipality of the region(s) they work in."""
    if not can_report(user):
        return Municipality.objects.none()
    return Municipality.objects.filter(region_id__in=user.region_ids(*REPORTING_ROLES))


def signal_handlers(municipality_ids):
    """Who handles signals of these municipalities: they are told of a new one."""
    return User.objects.holding(HANDLING_ROLES, municipality_id__in=municipality_ids)


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
        audit.record(user, "denied", "signal", pk, reason=action, region=signal.region_id if signal else None)
        raise Http404
    audit.record_signal(user, action, signal, flagged=is_emergency(user, action, signal))
    return signal


def may_break_glass_somewhere(user) -> bool:
    return _active(user) and user.has_role(*EMERGENCY_ROLES)


def regions_reviewed_by(user):
    """The regions whose access log and retention state this user reviews (the privacy officer's)."""
    if not _active(user):
        return Region.objects.none()
    return Region.objects.filter(pk__in=user.region_ids(Role.PRIVACY_OFFICER)).order_by("name")


def access_log_visible_to(user):
    """The privacy officer reads the access log of their region(s): ids and actions, no content."""
    if not _active(user):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(region_id__in=user.region_ids(Role.PRIVACY_OFFICER))


def subject_request_regions(user):
    """The regions where this user handles requests of the people concerned (the administrator)."""
    return user.region_ids(Role.REGION_ADMIN) if _active(user) else set()


def reads_access_log(user) -> bool:
    return _active(user) and user.has_role(Role.PRIVACY_OFFICER)


def navigation(user):
    """Menu items the policy offers this user."""
    return {
        "can_report": can_report(user),
        "handles_signals": handles_signals(user),
        "has_own_signals": can_report(user),
        "emergency": may_break_glass_somewhere(user),
        "cases": user.has_role(Role.LIAISON, Role.TABLE_CHAIR, Role.TABLE_MEMBER, Role.CARE_COORDINATOR),
        "tasks": user.has_role(Role.TABLE_MEMBER, Role.TABLE_CHAIR, Role.CARE_COORDINATOR, Role.LIAISON),
        "access_log": reads_access_log(user),
        "subjects": bool(subject_request_regions(user)),
        "care": user.has_role(Role.CARE_COORDINATOR),
        "shelter": bool(receiving_organisations(user)),
        "admin": user.is_superuser or user.has_role(Role.REGION_ADMIN),
        "figures": user.has_role(*FIGURE_ROLES),
    }


# ------------------------------------------------------------------------------------------ cases
# A case is seen by: the chair of its table (who acts on it), the liaisons of its municipalities,
# the partners invited for it on an agenda (from that moment, and only with a valid legal basis
# for the table), and the owners of its tracks (their own tracks only).
PARTICIPANT_ROLES = (Role.TABLE_MEMBER, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)
# Roles whose holders work the tracks and tasks of their organisation (a municipality's liaison
# included): a reporter, analyst or administrator of the same organisation does not.
TRACK_ROLES = (*PARTICIPANT_ROLES, Role.LIAISON)


class CaseAccess(IntEnum):
    NONE = 0
    TRACK = 1  # owner of a track: the case's heading and their own tracks and tasks
    MEMBER = 2  # invited partner: the case, its decisions and all tracks
    HANDLE = 3  # liaison of the municipality: as a member, plus the signals behind it
    CHAIR = 4  # chair of the table: everything, and takes the case's steps


CASE_ACTIONS = {"view": CaseAccess.TRACK, "view_all": CaseAccess.MEMBER, "transition": CaseAccess.CHAIR}


def _org_ids(user, *roles):
    return {a.organisation_id for a in user.assignments if a.role in roles}


def track_organisations(user):
    """The organisations whose tracks, tasks and consultation questions this user works on."""
    return _org_ids(user, *TRACK_ROLES) if _active(user) else set()


def chaired_tables(user):
    from ketenzicht.cases.models import Table

    if not _active(user):
        return Table.objects.none()
    return Table.objects.filter(chair_organisation_id__in=_org_ids(user, Role.TABLE_CHAIR))


def seated_invitations(user):
    """Invitations of one of the user's organisations to a case, where that organisation holds a
    seat with a valid legal basis at the meeting's table."""
    from ketenzicht.cases.models import Invitation, Seat

    valid_seat = Seat.objects.filter(Seat.valid_on(timezone.localdate()), organisation=OuterRef("organisation"),
                                     table=OuterRef("item__meeting__table"))
    return Invitation.objects.filter(Exists(valid_seat), organisation_id__in=_org_ids(user, *PARTICIPANT_ROLES))


def consulted(user):
    """Invitations of one of the user's organisations to an urgent consultation (spoed-MDO) on a
    case, where that organisation holds a valid seat at the case's table."""
    from ketenzicht.cases.models import ConsultationInvite, Seat

    valid_seat = Seat.objects.filter(Seat.valid_on(timezone.localdate()), organisation=OuterRef("organisation"),
                                     table=OuterRef("consultation__case__table"))
    return ConsultationInvite.objects.filter(Exists(valid_seat), organisation_id__in=_org_ids(user, *PARTICIPANT_ROLES))


def case_scopes(user):
    """What cases a user may see, as (queryset, path to the case) pairs, one per reason; kept
    apart so each is an indexed lookup (see signal_scopes)."""
    from ketenzicht.cases.models import Case, CaseMunicipality, Track

    if not _active(user):
        return []
    scopes = [
        (Case.objects.filter(table__in=chaired_tables(user)), ""),
        (seated_invitations(user), "item__case__"),
        (consulted(user), "consultation__case__"),
        (Track.objects.filter(owner_id__in=track_organisations(user)), "case__"),
    ]
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids:
        scopes.append((CaseMunicipality.objects.filter(municipality_id__in=municipality_ids), "case__"))
    return scopes


def cases_visible_to(user, **filters):
    """The cases this user may see; `filters` on the case (e.g. is_open) are applied inside each
    scope, so the union stays small."""
    from ketenzicht.cases.models import Case

    ids = [qs.filter(**{path + k: v for k, v in filters.items()}).order_by().values(path + "id" if path else "id")
           for qs, path in case_scopes(user)]
    if not ids:
        return Case.objects.none()
    return Case.objects.filter(pk__in=ids[0].union(*ids[1:]))


def case_access(user, case) -> CaseAccess:
    if not _active(user):
        return CaseAccess.NONE
    if case.table.chair_organisation_id in _org_ids(user, Role.TABLE_CHAIR):
        return CaseAccess.CHAIR
    municipality_ids = user.municipality_ids(*HANDLING_ROLES)
    if municipality_ids and case.municipality_links.filter(municipality_id__in=municipality_ids).exists():
        return CaseAccess.HANDLE
    if (seated_invitations(user).filter(item__case=case).exists()
            or consulted(user).filter(consultation__case=case).exists()):
        return CaseAccess.MEMBER
    if case.tracks.filter(owner_id__in=track_organisations(user)).exists():
        return CaseAccess.TRACK
    return CaseAccess.NONE


def can_case(user, action, case) -> bool:
    return case_access(user, case) >= CASE_ACTIONS[action]


def case_roles(user, case):
    """The route roles this user holds for this case."""
    access = case_access(user, case)
    return {Role.TABLE_CHAIR.value} if access == CaseAccess.CHAIR else set()


def tracks_for(user, case):
    """All tracks for whoever sees the whole case; a track owner only their own."""
    if case_access(user, case) >= CaseAccess.MEMBER:
        return case.tracks.all()
    return case.tracks.filter(owner_id__in=track_organisations(user))


def can_work_track(user, track) -> bool:
    """The owner organisation reports progress, adds tasks and closes its track; so may the chair."""
    return _active(user) and (track.owner_id in track_organisations(user)
                              or case_access(user, track.case) == CaseAccess.CHAIR)


def tasks_of(user):
    """The open tasks of the user's organisations: a member's task list."""
    from ketenzicht.cases.models import Task

    if not _active(user):
        return Task.objects.none()
    return Task.objects.filter(assignee_id__in=track_organisations(user), done_at__isnull=True)


def tracks_owned(user):
    """The tracks of the user's organisations."""
    from ketenzicht.cases.models import Track

    if not _active(user):
        return Track.objects.none()
    return Track.objects.filter(owner_id__in=track_organisations(user))


def answering_organisation(user, consultation):
    """The user's organisation asked in this urgent consultation, if they answer for it; else None."""
    mine = _org_ids(user, *PARTICIPANT_ROLES) if _active(user) else set()
    return next((o for o in consultation.invited.all() if o.pk in mine), None)


def can_do_task(user, task) -> bool:
    return _active(user) and (task.assignee_id in track_organisations(user) or can_work_track(user, task.track))


def get_open_task(user, pk):
    """An open task this user may complete (the assignee's, or on a track they work), or 404."""
    from ketenzicht.cases.models import Task

    task = Task.objects.select_related("track__case", "assignee").filter(pk=pk, done_at__isnull=True).first()
    if task is None or not can_do_task(user, task):
        raise Http404
    return task


def get_case(user, pk, action="view"):
    """Fetch a case for this user, or 404 as if it did not exist; log the look either way."""
    from ketenzicht.cases.models import Case

    case = Case.objects.select_related("table", "route", "lead_municipality", "region").filter(pk=pk).first()
    if case is None or not can_case(user, action, case):
        audit.record(user, "denied", "case", pk, reason=action, region=case.region_id if case else None)
        raise Http404
    audit.record(user, action, "case", case.pk, region=case.region_id)
    return case


def table_of_chair(user, pk):
    """A table the user chairs, or 404."""
    table = chaired_tables(user).filter(pk=pk).first()
    if table is None:
        raise Http404
    return table


# ------------------------------------------------------------------------------------------- care
# Care content is for the care coordinator of the region and for the organisations a dossier was
# handed over to; the table sees only that a care track exists, its phase and whether it is blocked.
class CareAccess(IntEnum):
    NONE = 0
    RECEIVED = 1  # a care provider's staff, when the dossier was handed to their organisation, while consent stands
    HANDLE = 2  # the care coordinator of the region


# Roles whose holders receive dossiers and referrals handed over to their organisation.
RECEIVING_ROLES = (Role.CARE_PROVIDER,)


def receiving_organisations(user):
    """The organisations for which this user receives care hand-overs and referrals."""
    return _org_ids(user, *RECEIVING_ROLES) if _active(user) else set()


def care_receivers(organisation):
    """Who is told of a hand-over or referral to this organisation, and may open it."""
    return User.objects.holding(RECEIVING_ROLES, organisation=organisation)


def care_recipients(trajectory):
    """Where a dossier may go: an organisation of the trajectory's region, or a shelter provider
    anywhere (places for minors and COSM are national), with someone there to receive it."""
    from ketenzicht.care.models import ShelterPlace

    providers = ShelterPlace.objects.values("organisation_id")
    staffed = RoleAssignment.objects.filter(in_effect(), role__in=RECEIVING_ROLES, user__is_active=True).values(
        "organisation_id")
    return Organisation.objects.filter(Q(region_id=trajectory.region_id) | Q(pk__in=providers), pk__in=staffed)


def coordinates_care(user) -> bool:
    return _active(user) and user.has_role(Role.CARE_COORDINATOR)


def trajectories_visible_to(user):
    from ketenzicht.care.models import HandOver, Trajectory

    if not _active(user):
        return Trajectory.objects.none()
    received = HandOver.objects.filter(organisation_id__in=receiving_organisations(user),
                                       consent__withdrawn_on__isnull=True).values("trajectory_id")
    own = Trajectory.objects.filter(region_id__in=user.region_ids(Role.CARE_COORDINATOR)).values("id")
    return Trajectory.objects.filter(pk__in=own.order_by().union(received.order_by()))


def trajectory_access(user, trajectory) -> CareAccess:
    if not _active(user):
        return CareAccess.NONE
    if trajectory.region_id in user.region_ids(Role.CARE_COORDINATOR):
        return CareAccess.HANDLE
    if trajectory.hand_overs.filter(organisation_id__in=receiving_organisations(user),
                                    consent__withdrawn_on__isnull=True).exists():
        return CareAccess.RECEIVED
    return CareAccess.NONE


def hand_overs_for(user, trajectory):
    """Every hand-over for the coordinator; a care provider reads only what was handed to its own
    organisations, while the consent stands (not the notes, nor what went to others)."""
    if trajectory_access(user, trajectory) == CareAccess.HANDLE:
        return trajectory.hand_overs.all()
    return trajectory.hand_overs.filter(organisation_id__in=receiving_organisations(user),
                                        consent__withdrawn_on__isnull=True)


def consents_for(user, trajectory):
    """Every consent for the coordinator; a care provider only those naming its own organisations."""
    if trajectory_access(user, trajectory) == CareAccess.HANDLE:
        return trajectory.consents.all()
    return trajectory.consents.filter(organisation_id__in=receiving_organisations(user))


def get_trajectory(user, pk, need=CareAccess.RECEIVED):
    from ketenzicht.care.models import Trajectory

    pk = uuid_or_none(pk)  # an id from a query string can be anything
    if pk is None:
        raise Http404
    trajectory = Trajectory.objects.select_related("municipality", "region").filter(pk=pk).first()
    if trajectory is None or trajectory_access(user, trajectory) < need:
        audit.record(user, "denied", "trajectory", pk, region=trajectory.region_id if trajectory else None)
        raise Http404
    audit.record(user, "view", "trajectory", trajectory.pk, region=trajectory.region_id)
    return trajectory


def places_managed_by(user):
    """The shelter places of the user's organisations: a provider keeps its own up to date."""
    from ketenzicht.care.models import ShelterPlace

    return ShelterPlace.objects.filter(organisation_id__in=receiving_organisations(user))


# ---------------------------------------------------------------------------------------- figures
# Figures are aggregates; who may open a region's dashboard, and who sees its small counts.
FIGURE_ROLES = (Role.ANALYST, Role.REGION_ADMIN, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR,
                Role.TABLE_MEMBER)
# Roles that work with the region's victims and cases across its municipalities: small counts
# tell them nothing they could not know. Everyone else, and everything published, is suppressed.
SMALL_COUNT_ROLES = (Role.CARE_COORDINATOR, Role.TABLE_CHAIR)


def figure_regions(user):
    """The regions whose dashboard and monitor this user may open."""
    if not _active(user):
        return Region.objects.none()
    return Region.objects.filter(pk__in=user.region_ids(*FIGURE_ROLES)).order_by("name")


def sees_small_counts(user, region) -> bool:
    """Exact counts on screen and any period (downloads and the API are rounded for everyone).
    Everyone else sees rounded figures of whole calendar periods that have ended only: a
    difference of two free periods, or of exact counts, gives a small count back."""
    return _active(user) and region.pk in user.region_ids(*SMALL_COUNT_ROLES)


def lists_behind(user, municipality_ids) -> bool:
    """May the number about these municipalities link to the list behind it? Only when the user
    handles the signals of every one of them (the list shows exactly what was counted)."""
    return _active(user) and bool(municipality_ids) and set(municipality_ids) <= user.municipality_ids(
        *HANDLING_ROLES)


def exports_htcds(user, region) -> bool:
    """Record-level export (consented, pseudonymised): the care coordinator, who holds the consents."""
    return _active(user) and region.pk in user.region_ids(Role.CARE_COORDINATOR)
