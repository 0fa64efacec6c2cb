"""The monthly aggregates give the figures the direct computation gives, stay fresh on every kind
of change, and make a dashboard cost the same for any period."""
import importlib
import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenzicht.insights import aggregates, facts, figures
from ketenzicht.insights.facts import Facts
from ketenzicht.insights.models import SUMS, Bucket, Change, PersonCell, PersonTally, SignalCell
from ketenzicht.insights.selection import Selection
from ketenzicht.intake import services
from ketenzicht.intake.models import ExploitationForm, Note, Person, Signal
from ketenzicht.regions.models import Municipality, Region

from ..helpers import case_with_care_track, signal, user, verified

pytestmark = pytest.mark.django_db

CODES = ["GM0193", "GM0150", "GM0148", "GM0166"]  # Zwolle, Deventer, Dalfsen, Kampen


def ijsselland():
    return Region.objects.get(slug="ijsselland")


def same_figures(sel):
    """Every figure from the aggregates equals the direct computation (a lead time's median within
    its class: the aggregates keep durations in classes 5 % wide)."""
    direct = figures.compute(sel, facts=Facts(sel))
    with aggregates.facts_for(sel) as monthly:
        assert isinstance(monthly, aggregates.MonthlyFacts)
        from_aggregates = figures.compute(sel, facts=monthly)
    for expected, got in zip(direct, from_aggregates, strict=True):
        assert [r.key for r in got.rows] == [r.key for r in expected.rows], expected.key
        for want, have in zip(expected.rows, got.rows, strict=True):
            if expected.key == "lead-times":
                assert have.values["n"] == want.values["n"], want.key
                if want.values["median"] is None:
                    assert have.values["median"] is None
                else:
                    assert abs(have.values["median"] - want.values["median"]) <= 0.03 * want.values["median"] + 0.11
            else:
                assert have.values == want.values, (expected.key, want.key)
    return direct


def selections(region, start, end):
    munis = list(Municipality.objects.filter(region=region, cbs_code__in=CODES[:2]))
    return [Selection(region=region, start=start, end=end)] + [
        Selection(region=region, start=start, end=end, municipality=m) for m in munis]


def report(when, code="GM0193", kind="signal", form="labour", persons=(), others=()):
    return signal("liaison.zwolle", code, when, form, kind, persons=list(persons), others=others)


@pytest.fixture
def history(world):
    """Signals over two years, at the edges of months (local midnight), in several municipalities,
    one person registered in two signals, notes, and a case with a track and a decision."""
    rng = random.Random(17)
    made = []
    for _i in range(40):
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
        moment = timezone.make_aware(datetime(day.year, day.month, day.day, rng.choice([0, 10, 23]), 30))
        persons = [{"role": rng.choice(["victim", "both", "perpetrator"]), "age": rng.choice([None, 15, 30]),
                    "is_minor": None, "lvb": False, "nationality_group": rng.choice(["nl", "eu", "unknown"]),
                    "gender": rng.choice(["female", "male", "unknown"]),
                    "residence": rng.choice([None] + list(Municipality.objects.filter(cbs_code__in=CODES)))}
                   for _p in range(rng.randrange(3))]
        made.append(report(moment, rng.choice(CODES), rng.choice(["signal", "advice", "case"]),
                           rng.choice(["labour", "sexual"]), persons, rng.sample(CODES, rng.randrange(2))))
    people = list(Person.objects.filter(signal__in=made[:10]))
    Person.objects.filter(pk__in=[p.pk for p in people[1::3]]).update(identity=people[0].identity)
    for s in made[::4]:
        Note.objects.create(signal=s, author=user("liaison.zwolle"), text="Meer informatie.")
    case_with_care_track()
    return made


def test_figures_from_aggregates_equal_the_direct_computation(history):
    region = ijsselland()
    for start, end in ((date(2024, 1, 1), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)),
                       (date(2024, 4, 1), date(2024, 6, 30)), (date(2020, 1, 1), timezone.localdate()),
                       (date(2024, 3, 15), date(2025, 2, 10)), (date(2024, 5, 2), date(2024, 5, 30)),
                       (date(2024, 11, 30), date(2025, 1, 1))):
        for sel in selections(region, start, end):
            same_figures(sel)


