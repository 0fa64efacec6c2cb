"""Who may see and do what with cases, tracks and tasks, registered with the policy front.

A case is seen by: the chair of the table it is at now (who acts on it; a table that handed it
on no longer sees it through its chair), the liaisons of its municipalities,
the partners invited for it on an agenda or to an urgent consultation (from that moment, and
only with a valid legal basis for a seat at the table), and the owners of its tracks (their own
tracks only).
"""
from enum import IntEnum

from django.db.models import Exists, F, OuterRef
from django.http import Http404
from django.utils import timezone

from ketenzicht.accounts.access import administers
from ketenzicht.accounts.models import Role, User
from ketenzicht.intake.access import HANDLING_ROLES
from ketenzicht.lib.http import int_or_none, uuid_or_none
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Organisation

from .models import (
    AgendaItem,
    Case,
    CaseMunicipality,
    ConsultationInvite,
    Invitation,
    Meeting,
    Seat,
    Table,
    Task,
    Track,
)

PARTICIPANT_ROLES = (Role.TABLE_MEMBER, Role.CARE_COORDINATOR, Role.TABLE_CHAIR)
# Roles whose holders work the tracks and tasks of their organisation (a municipality's liaison
# included): a reporter, analyst or administrator of the same organisation does not.
TRACK_ROLES = (*PARTICIPANT_ROLES, Role.LIAISON)
# Who is told of the acute intervention on a case of a table, beside the liaisons.
CHAIR_ROLES = (Role.TABLE_CHAIR,)


class CaseAccess(IntEnum):
    NONE = 0
    TRACK = 1  # owner of a track: the case's heading and their own tracks and tasks
    MEMBER = 2  # invited partner: the case, its decisions and all tracks
    HANDLE = 3  # liaison of the municipality: as a member, plus the signals behind it
    CHAIR = 4  # chair of the table: everything, and takes the case's steps


CASE_ACTIONS = {"view": CaseAccess.TRACK, "view_all": CaseAccess.MEMBER, "consult": CaseAccess.HANDLE,
                "transition": CaseAccess.CHAIR, "hand_over": CaseAccess.CHAIR}


def _org_ids(user, *roles):
    return {a.organisation_id for a in user.assignments if a.role in roles} if policy.active(user) else set()


def track_organisations(user):
    """The organisations whose tracks, tasks and consultation questions this user works on."""
    return _org_ids(user, *TRACK_ROLES)


def handled_municipalities(user):
    """The municipalities whose cases this user lists as their handler (a liaison's), in order."""
    return sorted(user.municipality_ids(*HANDLING_ROLES)) if policy.active(user) else []


def chaired_tables(user):
    return Table.objects.filter(chair_organisation_id__in=_org_ids(user, Role.TABLE_CHAIR))


def _valid_seat(table_path):
    return Seat.objects.filter(Seat.valid_on(timezone.localdate()), organisation=OuterRef("organisation"),
                               table=OuterRef(table_path))


def seated_invitations(user):
    """Invitations of one of the user's organisations to a case, where that organisation holds a
    seat with a valid legal basis at the meeting's table, and the case is still at that table: once
    a case is handed on, only an invitation at the receiving table opens it (need-to-know follows
    the table, as the handing chair's does)."""
    return Invitation.objects.filter(Exists(_valid_seat("item__meeting__table")),
                                     item__meeting__table=F("item__case__table"),
                                     organisation_id__in=_org_ids(user, *PARTICIPANT_ROLES))


def consulted(user):
    """Invitations of one of the user's organisations to an urgent consultation (spoed-MDO) on a
    case, where that organisation holds a valid seat at the case's table."""
    return ConsultationInvite.objects.filter(Exists(_valid_seat("consultation__case__table")),
                                             organisation_id__in=_org_ids(user, *PARTICIPANT_ROLES))


def case_scopes(user):
    """What cases a user may see, as (queryset, path to the case) pairs, one per reason; kept
    apart so each is an indexed lookup (see intake.access.signal_scopes)."""
    if not policy.active(user):
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
    ids = [qs.filter(**{path + k: v for k, v in filters.items()}).order_by().values(path + "id" if path else "id")
           for qs, path in case_scopes(user)]
    if not ids:
        return Case.objects.none()
    return Case.objects.filter(pk__in=ids[0].union(*ids[1:]))


