"""The wijzer's figures for the dashboard, /api/v1/stats and the monitor (wired by insights later;
plain functions here, no insights import).

The wijzer stores nothing about the people who use it (no visits, no answers), on purpose: a
citizen looking for where to report must leave no trace. What it can count is how far the region's
directory reaches: how many municipalities list a liaison for the public and have written down
their internal reporting route (seed 001 §1.3: half of IJsselland's staff did not know whether
their municipality had agreements at all)."""
from django.db.models import Count, Q

from ketenzicht.regions.models import Municipality


def counts(region, start=None, end=None, municipality=None) -> dict:
    """{"municipalities": n, "with_liaison": n, "liaisons": n, "with_internal_route": n} for the
    region, or one municipality of it. The directory is a current state and keeps no history, so
    `start` and `end` (the shared signature of the apps' figures) do not change the answer: the
    figures are today's, whatever period the dashboard shows. Two aggregate queries."""
    scope = Municipality.objects.filter(region=region)
    if municipality is not None:
        scope = scope.filter(pk=municipality.pk)
    found = scope.aggregate(
        municipalities=Count("pk", distinct=True),
        with_liaison=Count("pk", filter=Q(wijzer_liaisons__isnull=False), distinct=True),
        liaisons=Count("wijzer_liaisons", distinct=True),
    )
    found["with_internal_route"] = scope.filter(wijzer_route__isnull=False).exclude(wijzer_route__text="").count()
    return found
