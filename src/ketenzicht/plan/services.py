"""Every change of a plan of approach: the plan, its lines, actions and KPIs. Pages, API and demo
call these; each is one transaction, checked before it opens (`lib.checked`) and written to the
access log. Refusals are `Invalid` naming the field, in Dutch; a refused call changes nothing."""
from django.core.exceptions import PermissionDenied
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.privacy import audit

from . import access, metrics
from .models import MANUAL, Action, Direction, Kpi, KpiValue, Line, LineKind, Plan


class StaleAction(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze actie intussen bijgewerkt. Bekijk de nieuwe stand; wat u "
                           "typte staat er nog."))


def _kept(region_of):
    def check(user, obj, *args, **kwargs):
        region = region_of(obj)
        if not access.keeps(user, region):
            audit.record(user, "denied", "plan", getattr(obj, "pk", ""), region=region.pk)
            raise PermissionDenied("plan")
    return checked(check)


def _period(starts_on, ends_on):
    if ends_on < starts_on:
        raise Invalid(_("De einddatum ligt vóór de begindatum van het plan."), "ends_on")


def _deadline(plan, deadline, field="deadline"):
    if deadline < plan.starts_on:
        raise Invalid(_("De datum ligt vóór het begin van het plan (%(day)s).") % {
            "day": formats.date_format(plan.starts_on, "j F Y")}, field)
    if deadline > plan.ends_on:
        raise Invalid(_("De datum ligt na het einde van het plan (%(day)s).") % {
            "day": formats.date_format(plan.ends_on, "j F Y")}, field)


def _kind(kind):
    if kind not in LineKind.values:
        raise Invalid(_("Kies ambitie of spoor."), "kind")


@_kept(lambda region: region)
def create_plan(user, region, *, title, starts_on, ends_on, title_en=""):
    _period(starts_on, ends_on)
    plan = Plan.objects.create(region=region, title=title, title_en=title_en, starts_on=starts_on, ends_on=ends_on)
    audit.record(user, "create", "plan", plan.pk, region=region.pk)
    return plan


@_kept(lambda plan: plan.region)
def add_line(user, plan, *, kind, title, title_en=""):
    _kind(kind)
    order = (plan.lines.aggregate(n=Max("order"))["n"] or 0) + 1
    line = Line.objects.create(plan=plan, kind=kind, title=title, title_en=title_en, order=order)
    audit.record(user, "create", "plan_line", line.pk, region=plan.region_id)
    return line


@_kept(lambda line: line.plan.region)
def update_line(user, line, *, kind, title, title_en=""):
    _kind(kind)
    Line.objects.filter(pk=line.pk).update(kind=kind, title=title, title_en=title_en)
    line.refresh_from_db()
    audit.record(user, "update", "plan_line", line.pk, region=line.plan.region_id)
    return line


@_kept(lambda line: line.plan.region)
def remove_line(user, line):
    """An ambition or line of work without actions (one with actions would take their history along:
    the user moves or drops them first). Its KPIs become the whole plan's."""
    if line.actions.exists():
        raise Refused(_("Deze ambitie of dit spoor heeft nog acties: verwijder die eerst (of laat het staan en "
                        "zet de acties op 'Vervallen')."), "line")
    pk, region = line.pk, line.plan.region_id
    line.delete()
    audit.record(user, "delete", "plan_line", pk, region=region)


@_kept(lambda plan: plan.region)
def add_action(user, plan, *, line, title, owner, deadline, status, progress_note="", title_en="", owner_en="",
               progress_note_en=""):
    if line.plan_id != plan.pk:
        raise Invalid(_("Kies een ambitie of spoor van dit plan."), "line")
    _deadline(plan, deadline)
    action = Action.objects.create(line=line, title=title, owner=owner, deadline=deadline, status=status,
                                   progress_note=progress_note, title_en=title_en, owner_en=owner_en,
                                   progress_note_en=progress_note_en, updated_by=user)
    audit.record(user, "create", "plan_action", action.pk, region=plan.region_id)
    return action