def visible_on_agendas(user, meeting_ids):
    """Which of the cases on these meetings' agendas the user may see: one query per scope, each
    restricted to the agendas' cases by a subquery, so as many queries whatever the page holds. The
    union of the scopes, or the thousands of case ids of a page of meetings sent as parameters, cost
    several times as much (at 3M signals, a chair's 2,599 agenda cases: 127 and 52 against 20 ms)."""
    on_agendas = AgendaItem.objects.filter(meeting_id__in=meeting_ids).values("case_id")
    return {case for scope, path in case_scopes(user)
            for case in scope.filter(**{path + "id__in": on_agendas}).order_by().values_list(path + "id", flat=True)}


def case_list_scopes(user, **filters):
    """The cases this user may see through a table, as querysets of cases, one per chaired table and
    one per reason to sit at a table, for a list read a page at a time: the chair's scope is then an
    ordered scan of the index on the table and the list's keys, and the others are lookups by primary
    key. The cases of the user's tracks and municipalities are left to the caller, which reads them
    from the copies of the list's keys (cases.lists)."""
    if not policy.active(user):
        return []
    cases = Case.objects.filter(**filters)
    scopes = [cases.filter(table_id=pk) for pk in chaired_tables(user).order_by("pk").values_list("pk", flat=True)]
    if _org_ids(user, *PARTICIPANT_ROLES):
        scopes += [cases.filter(pk__in=seated_invitations(user).values("item__case_id")),
                   cases.filter(pk__in=consulted(user).values("consultation__case_id"))]
    return scopes


def case_access(user, case) -> CaseAccess:
    if not policy.active(user):
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


def can(user, action, case) -> bool:
    return case_access(user, case) >= CASE_ACTIONS[action]


def route_roles(user, case):
    """The route roles this user holds for this case."""
    return {Role.TABLE_CHAIR.value} if case_access(user, case) == CaseAccess.CHAIR else set()


def tracks_for(user, case):
    """All tracks for whoever sees the whole case; a track owner only their own."""
    if case_access(user, case) >= CaseAccess.MEMBER:
        return case.tracks.all()
    return case.tracks.filter(owner_id__in=track_organisations(user))


def can_work_track(user, track) -> bool:
    """The owner organisation reports progress, adds tasks and closes its track; so may the chair."""
    return policy.active(user) and (track.owner_id in track_organisations(user)
                                    or case_access(user, track.case) == CaseAccess.CHAIR)


def tasks_of(user):
    """The open tasks of the user's organisations: a member's task list."""
    return Task.objects.filter(assignee_id__in=track_organisations(user), done_at__isnull=True)


def task_scopes(user):
    """The open tasks of the user's organisations, one queryset per organisation (each an ordered
    scan of the index on assignee, done_at, due_on and id)."""
    return [Task.objects.filter(assignee_id=pk, done_at__isnull=True) for pk in sorted(track_organisations(user))]


def track_scopes(user, **filters):
    """The tracks of the user's organisations, one queryset per organisation."""
    return [Track.objects.filter(owner_id=pk, **filters) for pk in sorted(track_organisations(user))]


def tracks_owned(user):
    """The tracks of the user's organisations."""
    return Track.objects.filter(owner_id__in=track_organisations(user))


def answering_organisation(user, consultation):
    """The user's organisation asked in this urgent consultation, if they answer for it; else None."""
    mine = _org_ids(user, *PARTICIPANT_ROLES)
    return next((o for o in consultation.invited.all() if o.pk in mine), None)


def can_do_task(user, task) -> bool:
    return policy.active(user) and (task.assignee_id in track_organisations(user) or can_work_track(user, task.track))


def get_open_task(user, pk):
    """An open task this user may complete (the assignee's, or on a track they work), or 404."""
    task = Task.objects.select_related("track__case", "assignee").filter(pk=int_or_none(pk), done_at__isnull=True) \
        .first()
    if task is None or not can_do_task(user, task):
        raise Http404
    return task


