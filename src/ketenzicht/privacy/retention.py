"""Retention: records past their region's term are anonymised (signals) or deleted (log entries).

Run by `ketenzicht apply_retention` from cron; `--dry-run` shows what it would do. Anonymising
instead of deleting signals keeps the region's figures for earlier years the same.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.care import services as care_services
from ketenzicht.care.models import Status, Trajectory
from ketenzicht.cases import services as case_services
from ketenzicht.cases.models import Case
from ketenzicht.dates import add_months
from ketenzicht.intake import expiry
from ketenzicht.intake import services as intake_services
from ketenzicht.intake.models import Signal
from ketenzicht.regions.models import Region

from . import audit
from .models import DEFAULT_RETENTION_MONTHS, MIN_RETENTION_MONTHS, AccessLog, RecordKind, RetentionRule


def months_before(moment: datetime, months: int) -> datetime:
    return add_months(moment, -months)


def _expired_signals(region_id, cutoff, now):
    return Signal.objects.filter(region_id=region_id, is_open=False, closed_at__lt=cutoff,
                                 anonymised_at__isnull=True)


def _expired_cases(region_id, cutoff, now):
    return Case.objects.filter(region_id=region_id, is_open=False, closed_at__lt=cutoff, anonymised_at__isnull=True)


def _expired_care(region_id, cutoff, now):
    return Trajectory.objects.filter(region_id=region_id, status=Status.CLOSED, closed_at__lt=cutoff,
                                     anonymised_at__isnull=True)


def _expired_log(region_id, cutoff, now):
    return AccessLog.objects.filter(region_id=region_id, at__lt=cutoff)


WARNED = "signal_untouched_warned"  # not a kind of record: the warnings a run sent

# kind -> (what is due, what to do with it)
ACTIONS = {
    RecordKind.SIGNAL_CLOSED: (_expired_signals, intake_services.anonymise),
    RecordKind.SIGNAL_UNTOUCHED: (expiry.due, expiry.expire),
    RecordKind.CASE_CLOSED: (_expired_cases, case_services.anonymise),
    RecordKind.CARE_CLOSED: (_expired_care, care_services.anonymise),
    RecordKind.ACCESS_LOG: (_expired_log, lambda qs: qs.delete()[0]),
}


@dataclass
class Outcome:
    region: str
    kind: str
    months: int
    cutoff: datetime
    count: int

    @property
    def label(self):
        if self.kind == WARNED:
            return _("Aangekondigd: open signalen zonder activiteit, naar de aandachtsfunctionarissen")
        return RecordKind(self.kind).label


def terms(region_id):
    """The region's term per kind: its own rule (never below the minimum, whatever is stored), or
    the default."""
    own = dict(RetentionRule.objects.filter(region_id=region_id).values_list("kind", "months"))
    return {kind: max(own.get(kind, DEFAULT_RETENTION_MONTHS[kind]), MIN_RETENTION_MONTHS[kind]) for kind in RecordKind}


def _apply(regions, now, act):
    """Per region, what is due of each kind (done when `act`); when acting, the warnings for open
    signals that will be due next are sent as well (outcome kind "signal_untouched_warned")."""
    targets = [(r.pk, r.name) for r in (regions if regions is not None else Region.objects.order_by("name"))]
    if regions is None:
        targets.append((None, "—"))
    for region_id, name in targets:
        outcomes = []
        for kind, months in terms(region_id).items():
            due, action = ACTIONS[kind]
            cutoff = months_before(now, months)
            queryset = due(region_id, cutoff, now)
            outcomes.append(Outcome(name, kind, months, cutoff, action(queryset) if act else queryset.count()))
            if act and kind == RecordKind.SIGNAL_UNTOUCHED and region_id is not None:
                warned = expiry.warn(region_id, cutoff, now)
                outcomes.append(Outcome(name, WARNED, months, cutoff, warned))
        yield region_id, outcomes


def preview(regions, now=None):
    """What a run would do now for these regions, without doing or logging anything."""
    return [o for _region, outcomes in _apply(regions, now or timezone.now(), act=False) for o in outcomes]


def run(dry_run=True, regions=None, now=None):
    """Apply (or with dry_run only count) retention for these regions (default all, and log
    entries without a region under the default term); each region's outcome is logged."""
    result = []
    for region_id, outcomes in _apply(regions, now or timezone.now(), act=not dry_run):
        audit.record(None, "retention_dry_run" if dry_run else "retention", "system", region=region_id,
                     counts={o.kind: o.count for o in outcomes})
        result += outcomes
    return result