def test_one_person_twice_in_one_signal_counts_the_same_either_way(world):
    """Two records of one person in one signal that disagree (female, male) are counted under one
    value, whichever order the database returns them in, by the direct computation and the
    aggregates alike."""
    woman = {"role": "victim", "age": 30, "is_minor": None, "lvb": False, "nationality_group": "nl",
             "gender": "female", "residence": None}
    made = report(timezone.make_aware(datetime(2025, 3, 3, 10)), persons=[woman, {**woman, "gender": "male"}])
    first, second = Person.objects.filter(signal=made)
    Person.objects.filter(pk=second.pk).update(identity=first.identity)
    for records in ([(made.pk, "female"), (made.pk, "male")], [(made.pk, "male"), (made.pk, "female")]):
        assert facts.latest_value(records) == "male"
    tables = {t.key: t for t in same_figures(Selection(region=ijsselland(), start=date(2025, 3, 1),
                                                       end=date(2025, 3, 31)))}
    assert {r.key: r.values["n"] for r in tables["genders"].rows if r.values["n"]} == {"male": 1}


def test_a_case_and_its_tracks_count_once_over_months(world):
    case = case_with_care_track()
    region = ijsselland()
    sel = Selection(region=region, start=timezone.localdate().replace(day=1), end=timezone.localdate())
    tables = {t.key: t for t in same_figures(sel)}
    funnel = {r.key: r.values["n"] for r in tables["funnel"].rows}
    assert funnel["escalated"] == 1 and funnel["track:zorg"] == 1
    assert case.signals.count() == 1


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(1, 28), st.sampled_from([0, 1, 12, 23]),
                          st.sampled_from(CODES), st.sampled_from(["signal", "advice"]),
                          st.lists(st.tuples(st.sampled_from(["female", "male", "unknown"]),
                                             st.sampled_from(["nl", "unknown"]), st.integers(0, 3)), max_size=2),
                          st.booleans()), min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4))
def test_random_signals_give_the_same_figures(world, specs, links):
    with transaction.atomic():
        made = []
        for month, day, hour, code, kind, persons, other in specs:
            first = date(2024, 1, 1) + timedelta(days=31 * month)
            moment = timezone.make_aware(datetime(first.year, first.month, day, hour, 15))
            made.append(report(moment, code, kind, persons=[
                {"role": "victim", "age": None, "is_minor": None, "lvb": False, "nationality_group": nationality,
                 "gender": gender, "residence": Municipality.objects.get(cbs_code=CODES[residence])}
                for gender, nationality, residence in persons], others=CODES[-1:] if other else ()))
        people = list(Person.objects.filter(signal__in=made).order_by("pk"))
        for a, b in links:
            # as `link_person`: persons of two signals (two records of one signal are two people)
            if a < len(people) and b < len(people) and people[a].signal_id != people[b].signal_id:
                Person.objects.filter(identity=people[b].identity).update(identity=people[a].identity)
        region = ijsselland()
        for sel in selections(region, date(2024, 1, 1), date(2025, 12, 31)) + [
                Selection(region=region, start=date(2025, 1, 1), end=date(2025, 6, 30)),
                Selection(region=region, start=date(2024, 2, 14), end=date(2025, 3, 9))]:
            same_figures(sel)
        transaction.set_rollback(True)


def _total(sel):
    return {t.key: t for t in figures.compute(sel, ["people", "funnel"])}


