"""Storing a new version of a region's route. Old versions stay: what runs under them keeps them."""
from django.db import transaction

from ketenzicht.privacy import audit

from . import engine
from .models import RouteDefinition


@transaction.atomic
def activate(region, definition, user=None):
    """Check the definition, store it as the region's next version and make it the active one."""
    engine.parse(definition)
    latest = RouteDefinition.objects.select_for_update().filter(region=region).order_by("-version").first()
    RouteDefinition.objects.filter(region=region, active=True).update(active=False)
    stored = RouteDefinition.objects.create(region=region, name=definition.get("name", ""), definition=definition,
                                            version=(latest.version + 1) if latest else 1, active=True)
    audit.record(user, "route_version", "route", stored.pk, region=region.pk)
    return stored


# What runs on a route version: each app that keeps work on a route registers its model, and what
# must follow a move, from its registrations.py (route sits below those apps and imports none).
_running = {}


def runs_on_routes(kind, model, after_move=None):
    """`kind` is the route's flow ("signal", "case"); `after_move(ids)` runs after records moved."""
    _running[kind] = (model, after_move)


@transaction.atomic
def move_running(region, mapping=None, dry_run=False, user=None):
    """Move the region's open signals and cases from older route versions to the active one.

    A stage keeps its code unless `mapping` (old code -> new code) says otherwise. When any open
    record would land on a stage the new route does not have, nothing moves and the unmapped
    stages are reported. Every moved record gets a step in its history. Returns (count per
    "kind: old -> new", unmapped stages per kind).
    """
    mapping = mapping or {}
    target = RouteDefinition.active_for(region)
    plans, unmapped = [], {}
    for kind, (model, _after) in _running.items():
        flow = target.route.flow(kind)
        rows = model.objects.filter(region=region, is_open=True).exclude(route=target)
        for stage in sorted(set(rows.values_list("stage", flat=True))):
            new = mapping.get(stage, stage)
            if flow is None or new not in flow.stages:
                unmapped.setdefault(kind, []).append(stage)
                continue
            ids = list(rows.filter(stage=stage).values_list("pk", flat=True))
            plans.append((kind, model, ids, stage, new, flow.stages[new].is_open))
    report = {f"{kind}: {old} -> {new}": len(ids) for kind, _model, ids, old, new, _open in plans}
    if unmapped or dry_run:
        return report, unmapped
    for kind, model, ids, old, new, is_open in plans:
        history = model._meta.get_field("history").related_model
        history.objects.bulk_create([
            history(**{f"{kind}_id": pk}, transition="routeversie", from_stage=old, to_stage=new, actor=user,
                    reason=f"Naar routeversie {target.version}") for pk in ids])
        model.objects.filter(pk__in=ids).update(route=target, stage=new, is_open=is_open)
        after_move = _running[kind][1]
        if after_move:
            after_move(ids)
    audit.record(user, "route_migration", "route", target.pk, region=region.pk, moved=report)
    return report, {}