def table_of_chair(user, pk):
    """A table the user chairs, or 404."""
    table = chaired_tables(user).filter(pk=int_or_none(pk)).first()
    if table is None:
        raise Http404
    return table


def waiting_at(table):
    """The open cases of a table not yet on one of its agendas: what its chair plans next (a case
    handed on waits again at the receiving table). `Case.planned` says so, so the list and its
    count read the partial index of the waiting cases alone, not every open case of the table."""
    return table.cases.filter(is_open=True, planned=False)


def chairs_a_table(user) -> bool:
    """Whose work starts at the cases of their table."""
    return policy.active(user) and bool(_org_ids(user, Role.TABLE_CHAIR))


def shows_cases(user) -> bool:
    return policy.active(user) and user.has_role(*TRACK_ROLES)


def chairs(table):
    """Who chairs this table: told of what comes onto it."""
    return User.objects.holding(CHAIR_ROLES, organisation=table.chair_organisation)


def members_of(organisation_ids):
    """Who is told of work for these organisations: the people who may open it."""
    return User.objects.holding(TRACK_ROLES, organisation_id__in=organisation_ids)


def table_members(table):
    """Who sits at this table today: its chair and the members of the partners with a valid seat
    (told of an acute intervention on one of its cases, if they may open it)."""
    seated = Seat.objects.filter(Seat.valid_on(timezone.localdate()), table=table).values("organisation_id")
    return chairs(table) | User.objects.holding(PARTICIPANT_ROLES, organisation_id__in=seated)


def sees_acute_status(user, case) -> bool:
    """The acute route's status on the case page (who has recorded an intervention and when): for
    whoever may see the case, also without access to its signals, so a table told of an
    intervention finds where the route stands. The texts follow intake's rule (reads_intervention)."""
    return policy.can(user, "view", case)


def sets_up_tables(user, region) -> bool:
    """Tables and seats are the region's set-up: whoever administers the region."""
    return policy.active(user) and administers(user, region.pk)


def handover_targets(case):
    """Where the case's table hands cases on: tables that weigh cases and are not retired."""
    return case.table.receiving_tables()


def _fetch(pk):
    pk = uuid_or_none(pk)
    return Case.objects.select_related("table", "route", "lead_municipality", "region").filter(pk=pk).first() \
        if pk else None


RULES = policy.Rules(kind="case", can=can, visible=cases_visible_to, fetch=_fetch)


# ---------------------------------------------------------------- who works with whom (the directory)
# Tables, seats and meetings hold no personal data: whoever works in a region may read them, so a
# partner system can fill in `invited`, a track's `owner` and the meeting of an agenda. What sits on
# a meeting's agenda is shown only for the cases the reader may see.

def tables_visible_to(user, **filters):
    return Table.objects.filter(region_id__in=user.region_ids(), **filters)


def can_see_table(user, action, table) -> bool:
    return action == "view" and table.region_id in user.region_ids()


def meetings_visible_to(user, **filters):
    return Meeting.objects.filter(table__region_id__in=user.region_ids(), **filters)


def can_see_meeting(user, action, meeting) -> bool:
    return action == "view" and meeting.table.region_id in user.region_ids()


def organisations_visible_to(user, **filters):
    return Organisation.objects.filter(region_id__in=user.region_ids(), **filters)


def can_see_organisation(user, action, organisation) -> bool:
    return action == "view" and organisation.region_id in user.region_ids()


def _by_int(model):
    def fetch(pk):
        pk = int_or_none(pk)
        return model.objects.filter(pk=pk).first() if pk else None
    return fetch


def _meeting(pk):
    """A meeting, carrying its table's region as the access log files it."""
    pk = int_or_none(pk)
    return Meeting.objects.select_related("table").annotate(region_id=F("table__region_id")).filter(pk=pk).first() \
        if pk else None


TABLE_RULES = policy.Rules(kind="table", can=can_see_table, visible=tables_visible_to, fetch=_by_int(Table))
MEETING_RULES = policy.Rules(kind="meeting", can=can_see_meeting, visible=meetings_visible_to, fetch=_meeting)
ORGANISATION_RULES = policy.Rules(kind="organisation", can=can_see_organisation, visible=organisations_visible_to,
                                  fetch=_by_int(Organisation))
