"""Retention on the demo with its signals, cases and care: expired records are anonymised or
deleted, and the figures of earlier years stay.

Loading IJsselland's demo makes some 1100 signals through the services (tens of seconds): it is
loaded once for this module, in a transaction rolled back after its last test; each test runs
inside it in a transaction of its own, rolled back after it like any other."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from ketenzicht.demo import loader
from ketenzicht.intake.models import Feedback, Note, Person, Signal, StageChange
from ketenzicht.privacy import audit, retention
from ketenzicht.privacy.models import AccessLog, RetentionRule
from ketenzicht.regions.models import Region


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """IJsselland's demo with its signals, loaded once for the tests of this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        loader.load(regions=("IJsselland",), with_signals=True)
        yield Region.objects.get(slug="ijsselland")
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


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
    RetentionRule.objects.create(region=demo, kind="signal_closed", months=60, basis="Convenant art. 9")
    outcome = {o.kind: o for o in retention.run(dry_run=True, regions=[demo])}
    assert outcome["signal_closed"].months == 60
    expected = Signal.objects.filter(is_open=False, closed_at__lt=retention.months_before(timezone.now(), 60)).count()
    assert outcome["signal_closed"].count == expected


def test_old_access_log_entries_are_deleted_per_region(demo):
    audit.record(None, "view", "signal", "old", region=demo.pk)
    audit.record(None, "view", "signal", "new", region=demo.pk)
    AccessLog.objects.filter(object_id="old").update(at=timezone.now() - timedelta(days=800))
    retention.run(dry_run=False)
    assert not AccessLog.objects.filter(object_id="old").exists()
    assert AccessLog.objects.filter(object_id="new").exists()
    assert AccessLog.objects.filter(action="retention", region=demo).exists()


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
