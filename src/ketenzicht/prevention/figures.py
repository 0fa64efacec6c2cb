"""Figures of training and awareness (issue 19 item 1): staff trained per sector, sessions, and the
reach of awareness activities. Plain functions for insights (the dashboard's "training" table) and
the plan app's KPI; this app imports neither. Participants are not people at risk: the caller
shows them exactly."""
from django.db.models import Count, Sum

from .models import ActivityKind, AwarenessActivity, Participants, TrainingSession


def _sessions(region, start, end, municipality=None):
    sessions = TrainingSession.objects.filter(region=region, held_on__gte=start, held_on__lte=end)
    return sessions if municipality is None else sessions.filter(municipality=municipality)


def trained_staff(region, start, end, municipality=None) -> int:
    """People trained in sessions of `region` held in [start, end] (dates, both included), optionally
    in one municipality: the sum of the participants of every sector. One query."""
    return Participants.objects.filter(session__in=_sessions(region, start, end, municipality).values("pk")) \
        .aggregate(n=Sum("participants"))["n"] or 0


def counts(region, start, end, municipality=None) -> dict:
    """Training and awareness of `region` in [start, end], optionally of one municipality, in three
    grouped queries:

        {"sessions": int, "trained": int,
         "by_sector": {sector code: participants, ...},   # only sectors with any
         "activities": {kind: int, ...}, "reach": int}    # every ActivityKind, zero included

    An activity counts in the period when it starts in it; region-wide activities count for the
    region, not for each municipality."""
    sessions = _sessions(region, start, end, municipality)
    by_sector = dict(Participants.objects.filter(session__in=sessions.values("pk")).order_by()
                     .values_list("sector").annotate(n=Sum("participants")))
    activities = AwarenessActivity.objects.filter(region=region, starts_on__gte=start, starts_on__lte=end)
    if municipality is not None:
        activities = activities.filter(municipality=municipality)
    by_kind = dict.fromkeys(ActivityKind.values, 0)
    reach = 0
    for kind, n, reached in activities.order_by().values_list("kind").annotate(n=Count("pk"), r=Sum("reach")):
        by_kind[kind], reach = n, reach + (reached or 0)
    return {"sessions": sessions.count(), "trained": sum(by_sector.values()), "by_sector": by_sector,
            "activities": by_kind, "reach": reach}
