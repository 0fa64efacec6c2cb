"""What a browser walk found on the plan pages (issue 19): a plan made on the pages gets lines of
work and actions there; dates outside the plan's period are refused on the field; plain text only,
with Dutch messages naming the field, all at once; the KPI table reads as a table."""
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.plan import services
from ketenzicht.plan.models import Action, Kpi, KpiValue, Line, Plan, Status

from ..helpers import user, verified


@pytest.fixture
def plan(world):
    return Plan.objects.get(region__slug="ijsselland")


@pytest.fixture
def analyst(world):
    return verified(Client(), "analyst.ijsselland")


def test_a_plan_made_on_the_pages_gets_lines_and_actions_there(world, analyst):
    made = analyst.post("/plan/nieuw/ijsselland", {"title": "Plan 2027", "starts_on": "2027-01-01",
                                                   "ends_on": "2030-12-31"})
    plan = Plan.objects.get(title="Plan 2027")
    assert made.url == f"/plan/{plan.pk}"
    page = analyst.get(made.url).content.decode()
    assert f"/plan/{plan.pk}/spoor" in page and "nog geen ambities of sporen" in page
    assert analyst.get(f"/plan/{plan.pk}/actie").status_code == 302  # first a line: the page says so
    added = analyst.post(f"/plan/{plan.pk}/spoor", {"kind": "ambition", "title": "Meer zicht", "title_en": "Insight"})
    assert added.status_code == 302
    line = plan.lines.get()
    assert (line.kind, line.title, line.title_en) == ("ambition", "Meer zicht", "Insight")
    assert analyst.post(f"/plan/{plan.pk}/actie", {
        "line": line.pk, "title": "Nulmeting", "owner": "Analist", "deadline": "2027-06-30",
        "status": "planned"}).status_code == 302
    assert analyst.post(f"/plan/spoor/{line.pk}", {"kind": "line", "title": "Zicht",
                                                   "title_en": ""}).status_code == 302
    line.refresh_from_db()
    assert (line.kind, line.title) == ("line", "Zicht")
    kept = analyst.post(f"/plan/spoor/{line.pk}/verwijderen")  # it has an action: refused, said why
    assert kept.status_code == 302 and Line.objects.filter(pk=line.pk).exists()
    action = Action.objects.get(title="Nulmeting")
    assert analyst.post(f"/plan/actie/{action.pk}/verwijderen").status_code == 302
    assert analyst.post(f"/plan/spoor/{line.pk}/verwijderen").status_code == 302
    assert not Line.objects.filter(pk=line.pk).exists()


def test_reading_users_cannot_add_lines(plan):
    liaison = verified(Client(), "liaison.zwolle")
    assert liaison.get(f"/plan/{plan.pk}/spoor").status_code == 404
    assert liaison.post(f"/plan/spoor/{plan.lines.first().pk}/verwijderen").status_code == 404
    with pytest.raises(Refused):
        services.remove_line(user("analyst.ijsselland"), plan.lines.first())


def test_a_deadline_or_value_date_after_the_plan_is_refused_on_the_field(plan, analyst):
    line = plan.lines.first()
    with pytest.raises(Invalid) as refused:
        services.add_action(user("analyst.ijsselland"), plan, line=line, title="Te laat", owner="X",
                            deadline=date(2027, 1, 1), status=Status.PLANNED)
    assert refused.value.field == "deadline" and "na het einde van het plan" in refused.value.message
    kpi = Kpi.objects.get(plan=plan, metric="manual")
    before = KpiValue.objects.count()
    with pytest.raises(Invalid) as refused:
        services.record_value(user("analyst.ijsselland"), kpi, on=date(2030, 1, 1), value=Decimal(3))
    assert refused.value.field == "on"
    page = analyst.post(f"/plan/kpi/{kpi.pk}/waarde", {"on": "2021-01-01", "value": "3"})
    assert page.status_code == 400 and "buiten de looptijd van het plan" in page.content.decode()
    assert KpiValue.objects.count() == before
    page = analyst.post(f"/plan/{plan.pk}/actie", {"line": line.pk, "title": "X", "owner": "Y",
                                                   "deadline": "2031-01-01", "status": "planned"})
    assert page.status_code == 400 and "buiten de looptijd van het plan" in page.content.decode()


