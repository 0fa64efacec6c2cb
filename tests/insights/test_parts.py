"""The days a period takes of a month (a dashboard of the last 12 months starts on a day) are built
once and kept (`models.Part`): the next request for the same days reads them, a change to the month
builds them again, and a region keeps a bounded number of them."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenzicht.insights import aggregates, figures
from ketenzicht.insights.facts import Facts
from ketenzicht.insights.models import Part
from ketenzicht.insights.selection import Selection
from ketenzicht.intake.models import Signal
from ketenzicht.regions.models import Municipality, Region

from ..helpers import signal

pytestmark = pytest.mark.django_db


def _selection(start, end, municipality=None):
    return Selection(region=Region.objects.get(slug="ijsselland"), start=start, end=end,
                     municipality=Municipality.objects.get(cbs_code=municipality) if municipality else None)


def _total(sel):
    with aggregates.facts_for(sel) as facts:
        return facts.total


def test_a_part_is_built_once_and_again_when_its_month_changes(world):
    signal("liaison.zwolle", "GM0193", date(2025, 3, 5))
    signal("liaison.zwolle", "GM0193", date(2025, 3, 25))  # after the part's days
    sel = _selection(date(2025, 3, 2), date(2025, 3, 20))
    assert _total(sel) == 1
    built = list(Part.objects.values_list("pk", flat=True))
    assert len(built) == 1
    with CaptureQueriesContext(connection) as queries:
        assert _total(sel) == 1
    assert list(Part.objects.values_list("pk", flat=True)) == built  # kept: read, not built again
    assert not [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "COPY", "DELETE"))]
    signal("liaison.zwolle", "GM0150", date(2025, 3, 10))  # the month changes
    assert _total(sel) == 2
    assert Part.objects.count() == 1 and Part.objects.get().pk not in built  # of the month as now built
    Signal.objects.filter(received_at__date=date(2025, 3, 10)).delete()
    assert _total(sel) == 1


def test_kept_parts_give_the_figures_of_the_signals(world):
    for day in (date(2025, 1, 31), date(2025, 2, 1), date(2025, 2, 14), date(2025, 11, 30), date(2025, 12, 3),
                date(2025, 12, 9)):
        signal("liaison.zwolle", "GM0193", day)
        signal("liaison.deventer", "GM0150", day + timedelta(days=1))
    for sel in (_selection(date(2025, 2, 2), date(2025, 12, 5)), _selection(date(2025, 2, 2), date(2025, 12, 5), "GM0193"),
                _selection(date(2025, 12, 2), date(2025, 12, 8))):
        direct = figures.compute(sel, facts=Facts(sel))
        for _ in range(2):  # built, then kept
            with aggregates.facts_for(sel) as monthly:
                assert [t.rows for t in figures.compute(sel, facts=monthly)] == [t.rows for t in direct]


def test_a_region_keeps_a_bounded_number_of_parts(world, monkeypatch):
    monkeypatch.setattr(aggregates, "SLOTS", 2)
    for day in (3, 4, 5):
        signal("liaison.zwolle", "GM0193", date(2025, 3, day))
    totals = [_total(_selection(date(2025, 3, 2), date(2025, 3, last))) for last in (3, 4, 5)]
    assert totals == [1, 2, 3]
    assert sorted(Part.objects.values_list("slot", flat=True)) == [1, 2]  # the first part's slot was taken
    live = {aggregates.part_place(slot, place) for slot in (1, 2) for place in range(0, 100_000)}
    for model in aggregates.CELLS:
        assert set(model.objects.filter(place__lt=0).values_list("place", flat=True)) <= live
    assert _total(_selection(date(2025, 3, 2), date(2025, 3, 3))) == 1  # built again, in the oldest slot


def test_old_parts_are_dropped_when_another_is_built(world):
    signal("liaison.zwolle", "GM0193", date(2025, 3, 3))
    _total(_selection(date(2025, 3, 2), date(2025, 3, 3)))
    Part.objects.update(built_at=timezone.now() - aggregates.PART_LIFE - timedelta(minutes=1))
    _total(_selection(date(2025, 3, 2), date(2025, 3, 4)))
    assert list(Part.objects.values_list("last", flat=True)) == [date(2025, 3, 4)]
    assert not any(model.objects.filter(place__lte=aggregates.part_place(1, 0), place__gt=aggregates.part_place(2, 0))
                   .exists() for model in aggregates.CELLS)


def test_a_rebuilt_month_takes_its_parts_with_it(world):
    """What a part holds may be gone (a signal deleted by retention): it goes when its month is rebuilt."""
    signal("liaison.zwolle", "GM0193", date(2025, 3, 3))
    _total(_selection(date(2025, 3, 2), date(2025, 3, 3)))
    Signal.objects.all().delete()
    aggregates.ensure([Region.objects.get(slug="ijsselland").pk], date(2025, 3, 1), date(2025, 3, 1))
    assert not Part.objects.exists()
    assert not any(model.objects.filter(place__lt=0).exists() for model in aggregates.CELLS)
