"""A plan as read: per line its actions, done of total and what is late; per KPI its current
value against its target. The plan page, the API and the monitor's plan section all read this.

A computed KPI is measured from the plan's start to the end of the last month that has ended (or
the plan's end): a whole, fixed period, not one that grows every day (see insights.selection on
why a period still running is not published). The monitor measures over its own period instead."""
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import number_format

from . import metrics
from .models import MANUAL, Direction, Status


@dataclass
class KpiReading:
    kpi: object
    reading: object  # metrics.Reading
    met: object  # True, False, or None (no value)


@dataclass
class LineProgress:
    line: object
    actions: list
    done: int
    total: int
    late: list = field(default_factory=list)
    kpis: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def measured_until(plan, today=None):
    """The last day a KPI of the plan is measured to now; None before the first month has ended."""
    today = today or timezone.localdate()
    end = min(plan.ends_on, today.replace(day=1) - timedelta(days=1))
    return end if end >= plan.starts_on else None


def read_kpi(kpi, start, end):
    if end is None:
        return KpiReading(kpi, metrics.Reading(None, metrics.NONE), None)
    if kpi.metric == MANUAL:
        entry = next((v for v in kpi.values.all() if v.on <= end), None)
        reading = metrics.Reading(entry.value, number_format(
            entry.value, 0 if entry.value == entry.value.to_integral_value() else 1, force_grouping=True)) \
            if entry else metrics.Reading(None, metrics.NONE)
    else:
        reading = metrics.read(kpi.metric, kpi.plan.region, start, end)
    if reading.value is None:
        return KpiReading(kpi, reading, None)
    reading = metrics.Reading(reading.value, f"{reading.text} {metrics.unit_label(kpi)}".strip())  # "12,5 dagen", not "12,5"
    met = reading.value >= kpi.target if kpi.direction == Direction.AT_LEAST else reading.value <= kpi.target
    return KpiReading(kpi, reading, met)


def of_plan(plan, start=None, end=None, today=None):
    """(lines as `LineProgress`, KPIs not bound to a line as `KpiReading`), KPIs measured over
    [start, end] (default: the plan's start to `measured_until`)."""
    today = today or timezone.localdate()
    start = start or plan.starts_on
    end = end if end is not None else measured_until(plan, today)
    lines = list(plan.lines.prefetch_related("actions"))
    kpis = [read_kpi(k, start, end) for k in plan.kpis.select_related("plan__region").prefetch_related("values")]
    result = []
    for line in lines:
        actions = list(line.actions.all())
        result.append(LineProgress(
            line, actions, done=sum(1 for a in actions if a.status == Status.DONE),
            total=sum(1 for a in actions if a.status != Status.DROPPED),
            late=[a for a in actions if a.is_late(today)], kpis=[k for k in kpis if k.kpi.line_id == line.pk]))
    return result, [k for k in kpis if k.kpi.line_id is None]


def late_actions(plan, today=None):
    today = today or timezone.localdate()
    return [a for line in plan.lines.prefetch_related("actions") for a in line.actions.all() if a.is_late(today)]
