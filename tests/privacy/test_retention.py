"""Retention: expired records are anonymised or deleted, and the figures of earlier years stay."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ketenzicht.demo import loader
from ketenzicht.intake.models import Feedback, Note, Person, Signal, StageChange
from ketenzicht.privacy import audit, retention
from ketenzicht.privacy.models import AccessLog, RecordKind, RetentionRule
from ketenzicht.regions.models import Region


@pytest.fixture
def demo(db):
    loader.load(regions=("IJsselland",), with_signals=True)
    return Region.objects.get(slug="ijsselland")


def figures():
    """What the dashboards count: signals per year, municipality and kind; forms; person groups."""
    per_year = ExtractYear("received_at")
    return (
        sorted(Signal.objects.annotate(year=per_year).values_list("year", "lead_municipality__cbs_code", "kind")
               .annotate(n=Count("pk")).values_list("year", "lead_municipality__cbs_code", "kind", "n")),
        sorted(Signal.objects.annotate(year=per_year).values_list("year", "exploitation_forms__code")
               .annotate(n=Count("pk")).values_list("year", "exploitation_forms__code", "n"), key=str),
        sorted(Person.objects.values_list("role", "age_group", "is_minor", "gender", "nationality_group")
               .annotate(n=Count("pk")).values_list("role", "age_group", "is_minor", "gender", "nationality_group",
                                                    "n"), key=str),
        sorted(StageChange.objects.values_list("to_stage").annotate(n=Count("pk")).values_list("to_stage", "n")),
    )


def test_dry_run_changes_nothing_and_says_what_it_would_do(demo):
    due = Signal.objects.filter(is_open=False, closed_at__lt=retention.months_before(timezone.now(), 12)).count()
    assert due > 0
    before = figures(), Signal.objects.filter(anonymised_at__isnull=False).count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "IJsselland: signal_closed older than 12 months" in out.getvalue()
    assert f"would anonymise {due}" in out.getvalue()
    assert (figures(), Signal.objects.filter(anonymised_at__isnull=False).count()) == before


def test_run_anonymises_expired_signals_and_keeps_the_figures(demo):
    before = figures()
    recent_closed = Signal.objects.filter(is_open=False, closed_at__gte=timezone.now() - timedelta(days=300))
    untouched = {s.pk: s.description for s in list(Signal.objects.filter(is_open=True)) + list(recent_closed)}
    expired = Signal.objects.filter(is_open=False, closed_at__lt=timezone.now() - timedelta(days=366))
    assert Feedback.objects.filter(signal__in=expired).exists() and Person.objects.filter(
        signal__in=expired, age__isnull=False).exists()  # there is something to erase
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "did anonymise" in out.getvalue()
    assert figures() == before
    gone = Signal.objects.filter(anonymised_at__isnull=False)
    assert gone.exists()
    for signal in gone:
        assert signal.description == "" and signal.contact == "" and signal.location == ""
        assert signal.receipt_hash is None and signal.reporter_id is None
        assert signal.closed_at < timezone.now() - timedelta(days=330)
    assert not Note.objects.filter(signal__in=gone).exists() and not Feedback.objects.filter(signal__in=gone).exists()
    assert not Person.objects.filter(signal__in=gone, age__isnull=False).exists()
    assert not StageChange.objects.filter(signal__in=gone).exclude(reason="").exists()
    for pk, description in untouched.items():
        assert Signal.objects.get(pk=pk).description == description
    again = StringIO()
    call_command("apply_retention", stdout=again)  # idempotent: nothing left to do
    assert "did anonymise 0" in again.getvalue()


def test_the_regions_own_term_counts(demo):
    RetentionRule.objects.create(region=demo, kind=RecordKind.SIGNAL_CLOSED, months=60, basis="Convenant art. 9")
    outcome = {o.kind: o for o in retention.run(dry_run=True, regions=[demo])}
    assert outcome[RecordKind.SIGNAL_CLOSED].months == 60
    expected = Signal.objects.filter(is_open=False, closed_at__lt=retention.months_before(timezone.now(), 60)).count()
    assert outcome[RecordKind.SIGNAL_CLOSED].count == expected


def test_old_access_log_entries_are_deleted_per_region(demo):
    audit.record(None, "view", "signal", "old", region=demo.pk)
    audit.record(None, "view", "signal", "new", region=demo.pk)
    AccessLog.objects.filter(object_id="old").update(at=timezone.now() - timedelta(days=800))
    retention.run(dry_run=False)
    assert not AccessLog.objects.filter(object_id="old").exists()
    assert AccessLog.objects.filter(object_id="new").exists()
    assert AccessLog.objects.filter(action="retention", region=demo).exists()


def test_months_before_handles_month_ends():
    moment = timezone.now().replace(year=2026, month=3, day=31)
    assert retention.months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert retention.months_before(moment, 15).date().isoformat() == "2024-12-31"


def test_unknown_region_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("apply_retention", "--region", "nergens")


def test_privacy_officer_sees_terms_due_counts_and_runs(demo, client):
    from ..helpers import verified

    call_command("apply_retention", stdout=StringIO())
    officer = verified(client, "privacy.ijsselland")
    page = officer.get("/privacy/bewaartermijnen").content.decode()
    assert "Afgesloten signaal" in page and "12 maanden" in page and "Laatste runs" in page
    assert "signal_closed" in page  # the run just made is listed
    verified(client, "liaison.zwolle")
    assert client.get("/privacy/bewaartermijnen").status_code == 403
    anonymised = Signal.objects.filter(anonymised_at__isnull=False, lead_municipality__cbs_code="GM0193").first()
    assert "Geanonimiseerd op" in client.get(f"/signalen/{anonymised.pk}").content.decode()


def test_closed_cases_are_anonymised_after_their_term_and_still_counted(demo):
    from ketenzicht.cases.models import Case, Decision, Progress, Track

    closed = Case.objects.filter(region=demo, is_open=False)
    assert closed.exists() and Decision.objects.filter(case__in=closed).exclude(text="").exists()
    closed.update(closed_at=timezone.now() - timedelta(days=6 * 366))
    counts = (sorted(Case.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")),
              sorted(Track.objects.values_list("kind", "owner_id").annotate(n=Count("pk"))
                     .values_list("kind", "owner_id", "n")))
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "case_closed older than 60 months (before" in out.getvalue()
    assert not Decision.objects.filter(case__in=closed).exclude(text="").exists()
    assert not Track.objects.filter(case__in=closed).exclude(outcome="").exists()
    assert not Progress.objects.filter(track__case__in=closed).exists()
    assert all(c.anonymised_at for c in closed)
    assert counts == (sorted(Case.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")),
                      sorted(Track.objects.values_list("kind", "owner_id").annotate(n=Count("pk"))
                             .values_list("kind", "owner_id", "n")))
    open_case = Case.objects.filter(region=demo, is_open=True).first()
    assert open_case is None or open_case.anonymised_at is None


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

    from ketenzicht.privacy.models import MIN_RETENTION_MONTHS

    region = Region.objects.get(slug="ijsselland")
    with pytest.raises(ValidationError) as refused:
        RetentionRule(region=region, kind=RecordKind.ACCESS_LOG, months=0).full_clean()
    assert "months" in refused.value.message_dict
    RetentionRule.objects.create(region=region, kind=RecordKind.ACCESS_LOG, months=0)  # stored around the form
    audit.record(None, "view", "signal", "x", region=region.pk)
    assert retention.terms(region.pk)[RecordKind.ACCESS_LOG] == MIN_RETENTION_MONTHS[RecordKind.ACCESS_LOG] == 24
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
