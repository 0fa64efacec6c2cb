"""Figures of integral inspections (issue 18 item 8): inspections and the signals they produced.

Plain functions for the dashboard, /api/v1/stats and the monitor (the lead wires them in; this app
does not import insights). Counts only; small counts are suppressed by the caller.
"""
from django.db.models import Count, Q

from .models import Finding, Inspection, Status


def counts(region, start, end, municipality=None) -> dict:
    """Inspections of `region` dated in [start, end] (dates, both included), optionally of one
    municipality, in three grouped queries:

        {"total": int,
         "by_status": {status code: int, ...},        # every Status, zero included
         "by_partner_sector": {sector code: int, ...}, # inspections each kind of partner took part in
         "findings": int, "pointing_to_trafficking": int,
         "signals": int}                               # findings that became a signal
    """
    inspections = Inspection.objects.filter(region=region, planned_on__gte=start, planned_on__lte=end)
    if municipality is not None:
        inspections = inspections.filter(municipality=municipality)
    by_status = dict.fromkeys(Status.values, 0)
    by_status.update(dict(inspections.order_by().values_list("status").annotate(n=Count("pk"))))
    sectors = dict(Inspection.partners.through.objects.filter(inspection__in=inspections.values("pk")).order_by()
                   .values_list("organisation__sector").annotate(n=Count("inspection_id", distinct=True)))
    findings = Finding.objects.filter(inspection__in=inspections.values("pk")).aggregate(
        findings=Count("pk"), pointing_to_trafficking=Count("pk", filter=Q(points_to_trafficking=True)),
        signals=Count("pk", filter=Q(signal__isnull=False)))
    return {"total": sum(by_status.values()), "by_status": by_status, "by_partner_sector": sectors, **findings}
