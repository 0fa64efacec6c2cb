"""A period that starts and ends inside a month (the dashboard's "last 12 months" to today): the
counts published together must name each count by one scope, or the secondary suppression reads
two counts as one, its equations stop holding and its narrowing runs away (5 s for one figure of
the stats API at 1,000,000 signals)."""
from collections import defaultdict
from datetime import date

import pytest

from ketenzicht.insights import figures, suppression
from ketenzicht.insights.selection import Selection
from ketenzicht.regions.models import Region

from ..helpers import signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def edges(world):
    """Signals on both sides of the period's edges and of its year-earlier's: the part of December
    2024 the period starts with (two signals) is not the part the year earlier ends with (one)."""
    for day in (date(2024, 10, 10), date(2024, 11, 10), date(2024, 12, 1), date(2024, 12, 15),
                date(2024, 12, 20), date(2025, 3, 5), date(2025, 12, 1)):
        signal("liaison.zwolle", "GM0193", day)
    return Selection(region=Region.objects.get(slug="ijsselland"), start=date(2024, 12, 2), end=date(2025, 12, 1))


def _counted(sel):
    return [pair for table in figures.compute(sel, figures.LINKED) for pair in table.counted()]


def test_every_scope_names_one_count(edges):
    counts = defaultdict(set)
    for quantity, n in _counted(edges):
        counts[quantity].add(n)
    assert {quantity: ns for quantity, ns in counts.items() if len(ns) > 1} == {}


def test_every_equation_among_the_published_counts_holds(edges):
    counted = dict(_counted(edges))
    sums = suppression.equations(counted)
    assert sums
    assert [(total, parts) for total, parts in sums if counted[total] != sum(counted[p] for p in parts)] == []


def test_the_partial_months_keep_their_figures(edges):
    per_month = {row.key: row.values for row in figures.compute(edges, ["per-month"])[0].rows}
    assert per_month["2024-12"]["signal"] == 2  # the 15th and the 20th, not the 1st
    assert per_month["2025-12"]["signal"] == 1
    assert per_month["2025-12"]["year_earlier"] == 1  # 1 December 2024 only
    quarters = {row.key: row.values for row in figures.compute(edges, ["per-quarter"])[0].rows}
    assert quarters["2024-Q4"]["signal"] == 2
    assert quarters["2025-Q4"]["year_earlier"] == 3  # October, November and 1 December 2024


def _ijsselland(start, end):
    return Selection(region=Region.objects.get(slug="ijsselland"), start=start, end=end)


def test_a_whole_month_a_year_earlier_is_named_as_its_own_row(world):
    """1-28 February 2024 is part of a month; a year earlier, 1-28 February 2023 is the whole
    month, the count of the row of February 2023 in the same figure, and so one scope (as two,
    the suppression hid the row's total and showed the same number in the year-earlier cell)."""
    signal("liaison.zwolle", "GM0193", date(2023, 2, 10))
    table = figures.compute(_ijsselland(date(2023, 2, 1), date(2024, 2, 28)), ["per-month"])[0]
    rows = {row.key: row for row in table.rows}
    year_earlier = next(column for column in table.columns if column.key == "year_earlier")
    assert table.quantity(rows["2024-02"], year_earlier) == table.quantity(rows["2023-02"], None)


def test_a_leap_day_a_year_earlier_is_not_the_whole_month(world):
    """To 28 February 2025: its year earlier ends on 28 February 2024, so it counts 1-28 February
    of a leap year, not the month of the row of February 2024 (1-29)."""
    for day in (date(2024, 2, 10), date(2024, 2, 29)):
        signal("liaison.zwolle", "GM0193", day)
    counts = defaultdict(set)
    for quantity, n in _counted(_ijsselland(date(2024, 1, 1), date(2025, 2, 28))):
        counts[quantity].add(n)
    assert {quantity: ns for quantity, ns in counts.items() if len(ns) > 1} == {}
