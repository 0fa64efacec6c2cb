"""What the route's set-up page shows of a region's route, readable without the TOML: the active
version's stages in the order work passes them, where a case opens, and every earlier version with
who put it in and how much work still runs on it (running work keeps its version)."""
from django.db.models import Count

from ketenzicht.cases.models import Case, TableKind
from ketenzicht.intake.models import Signal
from ketenzicht.privacy.models import AccessLog
from ketenzicht.route.models import RouteDefinition

# A case opens at the regional table when the route names no kind (route/engine.py, `open_case`).
DEFAULT_TABLE = TableKind.REGIONAL


def stages_in_order(flow):
    """The stages as work passes them: the first, then each transition's target in the order the
    route lists its transitions, the closing stages last. Stored definitions do not keep the order
    of their stage tables (PostgreSQL's jsonb sorts keys), the list of transitions they do."""
    order = [flow.initial] + [t.target for t in flow.transitions.values()] + list(flow.stages)
    unique = list(dict.fromkeys(order))
    return [flow.stages[code] for code in unique if flow.stages[code].is_open] + \
        [flow.stages[code] for code in unique if not flow.stages[code].is_open]


def case_openings(route):
    """Which signal steps open a case, at which kind of table and in which stage of the case."""
    if route.case is None:
        return []
    return [{"transition": t.label, "table": TableKind(t.table or DEFAULT_TABLE).label,
             "stage": route.case.stages[t.case_stage or route.case.initial].label}
            for t in route.signal.transitions.values() if t.effect == "open_case"]


def setters(region):
    """Who put in each version, as the access log records it (route.versions.activate logs every
    version once); None for a version the loader or the shell put in (they name nobody), or whose
    entry retention removed."""
    entries = AccessLog.objects.filter(action="route_version", object_type="route", region=region) \
        .select_related("user").order_by("at")
    return {entry.object_id: entry.user for entry in entries}


def running(region, model):
    """Open records per route version (pk -> count)."""
    rows = model.objects.filter(region=region, is_open=True).values("route").annotate(n=Count("pk"))
    return {row["route"]: row["n"] for row in rows}


def overview(region):
    """The active route, its stages and case openings, and every version, newest first."""
    active = RouteDefinition.active_for(region)
    route = active.route
    by, signals, cases = setters(region), running(region, Signal), running(region, Case)
    history = [{"version": v, "set_by": by.get(str(v.pk)), "signals": signals.get(v.pk, 0),
                "cases": cases.get(v.pk, 0)}
               for v in RouteDefinition.objects.filter(region=region).defer("definition").order_by("-version")]
    return {"active": active, "active_set_by": by.get(str(active.pk)), "route": route,
            "signal_stages": stages_in_order(route.signal),
            "case_stages": stages_in_order(route.case) if route.case else [],
            "openings": case_openings(route), "versions": history}
