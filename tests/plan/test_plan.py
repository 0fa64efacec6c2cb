"""The plan of approach (issue 19): late actions and progress, the computed KPIs (suppressed as the
figures layer publishes), refusals that change nothing, who reads and keeps it, the API with
If-Match, and the monitor's plan section in the PDF and the workbook."""
import io
import subprocess  # nosec B404: pdftotext on a file the test wrote
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ketenzicht.insights.report import Monitor
from ketenzicht.insights.selection import Selection
from ketenzicht.lib.errors import Invalid
from ketenzicht.plan import access, metrics, progress, services
from ketenzicht.plan.models import Action, Kpi, Plan, Status
from ketenzicht.regions.models import Region

from ..helpers import api_client, signal, user, verified


@pytest.fixture
def plan(world):
    return Plan.objects.get(region__slug="ijsselland")


def test_the_demo_carries_the_seeds_lines_and_ambitions_word_for_word(plan):
    assert [line.title for line in plan.lines.all()][0].startswith(
        "Preventie, actief signaleren door gemeenten, inwoners en bedrijven")
    assert plan.lines.count() == 3
    assert set(plan.kpis.values_list("metric", flat=True)) == {*metrics.METRICS, "manual"}


def test_late_is_past_the_deadline_and_neither_done_nor_dropped():
    today = date(2026, 6, 1)
    late = Action(deadline=date(2026, 5, 31), status=Status.IN_PROGRESS)
    assert late.is_late(today)
    assert not Action(deadline=date(2026, 5, 31), status=Status.DONE).is_late(today)
    assert not Action(deadline=date(2026, 5, 31), status=Status.DROPPED).is_late(today)
    assert not Action(deadline=today, status=Status.PLANNED).is_late(today)


def test_progress_counts_done_of_the_actions_not_dropped_and_lists_the_late(plan):
    lines, loose = progress.of_plan(plan, today=date(2026, 11, 30))
    first, second, third = lines
    assert (first.done, first.total, [a.title for a in first.late]) == (
        1, 3, ["Concreet activiteitenoverzicht scholing en deskundigheidsbevordering"])
    assert (second.done, second.total, len(second.late)) == (3, 4, 1)
    assert [a.title for a in third.late] == ["Uniform regionaal handhavingskader"]
    assert loose == []
    manual = next(k for k in second.kpis if k.kpi.metric == "manual")
    assert (manual.reading.value, manual.met) == (Decimal("9.0"), False)


def test_the_computed_figures_publish_as_the_figures_layer_does(plan):
    region = plan.region
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    assert metrics.read("basisniveau_met", region, start, end).value == 0
    assert metrics.read("trained_staff", region, start, end).value == 0
    hidden = metrics.read("signals_per_10000", region, start, end)
    assert hidden.value is None and hidden.text.startswith("<")  # no signals: below the threshold, not "0"
    for day in range(2 * region.suppression_threshold):
        signal("liaison.zwolle", "GM0193", date(2026, 2, 1) + timedelta(days=day))
    shown = metrics.read("signals_per_10000", region, start, end)
    assert shown.value is not None and shown.value > 0
    assert metrics.read("lead_time_decision", region, start, end).value is None  # no decisions: nothing to show


def test_refusals_name_the_field_and_change_nothing(plan):
    analyst = user("analyst.ijsselland")
    line = plan.lines.first()
    before = (Action.objects.count(), Kpi.objects.count())
    with pytest.raises(Invalid) as refused:
        services.add_action(analyst, plan, line=line, title="Te vroeg", owner="X", deadline=date(2021, 12, 31),
                            status=Status.PLANNED)
    assert refused.value.field == "deadline" and "vóór het begin van het plan" in refused.value.message
    with pytest.raises(Invalid) as refused:
        services.add_kpi(analyst, plan, name="Onbekend", metric="victims_per_day", target=1, direction="at_least")
    assert refused.value.field == "metric" and "Onbekend cijfer" in refused.value.message
    with pytest.raises(Invalid):
        services.create_plan(analyst, plan.region, title="Omgekeerd", starts_on=date(2026, 1, 1),
                             ends_on=date(2025, 1, 1))
    assert (Action.objects.count(), Kpi.objects.count()) == before


@pytest.mark.parametrize(("username", "reads", "keeps"), [
    ("analyst.ijsselland", True, True), ("admin.ijsselland", True, True), ("liaison.zwolle", True, False),
    ("burgemeester.zwolle", True, False), ("chair.ijsselland", True, False), ("care.ijsselland", True, False),
    ("police.ijsselland", False, False), ("analyst.zeeland", False, False)])
def test_access_matrix(plan, username, reads, keeps):
    who = user(username)
    assert (access.reads(who, plan.region), access.keeps(who, plan.region)) == (reads, keeps)
    assert verified(Client(), username).get(f"/plan/{plan.pk}").status_code == (200 if reads else 404)
    assert verified(Client(), username).get(f"/plan/{plan.pk}/actie").status_code == (200 if keeps else 404)
    if not keeps:
        with pytest.raises(PermissionDenied):
            services.add_line(who, plan, kind="line", title="Nee")


