"""On PostgreSQL: the figures read their aggregates through an index, never by scanning a national
table (the people figure scanned every person in the country before the aggregates)."""
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.insights import aggregates, figures
from ketenzicht.insights.models import PersonCell
from ketenzicht.insights.selection import Selection
from ketenzicht.regions.models import Municipality, Region

from ..helpers import is_postgres, signal

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not is_postgres(), reason="query plans are PostgreSQL's")]

CELLS = ("insights_signalcell", "insights_kindcell", "insights_municipalitycell", "insights_sourcecell",
         "insights_personcell", "insights_tagcell", "insights_leadtimecell",
         "insights_trackcell", "insights_casecell", "insights_bucket")


def plans(run):
    """The plan of every query `run` sends to an aggregate table, planned as if tables were large
    (sequential scans priced out: one is still chosen where no index serves the query)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith(("SELECT", "WITH")) and any(table in sql for table in CELLS):
                cursor.execute(f"EXPLAIN {sql}")
                found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return found


@pytest.mark.parametrize("municipality", [None, "GM0193"])
def test_the_dashboard_reads_every_aggregate_through_an_index(world, municipality):
    for year in (2024, 2025):
        signal("liaison.zwolle", "GM0193", date(year, 3, 3))
    region = Region.objects.get(slug="ijsselland")
    sel = Selection(region=region, start=date(2016, 1, 1), end=date(2025, 12, 31),
                    municipality=municipality and Municipality.objects.get(cbs_code=municipality))
    figures.compute(sel)  # built
    found = plans(lambda: figures.compute(sel))
    tables = {table for sql, _plan in found for table in CELLS if table in sql}
    assert {"insights_kindcell", "insights_municipalitycell", "insights_sourcecell", "insights_personcell",
            "insights_tagcell", "insights_leadtimecell", "insights_casecell", "insights_trackcell"} <= tables
    for sql, plan in found:
        assert "Seq Scan" not in plan and "Index" in plan, f"{sql}\n{plan}"


def test_the_national_view_reads_through_an_index(world):
    signal("liaison.zwolle", "GM0193", date(2025, 3, 3))
    aggregates.national(date(2025, 1, 1), date(2025, 12, 1))  # built
    found = plans(lambda: figures.regions(date(2025, 1, 1), date(2025, 12, 31)))
    assert len(found) >= 3
    for sql, plan in found:
        assert "Seq Scan" not in plan and "Index" in plan, f"{sql}\n{plan}"


def test_the_overdue_figure_reads_only_the_regions_open_cases_and_tracks(world):
    """The overdue counts (live, whatever the period) read the region's open cases from their partial
    index and each one's open tracks from theirs, not every case of the region spread over the table
    (at 3M signals 7,408 cases for 1,911 open ones: 44 and 29 ms, 20 and 13 ms with the indexes)."""
    region = Region.objects.get(slug="ijsselland")
    sel = Selection(region=region, start=date(2025, 1, 1), end=date(2025, 12, 31))
    with CaptureQueriesContext(connection) as queries:
        figures.compute(sel)
    overdue = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT") and "cases_case" in q["sql"]
               and "review_on" in q["sql"]]
    assert len(overdue) == 2  # the late cases, the late tracks
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in overdue:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "cases_case_open_region" in plan and "cases_track_open_review" in plan, f"{sql}\n{plan}"


def test_a_period_with_part_of_a_month_reads_the_people_from_the_index_alone(world):
    """A period starting mid-month reads the whole months' cells and the part's cells: asked as an
    OR of the two, PostgreSQL can only combine two bitmaps and then read every row from the table
    (6,699 pages for the people seen in several months of ten years at 3M, 40 ms -> 19 ms)."""
    for year in (2024, 2025):
        signal("liaison.zwolle", "GM0193", date(year, 3, 3))
    region = Region.objects.get(slug="ijsselland")
    # The region's table as large as a real one (rows of a place no figure reads here), analysed.
    PersonCell.objects.bulk_create(
        PersonCell(region=region, month=date(2016 + i % 10, 1 + i % 12, 1), place=9999, identity=uuid.uuid4(),
                   municipality=1, n=1, municipality_key="", age_group_key="", gender_key="", nationality_key="",
                   alone=i % 5 == 0) for i in range(30_000))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE insights_personcell")
    sel = Selection(region=region, start=date(2016, 1, 3), end=date(2025, 12, 31))
    figures.compute(sel)  # built, its part too
    found = [(sql, plan) for sql, plan in plans(lambda: figures.compute(sel)) if "insights_personcell" in sql]
    assert len(found) >= 2  # the people per attribute, per month and where they lived
    for sql, plan in found:
        assert "BitmapOr" not in plan and "insights_personcell_read" in plan, f"{sql}\n{plan}"


def test_the_dashboard_reads_its_counts_from_the_summed_cells_not_the_signal_cells(world):
    """Its counts per month and kind (a year earlier too) and the signals of several municipalities
    come from the cells per kind (480 rows for ten years of IJsselland at 3M), its counts per
    municipality and kind from the cells per municipality, per sector and organisation from the
    cells per source: no read of the signal cells (41,000 for ten years at 3M). Before, one
    statement over them with grouping sets took 28 ms of the ten-year dashboard's SQL there."""
    signal("liaison.zwolle", "GM0193", date(2025, 3, 3))
    sel = Selection(region=Region.objects.get(slug="ijsselland"), start=date(2016, 1, 1), end=date(2025, 12, 31))
    figures.compute(sel)  # built
    with CaptureQueriesContext(connection) as queries:
        figures.compute(sel)
    read = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in read if '"insights_signalcell"' in sql], "the signal cells were read"
    assert sum('FROM "insights_kindcell"' in sql for sql in read) == 3  # the period, a year earlier, several
    assert sum('FROM "insights_municipalitycell"' in sql for sql in read) == 1
    assert sum('FROM "insights_sourcecell"' in sql for sql in read) == 1
