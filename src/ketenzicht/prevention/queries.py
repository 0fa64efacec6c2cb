"""What the pages and the API read: a region's sessions, activities and catalogue, and the
overview per municipality (two grouped queries, whatever the number of municipalities)."""
from django.db.models import Count, Sum

from ketenzicht.regions.models import Municipality

from .models import AwarenessActivity, Intervention, Participants, TrainingSession


def sessions(region_ids):
    return TrainingSession.objects.filter(region_id__in=region_ids).select_related(
        "municipality", "intervention").prefetch_related("participants", "organisations")


def activities(region_ids):
    return AwarenessActivity.objects.filter(region_id__in=region_ids).select_related("municipality")


def interventions(region_ids):
    return Intervention.objects.filter(region_id__in=region_ids).prefetch_related("forms")


def per_municipality(region, start, end):
    """Every municipality of the region with its sessions, staff trained, activities and reach in
    [start, end]: [{"municipality", "sessions", "trained", "activities", "reach"}, ...]."""
    trained = {m: (s, n) for m, s, n in Participants.objects.filter(
        session__region=region, session__held_on__gte=start, session__held_on__lte=end).order_by()
        .values_list("session__municipality").annotate(s=Count("session", distinct=True), n=Sum("participants"))}
    aware = {m: (a, r) for m, a, r in AwarenessActivity.objects.filter(
        region=region, starts_on__gte=start, starts_on__lte=end).order_by()
        .values_list("municipality").annotate(a=Count("pk"), r=Sum("reach"))}
    rows = []
    for municipality in Municipality.objects.filter(region=region).order_by("name"):
        sessions, people = trained.get(municipality.pk, (0, 0))
        count, reach = aware.get(municipality.pk, (0, 0))
        rows.append({"municipality": municipality, "sessions": sessions, "trained": people,
                     "activities": count, "reach": reach})
    region_wide = aware.get(None, (0, 0))
    return rows, {"activities": region_wide[0], "reach": region_wide[1]}