def test_the_page_marks_late_actions_in_words(plan, client):
    page = verified(client, "analyst.ijsselland").get(f"/plan/{plan.pk}").content.decode()
    assert "Te laat: 3 acties" in page and "te laat</strong>" in page


def test_api_reads_adds_and_patches_with_if_match(plan):
    api = api_client("analyst.ijsselland")
    listed = api.get("/api/v1/plans")
    assert listed.status_code == 200 and plan.pk in [p["id"] for p in listed.json()]
    detail = api.get(f"/api/v1/plans/{plan.pk}").json()
    assert len(detail["lines"]) == 3 and {"value_text", "met"} <= set(detail["kpis"][0])
    line = detail["lines"][0]["id"]
    bad = api.post(f"/api/v1/plans/{plan.pk}/actions", {"line": line, "title": "X", "owner": "Y",
                                                        "deadline": "2021-01-01", "status": "planned"}, format="json")
    assert bad.status_code == 400 and "deadline" in str(bad.json())
    unknown = api.post(f"/api/v1/plans/{plan.pk}/kpis", {"name": "X", "metric": "nonsense", "target": 1,
                                                        "direction": "at_least"}, format="json")
    assert unknown.status_code == 400 and "Onbekend cijfer" in str(unknown.json())
    made = api.post(f"/api/v1/plans/{plan.pk}/actions", {"line": line, "title": "Nieuwe actie", "owner": "GGD",
                                                         "deadline": "2026-12-01", "status": "planned"}, format="json")
    assert made.status_code == 201
    path = f"/api/v1/plan-actions/{made.json()['id']}"
    assert api.patch(path, {"status": "done"}, format="json").status_code == 428
    etag = made["ETag"]
    assert api.patch(path, {"status": "done"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert api.patch(path, {"status": "planned"}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert Action.objects.get(pk=made.json()["id"]).status == Status.DONE
    other = api_client("analyst.zeeland")
    assert other.get(f"/api/v1/plans/{plan.pk}").status_code == 404
    assert other.patch(path, {"status": "planned"}, format="json", HTTP_IF_MATCH=etag).status_code == 404
    reader = api_client("liaison.zwolle")
    assert reader.post(f"/api/v1/plans/{plan.pk}/kpis", {"name": "X", "metric": "manual", "target": 1,
                                                        "direction": "at_least"}, format="json").status_code == 404


def test_the_monitor_has_the_plan_section_in_pdf_and_workbook(plan, tmp_path):
    monitor = Monitor(Selection(Region.objects.get(slug="ijsselland"), date(2025, 1, 1), date(2025, 12, 31)))
    pdf = tmp_path / "monitor.pdf"
    with pdf.open("wb") as target:
        monitor.write_pdf(target)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,  # nosec
                          check=True).stdout
    assert "Plan van aanpak" in text and "Concreet activiteitenoverzicht scholing" in text
    assert "Gemeenten die aan het basisniveau voldoen" in text
    book = io.BytesIO()
    monitor.write_xlsx(book)
    sheet = load_workbook(book)["Plan van aanpak"]
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Uniform regionaal handhavingskader" in texts
    # A region without a plan in the period gets no section.
    assert Monitor(Selection(Region.objects.get(slug="zeeland"), date(2025, 1, 1), date(2025, 12, 31))).appendices == []
    assert timezone.localdate() > date(2025, 12, 31)


def test_the_action_page_refuses_an_early_deadline_and_keeps_what_was_typed(plan, client):
    action = Action.objects.filter(line__plan=plan).first()
    client = verified(client, "analyst.ijsselland")
    form = {"title": "Getypt", "owner": "GGD", "deadline": "2021-06-01", "status": "done", "progress_note": "x",
            "version": action.version}
    refused = client.post(f"/plan/actie/{action.pk}", form)
    assert refused.status_code == 400 and "buiten de looptijd van het plan" in refused.content.decode()
    assert 'value="Getypt"' in refused.content.decode()
    action.refresh_from_db()
    assert action.title != "Getypt"
    stale = client.post(f"/plan/actie/{action.pk}", {**form, "deadline": "2026-06-01", "version": action.version - 1})
    assert stale.status_code == 400 and "Iemand anders" in stale.content.decode()
    done = client.post(f"/plan/actie/{action.pk}", {**form, "deadline": "2026-06-01"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status) == ("Getypt", Status.DONE)


def test_api_creates_a_plan_only_for_a_region_the_user_keeps(world):
    api = api_client("analyst.ijsselland")
    body = {"region": "zeeland", "title": "Plan", "starts_on": "2027-01-01", "ends_on": "2030-12-31"}
    refused = api.post("/api/v1/plans", body, format="json")
    assert refused.status_code == 400 and "region" in str(refused.json())
    backwards = api.post("/api/v1/plans", {**body, "region": "ijsselland", "ends_on": "2026-01-01"}, format="json")
    assert backwards.status_code == 400 and "ends_on" in str(backwards.json())
    assert Plan.objects.filter(title="Plan").count() == 0
    made = api.post("/api/v1/plans", {**body, "region": "ijsselland"}, format="json")
    assert made.status_code == 201 and made.json()["region"] == "ijsselland"
