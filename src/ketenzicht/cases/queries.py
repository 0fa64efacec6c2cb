"""Read-side queries on cases, always starting from what the policy lets the user see."""
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from ketenzicht.privacy import policy
from ketenzicht.route.models import RouteDefinition

from . import access
from .models import Case, Invitation, Meeting, Task, Track

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}}


def overview(user, status="open"):
    """The user's cases, acute and nearest deadline first. Only ordered and counted here: the
    page's details come from `with_track_summary`, for its 25 rows only."""
    return (policy.visible(user, Case, **STATUS_FILTERS[status])
            .select_related("lead_municipality", "table", "route").defer(RouteDefinition.LIGHT)
            .order_by("-is_acute", "deadline_at", "-opened_at"))


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
    return meeting, list(items)
