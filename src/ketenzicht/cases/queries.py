"""Read-side queries on cases, always starting from what the policy lets the user see."""
from django.db.models import DateTimeField, Prefetch, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ketenzicht.intake import signalenkaart
from ketenzicht.lib.keyset import Keyset
from ketenzicht.privacy import policy
from ketenzicht.route.models import RouteDefinition

from . import access
from .models import NO_DEADLINE, Case, Invitation, Meeting, Task, Track

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}}


# The case list's order: acute first, then the nearest deadline (none: last), the newest first.
# A missing deadline is a far date, so no key is NULL (lib/keyset.py); the index `cases_case_list`
# holds the same expression, so a table's open cases come from it in this order.
DEADLINE_KEY = Coalesce("deadline_at", Value(NO_DEADLINE, output_field=DateTimeField()))
CASE_LIST = Keyset("cases", "-is_acute", "deadline_key", "-opened_at", "id")
TASK_LIST = Keyset("tasks", "due_on", "id")
TRACK_LIST = Keyset("tracks", "opened_at", "id")


def cases_by_id(ids):
    return Case.objects.select_related("lead_municipality", "table", "route").defer(RouteDefinition.LIGHT).in_bulk(ids)


def tasks_by_id(ids):
    return Task.objects.select_related("track__case", "assignee").in_bulk(ids)


def tracks_by_id(ids):
    return Track.objects.select_related("case__route", "owner").defer("case__" + RouteDefinition.LIGHT).in_bulk(ids)


def with_track_summary(cases):
    """Set on each case its running and late tracks and who it waits on (open tasks' assignees)."""
    cases = list(cases)
    today = timezone.localdate()
    tracks = Track.objects.filter(case__in=cases, is_open=True).prefetch_related(
        Prefetch("tasks", queryset=Task.objects.filter(done_at__isnull=True).select_related("assignee"),
                 to_attr="open_tasks"))
    per_case = {}
    for track in tracks:
        per_case.setdefault(track.case_id, []).append(track)
    for case in cases:
        running = per_case.get(case.pk, [])
        case.open_tracks = len(running)
        case.late_tracks = sum(1 for t in running if t.review_on < today)
        case.waiting = sorted({task.assignee.name for t in running for task in t.open_tasks})
    return cases


def signals_of(user, case, weighs):
    """The signals behind a case, each with whether this user may open it and, for whoever weighs
    it, its indicators as the region words them (intake's signalenkaart). Whoever weighs the case
    (the chair, the invited partners, the liaisons) reads what the table needs of each — summary,
    urgency, forms, indicators, the persons in scope (no names: intake records none) — also
    without access to the signal itself; others see only the signals they may open."""
    signals = case.signals.select_related("lead_municipality", "region").prefetch_related(
        "exploitation_forms", "indicators", "persons")
    found = [(signal, policy.can(user, "view", signal)) for signal in signals]
    if weighs:
        return [(signal, may_open, signalenkaart.names_on(signal)) for signal, may_open in found]
    return [(signal, True, []) for signal, may_open in found if may_open]


def meeting_for(user, pk):
    """A meeting and the agenda items this user may see: all for the chair, else those of the
    cases their organisation was invited to (with a valid legal basis)."""
    meeting = Meeting.objects.select_related("table").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    items = meeting.items.select_related("case__lead_municipality", "case__route").prefetch_related(
        "invited", "case__decisions", "case__tracks__owner", "case__tracks__decision")
    if not access.chaired_tables(user).filter(pk=meeting.table_id).exists():
        invited = Invitation.objects.filter(pk__in=access.seated_invitations(user).values("pk"), item__meeting=meeting)
        items = items.filter(pk__in=invited.values("item_id"))
        if not items.exists():
            raise Http404
    items = list(items)
    with_ground = set(meeting.table.partners(timezone.localtime(meeting.starts_at).date()).values_list("pk", flat=True))
    for item in items:  # the minutes list as present only who could receive the case's data then
        item.present = [o for o in item.invited.all() if o.pk in with_ground]
    return meeting, items
