"""Figures of the basisniveau for the dashboard, /api/v1/stats and the monitor (wired by insights,
which imports this module; this module imports nothing of insights). No personal data: these
count municipalities and criteria, so nothing needs suppressing.

`counts(region, start, end, municipality=None)` answers, as of `end` (the level each municipality
held on that day, from the history) and for the period [start, end] (what changed):

    {
      "as_of": date,                     # = end
      "criteria": int,                   # criteria of the region in force on `end`
      "municipalities": int,             # municipalities counted (1 with `municipality`)
      "fully_met": int,                  # municipalities meeting every criterion on `end`
      "levels": {"met": int, "partly": int, "not_met": int, "unassessed": int},  # cells on `end`
      "per_municipality": [              # ordered by name
          {"code": "GM0150", "name": "Deventer", "met": int, "partly": int, "not_met": int,
           "unassessed": int},
      ],
      "changes": int,                    # new levels (not new evidence alone) with a `since` in [start, end]
      "became_met": int,                 # of which to "met"
    }

Three aggregate queries whatever the region's size (criteria, levels by municipality, changes)."""
from django.db.models import Count, Q

from ketenzicht.regions.models import Municipality

from .models import Change, Criterion, Level


def _criteria_on(region, day):
    """Criteria in force on `day`: not retired, or retired after it."""
    return Criterion.objects.filter(Q(retired_at__isnull=True) | Q(retired_at__date__gt=day), region=region)


def counts(region, start, end, municipality=None):
    municipalities = list(Municipality.objects.filter(region=region).order_by("name") if municipality is None
                          else [municipality])
    criteria_ids = list(_criteria_on(region, end).values_list("pk", flat=True))
    held = Change.objects.filter(Q(until__isnull=True) | Q(until__gt=end), criterion__in=criteria_ids,
                                 since__lte=end, municipality__in=municipalities)
    tally = {}
    for row in held.order_by().values("municipality", "level").annotate(n=Count("pk")):
        tally.setdefault(row["municipality"], {})[row["level"]] = row["n"]
    per = []
    for m in municipalities:
        levels = {level: tally.get(m.pk, {}).get(level, 0) for level in Level.values}
        levels["unassessed"] = len(criteria_ids) - sum(levels.values())
        per.append({"code": m.cbs_code, "name": m.name, **levels})
    changes = Change.objects.filter(criterion__region=region, since__gte=start, since__lte=end, opens_level=True,
                                    municipality__in=municipalities).order_by().aggregate(
        changes=Count("pk"), became_met=Count("pk", filter=Q(level=Level.MET)))
    return {
        "as_of": end, "criteria": len(criteria_ids), "municipalities": len(municipalities),
        "fully_met": sum(1 for p in per if criteria_ids and p[Level.MET] == len(criteria_ids)),
        "levels": {key: sum(p[key] for p in per) for key in (*Level.values, "unassessed")},
        "per_municipality": per, **changes,
    }

