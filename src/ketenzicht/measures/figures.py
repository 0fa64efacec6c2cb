"""Figures of administrative measures (issue 18 item 8): measures by kind and by legal ground.

Plain functions for the dashboard, /api/v1/stats and the monitor (the lead wires them in; this app
does not import insights). Counts only, no object; small counts are suppressed by the caller.
"""
from django.db.models import Count, Q

from .models import Kind, Measure


def counts(region, start, end, municipality=None) -> dict:
    """Measures of `region` decided in [start, end] (dates, both included), optionally of one
    municipality, in one grouped query:

        {"total": int, "signed": int,
         "by_kind": {kind code: int, ...}                       # every Kind, zero included
         "by_ground": [{"code": str, "label": str, "count": int}, ...]  # grounds used, most first
         "by_kind_and_ground": [{"kind": str, "ground": str, "count": int}, ...]}
    """
    measures = Measure.objects.filter(region=region, decided_on__gte=start, decided_on__lte=end)
    if municipality is not None:
        measures = measures.filter(municipality=municipality)
    rows = list(measures.order_by().values("kind", "ground__code", "ground__label").annotate(
        n=Count("pk"), signed=Count("pk", filter=Q(signed_at__isnull=False))))
    by_kind = dict.fromkeys(Kind.values, 0)
    by_ground = {}
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["n"]
        ground = by_ground.setdefault(row["ground__code"], {"code": row["ground__code"],
                                                            "label": row["ground__label"], "count": 0})
        ground["count"] += row["n"]
    return {
        "total": sum(row["n"] for row in rows), "signed": sum(row["signed"] for row in rows), "by_kind": by_kind,
        "by_ground": sorted(by_ground.values(), key=lambda g: (-g["count"], g["code"])),
        "by_kind_and_ground": sorted(({"kind": r["kind"], "ground": r["ground__code"], "count": r["n"]}
                                      for r in rows), key=lambda r: (r["kind"], r["ground"])),
    }
