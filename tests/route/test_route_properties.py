"""Random walks through every shipped route, through the real services and database: no signal or
case reaches a stage its route does not have or by a step it does not allow, illegal steps change
nothing, and the history replays to the current state."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case, Meeting, Table, Track
from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services as intake
from ketenzicht.intake.forms import ProfessionalSignalForm
from ketenzicht.intake.models import Signal
from ketenzicht.route import engine
from ketenzicht.route.steps import TransitionRefused

from ..helpers import professional_payload, user

FIELDS = {"reason": "Omdat het moet", "until": None, "referral": "Arbeidsinspectie", "decision": "Besluit",
          "intervention": "Politie grijpt in"}


def replay(flow, history, starts):
    """Fold the recorded steps: the first creates the record in one of the stages it may start in,
    every later one must be a transition of the flow from the stage before."""
    history = list(history)
    assert history and history[0].from_stage == "" and history[0].to_stage in starts
    stage = history[0].to_stage
    for change in history[1:]:
        transition = flow.transitions[change.transition]
        assert change.from_stage == stage and stage in transition.sources and change.to_stage == transition.target
        stage = change.to_stage
    return stage


def _signal_step(data, liaison, signal, route):
    names = [t.name for t in intake.available_transitions(liaison, signal)]
    name = data.draw(st.sampled_from(names + ["onzin"]))
    fields = {k: v for k, v in FIELDS.items() if k in ("reason", "referral", "intervention")}
    fields["until"] = timezone.localdate() + timedelta(days=30)
    fields["intervention_kind"] = next(iter(route.tracks))
    before = Signal.objects.get(pk=signal.pk).stage
    try:
        intake.take_transition(liaison, signal, name, **fields)
    except TransitionRefused:
        assert name == "onzin" and Signal.objects.get(pk=signal.pk).stage == before


def _case_step(data, chair, case, route):
    names = [t.name for t in cases.available_transitions(chair, case)]
    open_tracks = list(case.tracks.filter(is_open=True))
    choices = names + ["onzin"] + ([f"close:{t.pk}" for t in open_tracks])
    name = data.draw(st.sampled_from(choices))
    if name.startswith("close:"):
        track = Track.objects.get(pk=int(name[6:]))
        cases.close_track(chair, track, "Klaar")
        return
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    owner = case.table.seats.first().organisation
    before = Case.objects.get(pk=case.pk).stage
    try:
        cases.take_transition(chair, case, name, reason="Reden", meeting=meeting, decision="Besluit",
                              tracks=[{"kind": next(iter(route.tracks)), "owner": owner}])
    except TransitionRefused:
        assert name == "onzin" and Case.objects.get(pk=case.pk).stage == before


@pytest.mark.django_db
@pytest.mark.parametrize("route_name", engine.SHIPPED)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_walks_stay_on_the_route(world, route_name, data):
    with transaction.atomic():
        call_command("set_route", "ijsselland", route_name, stdout=None)
        # The route names the kind of table a case opens at (IJsselstreek: the local meeting): the
        # region's table that weighs cases is of that kind for this walk.
        kinds = {t.table for t in engine.parse(engine.load_file(route_name)).signal.transitions.values() if t.table}
        Table.objects.filter(name="Weeg- en monitortafel IJsselland").update(kind=kinds.pop() if kinds else "regional")
        reporter, liaison, chair = user("reporter.zwolle"), user("liaison.zwolle"), user("chair.ijsselland")
        form = ProfessionalSignalForm(professional_payload(), municipalities=intake_access.reportable_municipalities(reporter))
        assert form.is_valid()
        signal, _code = intake.report(reporter, form.cleaned_data)
        route = signal.route.route
        assert route.name == engine.load_file(route_name)["name"]
        case_starts = {route.case.initial} | {t.case_stage for t in route.signal.transitions.values() if t.case_stage}
        for _ in range(data.draw(st.integers(min_value=1, max_value=14))):
            signal.refresh_from_db()
            if signal.case_id and data.draw(st.booleans()):
                _case_step(data, chair, Case.objects.get(pk=signal.case_id), route)
            else:
                _signal_step(data, liaison, signal, route)
            signal.refresh_from_db()
            assert signal.stage in route.signal.stages
            assert replay(route.signal, signal.history.all(), {route.signal.initial}) == signal.stage
            assert signal.is_open == route.signal.stages[signal.stage].is_open
            if signal.case_id:
                case = Case.objects.get(pk=signal.case_id)
                assert case.stage in route.case.stages and case.route_id == signal.route_id
                assert replay(route.case, case.history.all(), case_starts) == case.stage
                assert case.is_open == route.case.stages[case.stage].is_open
                if case.stage in ("in_uitvoering", "uitvoering"):
                    assert case.tracks.exists()
        transaction.set_rollback(True)
