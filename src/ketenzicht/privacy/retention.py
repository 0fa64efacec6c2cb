"""Retention: records past their region's term are anonymised (signals) or deleted (log entries).

Run by `ketenzicht apply_retention` from cron; `--dry-run` shows what it would do. Anonymising
instead of deleting signals keeps the region's figures for earlier years the same.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.dates import add_months
from ketenzicht.regions.models import Region

from . import audit
from .kinds import KINDS, Kind
from .models import AccessLog, RetentionRule


def months_before(moment: datetime, months: int) -> datetime:
    return add_months(moment, -months)


def _expired_log(region_id, cutoff, now):
    return AccessLog.objects.filter(region_id=region_id, at__lt=cutoff)


# The access log two years (BIO: long enough to investigate an incident), never less.
ACCESS_LOG = Kind("access_log", _("Registratie in het toegangslog"), default_months=24, minimum_months=24,
                  due=_expired_log, apply=lambda entries: entries.delete()[0], verb="delete")


WARNED = "_warned"  # appended to a kind's code: not a kind of record, the warnings a run sent


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
        return KINDS[self.kind].label


def terms(region_id):
    """The region's term per kind: its own rule (never below the minimum, whatever is stored), or
    the default."""
    own = dict(RetentionRule.objects.filter(region_id=region_id).values_list("kind", "months"))
    return {code: max(own.get(code, kind.default_months), kind.minimum_months) for code, kind in KINDS.items()}


def _apply(regions, now, act):
    """Per region, what is due of each kind (done when `act`); when acting, the warnings for open
    signals that will be due next are sent as well (outcome kind "signal_untouched_warned")."""
    targets = [(r.pk, r.name) for r in (regions if regions is not None else Region.objects.order_by("name"))]
    if regions is None:
        targets.append((None, "—"))
    for region_id, name in targets:
        outcomes = []
        for code, months in terms(region_id).items():
            kind = KINDS[code]
            cutoff = months_before(now, months)
            queryset = kind.due(region_id, cutoff, now)
            outcomes.append(Outcome(name, code, months, cutoff, kind.apply(queryset) if act else queryset.count()))
            if act and kind.warn and region_id is not None:
                outcomes.append(Outcome(name, code + WARNED, months, cutoff, kind.warn(region_id, cutoff, now)))
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