@_kept(lambda action: action.line.plan.region)
def update_action(user, action, *, expected_version, title, owner, deadline, status, progress_note="",
                  title_en=None, owner_en=None, progress_note_en=None):
    """The action's owner, deadline, status and progress note, as the one who saw `expected_version`
    (an English text left out, None, stays as it was)."""
    plan = action.line.plan
    _deadline(plan, deadline)
    english = {name: value for name, value in (("title_en", title_en), ("owner_en", owner_en),
                                               ("progress_note_en", progress_note_en)) if value is not None}
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        title=title, owner=owner, deadline=deadline, status=status, progress_note=progress_note, **english,
        updated_at=timezone.now(), updated_by=user, version=F("version") + 1)
    if not updated:
        raise StaleAction
    action.refresh_from_db()
    audit.record(user, "update", "plan_action", action.pk, region=plan.region_id, status=status)
    return action


@_kept(lambda action: action.line.plan.region)
def remove_action(user, action):
    """An action recorded by mistake; one that no longer applies is set to 'Vervallen' instead."""
    pk, region = action.pk, action.line.plan.region_id
    action.delete()
    audit.record(user, "delete", "plan_action", pk, region=region)


@_kept(lambda plan: plan.region)
def add_kpi(user, plan, *, name, metric, target, direction, unit="", name_en="", line=None):
    if metric != MANUAL and metric not in metrics.METRICS:
        raise Invalid(_("Onbekend cijfer: kies een cijfer dat Ketenzicht berekent, of handmatig."), "metric")
    if line is not None and line.plan_id != plan.pk:
        raise Invalid(_("Kies een ambitie of spoor van dit plan."), "line")
    order = (plan.kpis.aggregate(n=Max("order"))["n"] or 0) + 1
    kpi = Kpi.objects.create(plan=plan, line=line, name=name, name_en=name_en, metric=metric, target=target,
                             direction=direction, unit=unit or (metrics.METRICS[metric].unit if metric != MANUAL
                                                                else ""), order=order)
    audit.record(user, "create", "plan_kpi", kpi.pk, region=plan.region_id, metric=metric)
    return kpi


@_kept(lambda kpi: kpi.plan.region)
def update_kpi(user, kpi, *, name, target, direction, unit="", name_en="", line=None):
    """A KPI's name, target, direction, unit and line; its figure stays (its values rest on it)."""
    if line is not None and line.plan_id != kpi.plan_id:
        raise Invalid(_("Kies een ambitie of spoor van dit plan."), "line")
    if direction not in Direction.values:
        raise Invalid(_("Kies ten minste of ten hoogste."), "direction")
    Kpi.objects.filter(pk=kpi.pk).update(name=name, name_en=name_en, target=target, direction=direction,
                                         unit=unit or (metrics.METRICS[kpi.metric].unit if kpi.metric != MANUAL
                                                       else ""), line=line)
    kpi.refresh_from_db()
    audit.record(user, "update", "plan_kpi", kpi.pk, region=kpi.plan.region_id)
    return kpi


@_kept(lambda kpi: kpi.plan.region)
def remove_kpi(user, kpi):
    """A KPI the plan no longer steers on, with its values."""
    pk, region = kpi.pk, kpi.plan.region_id
    kpi.delete()
    audit.record(user, "delete", "plan_kpi", pk, region=region)


@_kept(lambda kpi: kpi.plan.region)
def record_value(user, kpi, *, on, value):
    """A value of a hand-entered KPI."""
    if kpi.metric != MANUAL:
        raise Invalid(_("Deze KPI wordt door Ketenzicht berekend; u voert er geen waarde voor in."), "value")
    _deadline(kpi.plan, on, "on")
    entry = KpiValue.objects.create(kpi=kpi, on=on, value=value)
    audit.record(user, "create", "plan_kpi_value", entry.pk, region=kpi.plan.region_id)
    return entry
