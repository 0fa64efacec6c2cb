"""Figures of permits against the APV's maxima and of Bibob screening, for the dashboard,
/api/v1/stats and the monitor (wired by insights, which sits above; this module imports none of it).

No personal data and no business names: counts only. Small counts are suppressed by the caller,
as for every figure it publishes.
"""
from django.db.models import Count, Q

from .models import OCCUPYING, BibobAdvice, BibobRequest, Permit, PermitMaximum, PermitStatus, Scope


def counts(region, start, end, municipality=None):
    """Counts for `region` (a Region or its id) over the period [start, end] (dates, inclusive),
    optionally for one municipality (a Municipality or its id). Shape:

        {"permits": {
            "municipalities": [{"municipality": "GM0193", "name": "Zwolle",
                                "maxima": {"all": 10},      # in force on `end`, per scope with one
                                "valid": 5,                 # permits valid on `end`
                                "by_kind": {"sex_business": 3, "escort": 2},   # of those valid
                                "granted": 1,               # permits starting within the period
                                "ended": 0}, ...],          # withdrawn or refused within the period
            "total": {"valid": 5, "granted": 1, "ended": 0, "maximum": 10}},
         "bibob": {"requested": 3,                          # requests made within the period
                   "advice": {"none": 1, "lesser": 1, "serious": 0},   # advice received within it
                   "decided": 1}}                           # decisions taken within it

    Municipalities appear when they have a maximum or a permit. "maximum" in the total sums each
    municipality's cap on both kinds together (or, where the APV caps each kind, the two caps).
    Four aggregate queries, whatever the number of permits.
    """
    region_id = getattr(region, "pk", region)
    where = {"region_id": region_id}
    if municipality is not None:
        where["municipality_id"] = getattr(municipality, "pk", municipality)
    permits = Permit.objects.filter(**where)
    rows = {}

    def row(pk, code, name):
        return rows.setdefault(pk, {"municipality": code, "name": name, "maxima": {}, "valid": 0, "by_kind": {},
                                    "granted": 0, "ended": 0})

    maxima = PermitMaximum.objects.filter(valid_from__lte=end, **where).order_by(
        "municipality_id", "scope", "valid_from", "id").values_list(
        "municipality_id", "municipality__cbs_code", "municipality__name", "scope", "maximum")
    for pk, code, name, scope, maximum in maxima:  # ascending: the last of each scope is in force
        row(pk, code, name)["maxima"][scope] = maximum
    valid = permits.filter(status__in=OCCUPYING, valid_from__lte=end, occupies_until__gte=end).order_by().values_list(
        "municipality_id", "municipality__cbs_code", "municipality__name", "kind").annotate(n=Count("id"))
    for pk, code, name, kind, n in valid:
        found = row(pk, code, name)
        found["valid"] += n
        found["by_kind"][kind] = n
    period = permits.order_by().values_list("municipality_id", "municipality__cbs_code", "municipality__name").annotate(
        granted=Count("id", filter=Q(valid_from__range=(start, end))),
        ended=Count("id", filter=Q(status__in=(PermitStatus.WITHDRAWN, PermitStatus.REFUSED),
                                   ended_on__range=(start, end))))
    for pk, code, name, granted, ended in period:
        if granted or ended:
            found = row(pk, code, name)
            found["granted"], found["ended"] = granted, ended
    listed = sorted(rows.values(), key=lambda r: r["name"])
    total = {"valid": sum(r["valid"] for r in listed), "granted": sum(r["granted"] for r in listed),
             "ended": sum(r["ended"] for r in listed),
             "maximum": sum(r["maxima"].get(Scope.ALL, sum(r["maxima"].values())) for r in listed)}

    bibob = BibobRequest.objects.filter(**where).aggregate(
        requested=Count("id", filter=Q(requested_at__date__range=(start, end))),
        decided=Count("id", filter=Q(decided_on__range=(start, end))),
        **{f"advice_{a.value}": Count("id", filter=Q(advice=a.value, advice_received_on__range=(start, end)))
           for a in BibobAdvice})
    return {"permits": {"municipalities": listed, "total": total},
            "bibob": {"requested": bibob["requested"], "decided": bibob["decided"],
                      "advice": {a.value: bibob[f"advice_{a.value}"] for a in BibobAdvice}}}