def test_markup_is_refused_and_every_error_names_its_field_at_once(plan, analyst):
    page = analyst.post(f"/plan/{plan.pk}/actie", {"line": plan.lines.first().pk, "title": "<b>Vet</b>",
                                                   "owner": "", "deadline": "2031-01-01", "status": "planned"})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Gebruik geen &lt; of &gt;" in text and "Vul ‘Eigenaar’ in." in text
    assert "buiten de looptijd" in text  # the date too, on the first submit
    assert "Dit veld is verplicht" not in text
    made = analyst.post("/plan/nieuw/ijsselland", {"title": "x", "starts_on": "2027-01-01", "ends_on": "2026-01-01",
                                                   "title_en": "<script>"})
    assert "Gebruik geen" in made.content.decode() and "vóór de begindatum" in made.content.decode()


def test_the_kpi_table_separates_the_link_shows_units_and_whole_counts(plan, analyst):
    page = analyst.get(f"/plan/{plan.pk}").content.decode()
    kpi = Kpi.objects.get(plan=plan, metric="manual")
    assert f'Gemeenten met een aandachtsfunctionaris<br><a class="utrecht-link" href="/plan/kpi/{kpi.pk}/waarde"' \
        in page
    assert ">9</td>" in page and "9,0" not in page
    form = analyst.get(f"/plan/{plan.pk}/kpi").content.decode()
    assert '<option value="manual" selected>' in form


def test_actions_carry_english_texts(plan):
    line = plan.lines.first()
    action = services.add_action(user("analyst.ijsselland"), plan, line=line, title="Folder", owner="GGD",
                                 deadline=date(2026, 6, 1), status=Status.PLANNED, title_en="Leaflet",
                                 owner_en="Public health service", progress_note="Klaar", progress_note_en="Ready")
    with translation.override("en"):
        assert (action.label, action.owner_label, action.note_label) == ("Leaflet", "Public health service", "Ready")
    assert action.label == "Folder"


def test_the_demo_actions_have_their_english(plan):
    actions = Action.objects.filter(line__plan=plan)
    assert actions.exists() and not actions.filter(title_en="").exists() and not actions.filter(owner_en="").exists()
    assert not actions.exclude(progress_note="").filter(progress_note_en="").exists()


def test_a_computed_kpis_unit_reads_in_english(plan, analyst):
    analyst.cookies.load({"django_language": "en"})
    with translation.override("en"):
        page = analyst.get(f"/plan/{plan.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "dagen" not in page and "at most 28 days" in page


def test_a_kpi_is_changed_or_removed_on_its_page(plan, analyst):
    kpi = Kpi.objects.get(plan=plan, metric="manual")
    page = analyst.get(f"/plan/{plan.pk}").content.decode()
    assert f"/plan/kpi/{kpi.pk}\"" in page
    form = analyst.get(f"/plan/kpi/{kpi.pk}").content.decode()
    assert 'name="metric"' not in form  # its figure stays: its values rest on it
    changed = analyst.post(f"/plan/kpi/{kpi.pk}", {"name": "Aandachtsfunctionarissen", "target": "10",
                                                   "direction": "at_least", "unit": "gemeenten", "line": ""})
    assert changed.status_code == 302
    kpi.refresh_from_db()
    assert (kpi.name, kpi.target, kpi.unit, kpi.line) == ("Aandachtsfunctionarissen", 10, "gemeenten", None)
    assert verified(Client(), "liaison.zwolle").post(f"/plan/kpi/{kpi.pk}/verwijderen").status_code == 404
    assert analyst.post(f"/plan/kpi/{kpi.pk}/verwijderen").status_code == 302
    assert not Kpi.objects.filter(pk=kpi.pk).exists() and not KpiValue.objects.filter(kpi_id=kpi.pk).exists()
