"""Read-side queries on cases, always starting from what the policy lets the user see."""
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from ketenzicht.privacy import policy

from .models import Invitation, Meeting, Task

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}}


def overview(user, status="open"):
    """The user's cases with their running and late tracks; acute and overdue first."""
    today = timezone.localdate()
    return (
        policy.cases_visible_to(user).filter(**STATUS_FILTERS[status])
        .select_related("lead_municipality", "table", "route")
        .annotate(open_tracks=Count("tracks", filter=Q(tracks__is_open=True)),
                  late_tracks=Count("tracks", filter=Q(tracks__is_open=True, tracks__review_on__lt=today)))
        .prefetch_related(Prefetch("tracks__tasks", queryset=Task.objects.filter(done_at__isnull=True)
                                   .select_related("assignee"), to_attr="open_tasks"))
        .order_by("-is_acute", "deadline_at", "-opened_at")
    )


def waiting_on(case):
    """The organisations with open tasks on the case: who the case waits on."""
    return sorted({task.assignee.name for track in case.tracks.all() for task in track.open_tasks})


def meeting_for(user, pk):
    """A meeting and the agenda items this user may see: all for the chair, else those of the
    cases their organisation was invited to (with a valid legal basis)."""
    meeting = Meeting.objects.select_related("table").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    items = meeting.items.select_related("case__lead_municipality", "case__route").prefetch_related(
        "invited", "case__decisions", "case__tracks__owner")
    if not policy.chaired_tables(user).filter(pk=meeting.table_id).exists():
        invited = Invitation.objects.filter(pk__in=policy.seated_invitations(user).values("pk"), item__meeting=meeting)
        items = items.filter(pk__in=invited.values("item_id"))
        if not items.exists():
            raise Http404
    return meeting, list(items)
