"""Retention: expired records are anonymised or deleted, and the figures of earlier years stay."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ketenzicht.intake.models import Feedback, Note, Signal
from ketenzicht.privacy import audit, retention
from ketenzicht.privacy.kinds import KINDS
from ketenzicht.privacy.models import AccessLog, RetentionRule
from ketenzicht.regions.models import Region


def test_months_before_handles_month_ends():
    moment = timezone.now().replace(year=2026, month=3, day=31)
    assert retention.months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert retention.months_before(moment, 15).date().isoformat() == "2024-12-31"


def test_unknown_region_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("apply_retention", "--region", "nergens")


def test_an_open_signal_nobody_touches_is_announced_then_anonymised(world):
    """Red-team finding: a signal left open was kept for ever. Warned first, then anonymised."""
    from ketenzicht.intake import services
    from ketenzicht.notifications.models import Notification

    from ..helpers import report_as, user

    region = Region.objects.get(slug="ijsselland")
    forgotten, _code = report_as("reporter.zwolle", description="Vergeten signaal")
    worked_on, _code = report_as("reporter.zwolle", description="Signaal waaraan gewerkt wordt")
    now = timezone.now()
    long_ago = now - timedelta(days=2 * 365 - 20)  # the term (24 months) ends within the warning's 30 days
    Signal.objects.filter(pk__in=[forgotten.pk, worked_on.pk]).update(updated_at=long_ago, received_at=long_ago)
    Feedback.objects.filter(signal__in=[forgotten, worked_on]).update(created_at=long_ago)

    retention.run(dry_run=False, regions=[region], now=now)
    forgotten.refresh_from_db()
    assert forgotten.retention_warned_at is not None and forgotten.anonymised_at is None
    warning = Notification.objects.get(user=user("liaison.zwolle"), kind="signal_expiry", url__contains=str(forgotten.pk))
    assert forgotten.reference in warning.subject
    assert not Notification.objects.filter(user=user("liaison.deventer"), kind="signal_expiry").exists()
    warnings = Notification.objects.filter(kind="signal_expiry", url__contains=str(forgotten.pk)).count()
    retention.run(dry_run=False, regions=[region], now=now)  # no second warning for the same stretch
    assert Notification.objects.filter(kind="signal_expiry", url__contains=str(forgotten.pk)).count() == warnings

    # The liaison works on one of them after the warning: it stays, and its term starts again.
    services.add_note(user("liaison.zwolle"), worked_on, "Gebeld met de wijkagent")
    Note.objects.filter(signal=worked_on).update(created_at=now + timedelta(days=5))

    later = now + timedelta(days=31)
    retention.run(dry_run=False, regions=[region], now=later)
    forgotten.refresh_from_db()
    worked_on.refresh_from_db()
    assert forgotten.anonymised_at is not None and not forgotten.is_open and forgotten.description == ""
    assert worked_on.anonymised_at is None and worked_on.is_open and worked_on.description
    assert "signal_untouched" in {row.kind for row in retention.preview([region], now=later)}


def test_no_term_below_the_minimum_can_erase_the_evidence(world):
    """Review finding: a term of 0 months for the access log let an administrator erase it all."""
    from django.core.exceptions import ValidationError

    region = Region.objects.get(slug="ijsselland")
    with pytest.raises(ValidationError) as refused:
        RetentionRule(region=region, kind="access_log", months=0).full_clean()
    assert "months" in refused.value.message_dict
    RetentionRule.objects.create(region=region, kind="access_log", months=0)  # stored around the form
    audit.record(None, "view", "signal", "x", region=region.pk)
    assert retention.terms(region.pk)["access_log"] == KINDS["access_log"].minimum_months == 24
    retention.run(dry_run=False, regions=[region])
    assert AccessLog.objects.filter(region=region, action="view").exists()


def test_without_a_liaison_the_administrators_are_warned_and_with_nobody_nothing_expires(world):
    """Review finding: signals of a municipality without a liaison were "warned" to nobody, then anonymised."""
    from ketenzicht.accounts.models import RoleAssignment
    from ketenzicht.notifications.models import Notification

    from ..helpers import report_as

    region = Region.objects.get(slug="ijsselland")
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    long_ago = timezone.now() - timedelta(days=2 * 365)
    Signal.objects.filter(pk=signal.pk).update(updated_at=long_ago, received_at=long_ago)
    Feedback.objects.filter(signal=signal).update(created_at=long_ago)
    RoleAssignment.objects.filter(role="liaison", municipality__cbs_code="GM0193").delete()
    admins = RoleAssignment.objects.filter(role="region_admin", organisation__region=region)
    kept = list(admins.values_list("user__username", flat=True))
    retention.run(dry_run=False, regions=[region])
    assert set(Notification.objects.filter(kind="signal_expiry").values_list("user__username", flat=True)) == set(kept)

    other, _code = report_as("reporter.zwolle", other_municipalities=[])
    Signal.objects.filter(pk=other.pk).update(updated_at=long_ago, received_at=long_ago)
    Feedback.objects.filter(signal=other).update(created_at=long_ago)
    admins.delete()
    for later in (timezone.now(), timezone.now() + timedelta(days=40)):
        retention.run(dry_run=False, regions=[region], now=later)
    other.refresh_from_db()
    assert other.retention_warned_at is None and other.anonymised_at is None