def test_every_kind_of_change_shows_in_the_next_request(world):
    """Reported, changed, enriched, escalated, linked, anonymised by retention: the aggregates built
    before each change give the new numbers at the next read, equal to the direct computation."""
    region = ijsselland()
    today = timezone.localdate()
    sel = Selection(region=region, start=today.replace(day=1), end=today)
    first = signal("liaison.zwolle", "GM0193", today)
    assert {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["signals"] == 1
    assert Bucket.objects.filter(region=region, month=today.replace(day=1)).exists()

    second = signal("liaison.zwolle", "GM0150", today)  # reported
    assert {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["signals"] == 2
    services.update(user("liaison.zwolle"), first, {
        "exploitation_forms": [ExploitationForm.objects.get(code="sexual")],
        "other_municipalities": [Municipality.objects.get(cbs_code="GM0148")]}, first.version)  # changed
    tables = {t.key: t for t in same_figures(sel)}
    assert {r.key: r.values["now"] for r in tables["forms"].rows}["sexual"] == 1
    assert {r.key: r.values["several"] for r in tables["cross-border"].rows}["GM0148"] == 1
    dalfsen = Selection(region=region, start=sel.start, end=sel.end, municipality=Municipality.objects.get(
        cbs_code="GM0148"))
    assert {r.key: r.values["n"] for r in same_figures(dalfsen)[0].rows}["signals"] == 1
    services.add_note(user("liaison.deventer"), second, "Meer informatie.")  # enriched
    assert {r.key: r.values["n"] for r in _total(sel)["funnel"].rows}["enriched"] == 1
    same_figures(sel)
    case_with_care_track()  # escalated, decided, a track
    funnel = {r.key: r.values["n"] for r in same_figures(sel)[8].rows}
    assert funnel["escalated"] == 1 and funnel["track:zorg"] == 1
    before = {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["persons"]
    a, b = Person.objects.filter(signal__in=[first, second])
    Person.objects.filter(pk=b.pk).update(identity=a.identity)  # linked (a bulk update, as the service does)
    assert {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["persons"] == before - 1
    services.anonymise(Signal.objects.filter(pk=second.pk))  # retention: the notes go
    assert {r.key: r.values["n"] for r in _total(sel)["funnel"].rows}["enriched"] == 0
    same_figures(sel)
    signals = {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["signals"]
    Signal.objects.filter(pk=first.pk).delete()  # deleted, with everything that hangs on it
    assert {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["signals"] == signals - 1


def test_changes_are_noted_by_the_database_and_taken_once(world):
    region = ijsselland()
    day = date(2025, 3, 1)
    signal("liaison.zwolle", "GM0193", day)
    assert Change.objects.filter(region_id=region.pk).exists()
    aggregates.ensure([region.pk], date(2025, 3, 1), date(2025, 3, 1))
    with aggregates.facts_for(Selection(region=region, start=date(2025, 3, 1), end=date(2025, 3, 20))) as facts:
        assert facts.total == 1  # a part of a month, built for the request
    assert SignalCell.objects.filter(place__lt=0).exists()  # and kept for the next (test_parts)
    assert not Change.objects.filter(region_id=region.pk).exists()
    assert SignalCell.objects.filter(region=region, month=date(2025, 3, 1)).exists()
    Signal.objects.filter(region=region).update(is_open=False)  # a bulk update no service announces
    assert Change.objects.filter(region_id=region.pk, day=date(2025, 3, 1)).exists()


def test_a_dashboard_asks_as_many_queries_for_ten_years_as_for_one(client, world):
    for year in range(2016, 2026):
        signal("liaison.zwolle", "GM0193", date(year, 5, 5))
        signal("liaison.deventer", "GM0150", date(year, 11, 5), kind="advice")
    verified(client, "chair.ijsselland")
    counts = []
    for start in ("2025-01-01", "2016-01-01", "2025-01-01", "2016-01-01"):
        url = f"/cijfers?from={start}&to=2025-12-31"
        client.get(url)  # builds what is missing
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] == counts[3]


def test_refresh_figures_rebuilds_every_month(world):
    region = ijsselland()
    signal("liaison.zwolle", "GM0193", date(2025, 3, 5))
    SignalCell.objects.all().delete()
    call_command("refresh_figures", region=["ijsselland"])
    assert SignalCell.objects.filter(region=region, month=date(2025, 3, 1), place=0).get().n == 1
    assert Bucket.objects.filter(region=region, month=timezone.localdate().replace(day=1)).exists()
    assert not Change.objects.filter(region_id=region.pk).exists()
    with pytest.raises(CommandError, match="Onbekende regio"):
        call_command("refresh_figures", region=["atlantis"])


def _people_of(sel):
    return {r.key: r.values["n"] for r in same_figures(sel)[0].rows}["persons"]


def test_a_person_seen_in_one_month_is_tallied_and_moves_out_when_linked_elsewhere(world):
    """People of one month only are counted from the month's tally (`PersonTally`), the others
    one by one. A link made in a later month (noted there only) moves the person of the earlier
    month out of that month's tally; deleting the later signal moves them back: each period's
    figures stay those of the direct computation."""
    region = ijsselland()
    january = signal("liaison.zwolle", "GM0193", date(2025, 1, 10))
    march = signal("liaison.zwolle", "GM0150", date(2025, 3, 10), persons=[
        {"role": "victim", "age": 40, "is_minor": False, "lvb": False, "nationality_group": "nl",
         "gender": "male", "residence": Municipality.objects.get(cbs_code="GM0148")}])
    call_command("refresh_figures", region=["ijsselland"])
    whole = Selection(region=region, start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert _people_of(whole) == 2
    assert set(PersonCell.objects.filter(region=region, place=0).values_list("alone", flat=True)) == {True}
    assert PersonTally.objects.filter(region=region, place=0, attribute="municipality", month=date(2025, 1, 1)).get().n == 1

    a, b = Person.objects.get(signal=january), Person.objects.get(signal=march)
    Person.objects.filter(pk=b.pk).update(identity=a.identity)  # linked: only March is noted
    assert _people_of(whole) == 1
    assert not PersonCell.objects.filter(region=region, place=0, identity=a.identity, alone=True).exists()
    assert PersonCell.objects.filter(region=region, identity=a.identity, alone=True).count() == 2  # one a place
    assert not PersonTally.objects.filter(region=region, place=0, attribute="municipality",
                                          month=date(2025, 1, 1)).exists()
    for sel in selections(region, date(2025, 1, 1), date(2025, 1, 31)) + selections(region, date(2025, 2, 1),
                                                                                     date(2025, 3, 31)):
        same_figures(sel)
    tables = {t.key: t for t in same_figures(whole)}
    latest = facts.latest_value([(january.pk, "female"), (march.pk, "male")])  # by the signals' ids
    assert {r.key: r.values["n"] for r in tables["genders"].rows if r.values["n"]} == {latest: 1}

    Signal.objects.filter(pk=march.pk).delete()  # March noted: January's person is alone again
    assert _people_of(whole) == 1
    assert PersonCell.objects.filter(region=region, identity=a.identity, place=0).get().alone
    assert PersonTally.objects.filter(region=region, place=0, attribute="gender", month=date(2025, 1, 1)).get().value == "female"
    same_figures(whole)


def test_the_national_view_counts_tallied_and_linked_people(world):
    region = ijsselland()
    made = [signal("liaison.zwolle", "GM0193", date(2025, month, 5)) for month in (1, 2, 3)]
    a, b, _c = (Person.objects.get(signal=s) for s in made)
    Person.objects.filter(pk=b.pk).update(identity=a.identity)
    call_command("refresh_figures", region=["ijsselland"])
    _kinds, persons, _cases = aggregates.national(date(2025, 1, 1), date(2025, 3, 1))
    assert persons[region.pk] == 2
    _kinds, persons, _cases = aggregates.national(date(2025, 2, 1), date(2025, 3, 1))
    assert persons[region.pk] == 2
    _kinds, persons, _cases = aggregates.national(date(2025, 3, 1), date(2025, 3, 1))
    assert persons[region.pk] == 1


def test_the_upgrade_marks_and_tallies_the_cells_built_before(world):
    """Migration 0003 does for every region what `settle` does for one: the same rows, so an upgraded
    database reads the new way without a rebuild."""
    made = [signal("liaison.zwolle", code, date(2025, month, 5)) for month, code in ((1, "GM0193"), (2, "GM0150"),
                                                                                      (2, "GM0193"))]
    a, b, _c = (Person.objects.get(signal=s) for s in made)
    Person.objects.filter(pk=b.pk).update(identity=a.identity)
    call_command("refresh_figures", region=["ijsselland"])
    settled = sorted(PersonTally.objects.values_list("region", "month", "place", "attribute", "value", "n"))
    alone = sorted(PersonCell.objects.values_list("pk", "alone"))
    assert settled and any(flag for _pk, flag in alone) and not all(flag for _pk, flag in alone)
    PersonTally.objects.all().delete()
    PersonCell.objects.update(alone=False)
    importlib.import_module("ketenzicht.insights.migrations.0003_person_tally").settle_all(None, SimpleNamespace(connection=connection))
    assert sorted(PersonTally.objects.values_list("region", "month", "place", "attribute", "value", "n")) == settled
    assert sorted(PersonCell.objects.values_list("pk", "alone")) == alone


def test_the_summed_cells_are_the_signal_cells_summed_after_every_build_and_part(world):
    """The cells per kind, per municipality and per source are what the figures read instead of the
    signal cells: each must hold their sums for every month and place, whole months and parts
    alike, after a change rebuilt a month."""
    region = ijsselland()
    for day, code in ((date(2025, 3, 5), "GM0193"), (date(2025, 3, 20), "GM0150"), (date(2025, 4, 2), "GM0193")):
        signal("liaison.zwolle" if code == "GM0193" else "liaison.deventer", code, day)
    sel = Selection(region=region, start=date(2025, 3, 10), end=date(2025, 4, 30))  # a part of March
    same_figures(sel)
    signal("liaison.zwolle", "GM0193", date(2025, 4, 9))  # a change: April is rebuilt on the next read
    same_figures(sel)

    def summed(model, dimensions):
        rows = model.objects.filter(region=region).values_list("month", "place", *dimensions).annotate(
            *(Sum(field) for field in SUMS)).order_by()
        return {tuple(row[:-len(SUMS)]): tuple(row[-len(SUMS):]) for row in rows}

    for model, dimensions in aggregates.SUMMED_CELLS.items():
        cells = summed(model, dimensions)
        assert any(place < 0 for _month, place, *_rest in cells), model  # the part's cells are there too
        assert cells == summed(SignalCell, dimensions), model
