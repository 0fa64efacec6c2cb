"""Retention: records past their region's term are anonymised (signals) or deleted (log entries).

Run by `ketenzicht apply_retention` from cron; `--dry-run` shows what it would do. Anonymising
instead of deleting signals keeps the region's figures for earlier years the same.
"""
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts.access import administers
from ketenzicht.lib.checked import checked
from ketenzicht.lib.dates import add_months
from ketenzicht.lib.errors import Invalid
from ketenzicht.regions.models import Region

from . import audit, policy
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


def rules(region_id):
    """Per kind, in the order the apps registered them: (kind, term in force, the region's own rule or None)."""
    own = {rule.kind: rule for rule in RetentionRule.objects.filter(region_id=region_id)}
    in_force = terms(region_id)
    return [(kind, in_force[code], own.get(code)) for code, kind in KINDS.items()]


def out_of_bounds(kind, months):
    """Why a term is refused for this kind (shorter than its minimum, longer than its maximum), or None."""
    if months < kind.minimum_months:
        return _("Voor %(kind)s is de bewaartermijn ten minste %(months)s maanden.") % {
            "kind": kind.label, "months": kind.minimum_months}
    if months > kind.maximum_months:
        return _("Voor %(kind)s is de bewaartermijn ten hoogste %(months)s maanden.") % {
            "kind": kind.label, "months": kind.maximum_months}
    return None


def _administered(user, region, terms_by_kind):
    """Only the region's administrator sets its terms: checked, and a refusal logged, before the
    transaction opens, so the entry is not rolled back with it (lib.checked)."""
    if not (policy.active(user) and administers(user, region.pk)):
        audit.record(user, "denied", "retention", "", region=region.pk)
        raise PermissionDenied("retention")


@checked(_administered)
def set_terms(user, region, terms_by_kind):
    """A region's administrator sets its terms: kind code -> (months, basis). Every term is checked
    against its kind's bounds before anything is stored; the change is logged once, in the region."""
    errors = {}
    for code, (months, _basis) in terms_by_kind.items():
        kind = KINDS.get(code)
        problem = _("Onbekende soort record.") if kind is None else out_of_bounds(kind, months)
        if problem:
            errors[code] = [problem]
    if errors:
        raise Invalid(errors=errors)
    changed = []
    for code, (months, basis) in terms_by_kind.items():
        rule, created = RetentionRule.objects.get_or_create(region=region, kind=code,
                                                            defaults={"months": months, "basis": basis})
        if created or (rule.months, rule.basis) != (months, basis):
            RetentionRule.objects.filter(pk=rule.pk).update(months=months, basis=basis)
            changed.append(code)
    audit.record(user, "retention_terms", "region", region.pk, region=region.pk, changed=changed)
    return changed


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
