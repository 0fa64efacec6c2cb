"""Suppression over a whole report: no small count published in one report (or dashboard, or any
route: they all weigh the same figures) can be narrowed by combining the report's tables.

The attacker here is independent of the code's own audit (`suppression.secondary`): it knows what
each published cell counts from the figures' meaning (a month and a kind, a municipality, a
sector...), models the signals and people behind them as non-negative unknowns, reads every
published number as the block it stands for, and asks a linear program for the least and the
greatest value every cell shown as "<5" can have. Each must still range over 0 to 4.

Why not a rank test on exact equations: published counts are rounded to blocks of five
(`suppression.rounded`), so no published cell is an exact equation and a rank test would pass
trivially; the intervals are what an attacker can narrow, so they are what is tested.
"""
import random
from collections import namedtuple
from datetime import date

import numpy
import pytest
from scipy.optimize import linprog

from ketenzicht.insights import figures
from ketenzicht.insights.facts import CubeRow, Facts, Victim
from ketenzicht.insights.selection import Selection
from ketenzicht.insights.tables import publish_together
from ketenzicht.intake.models import AgeGroup, Gender, Kind, NationalityGroup
from ketenzicht.lib.dates import add_months
from ketenzicht.regions.models import Organisation, Region, Sector

pytestmark = pytest.mark.django_db

T = 5
KINDS = list(Kind.values)
Published = namedtuple("Published", "table row column text value hidden")


def random_report(rng, region, start, months):
    """The linked figures of one report over random signals and people, and the truth behind them."""
    sel = Selection(region=region, start=start, end=add_months(start, months) - date.resolution)
    munis = list(region.municipalities.order_by("name"))
    orgs = [o.pk for o in Organisation.objects.filter(region=region)] + [None]
    facts, earlier = Facts(sel), Facts(sel.year_earlier())
    active = rng.sample(munis, 3)

    def cube(first):
        rows = []
        for _i in range(rng.randint(5, 25)):
            n = rng.choice([1, 2, 3, 4, 4, 4, 5, 9, 9, 14])  # counts at the top of their block pin most
            rows.append(CubeRow(add_months(first, rng.randrange(months)), rng.choice(KINDS), rng.choice(active).pk,
                                rng.choice(Sector.values[:3]), rng.choice(orgs[:2] + [None]), rng.random() < 0.5,
                                rng.random() < 0.3, n))
        return rows

    facts.__dict__.update(cube=cube(start), earlier=earlier, municipalities=munis)
    earlier.__dict__["cube"] = cube(add_months(start, -12))
    people = [Victim(i, f"p{i}", rng.choice(AgeGroup.values[:3]), rng.choice(Gender.values),
                     rng.choice(NationalityGroup.values), None, rng.choice(active).pk) for i in range(rng.randint(0, 30))]
    facts.__dict__["victims"] = people
    return [figures.FIGURES[key](facts) for key in figures.LINKED], facts


class Unknowns:
    """The attacker's unknowns: signals per (month, kind), per (municipality, kind), per sector, per
    organisation, per (open, escalated), signals a year earlier per month, people per profile."""

    def __init__(self):
        self.index = {}

    def __call__(self, *name):
        return self.index.setdefault(name, len(self.index))


def expression(u, cell, months, munis):
    """What a published cell counts, as {unknown: coefficient}; None for cells not modelled here
    (linked to nothing else: cases at the table, forms, lead times)."""
    table, row, column = cell.table, cell.row, cell.column
    row_months = {"per-month": lambda r: [date.fromisoformat(r + "-01")],
                  "per-quarter": lambda r: [m for m in months if f"{m.year}-Q{(m.month - 1) // 3 + 1}" == r]}
    if table in row_months:
        chosen = months if row is None else row_months[table](row)
        if column == "year_earlier":
            return {u("earlier", add_months(m, -12)): 1 for m in chosen}
        kinds = KINDS if column == "total" else [column]
        return {u("month", m, k): 1 for m in chosen for k in kinds}
    if table == "municipalities" and column in KINDS + ["total"]:
        kinds = KINDS if column == "total" else [column]
        return {u("municipality", m, k): 1 for m in ([row] if row else munis) for k in kinds}
    if table == "municipalities":
        return None
    total = {u("month", m, k): 1 for m in months for k in KINDS}
    if table in ("sectors", "training"):  # training: trained staff (not modelled, exact) beside the sectors' signals
        return {u("sector", row): 1} if row else total
    if table == "partners":
        return {u("organisation", row): 1} if row else total
    if table == "funnel":
        return {"received": total, "escalated": {u("escalated", True): 1},
                "closed_without": {u("state", False, False): 1}}.get(row)
    people = {u("person", "age", v): 1 for v in AgeGroup.values}
    if table == "people":
        return {"signals": total, "persons": people}.get(row)
    attribute = {"age-groups": "age", "genders": "gender", "nationalities": "nationality"}[table]
    return {u("person", attribute, row): 1} if row else people


def equalities(u, months, munis, sectors, orgs):
    """What the attacker knows about the unknowns: each breakdown adds up to the same total."""
    total = {u("month", m, k): 1 for m in months for k in KINDS}
    people = {u("person", "age", v): 1 for v in AgeGroup.values}
    same = [({u("month", m, k): 1 for m in months}, {u("municipality", x, k): 1 for x in munis}) for k in KINDS]
    same += [(total, {u("sector", s): 1 for s in sectors}), (total, {u("organisation", o): 1 for o in orgs}),
             (total, {u("escalated", e): 1 for e in (True, False)})]
    same += [({u("escalated", e): 1}, {u("state", o, e): 1 for o in (True, False)}) for e in (True, False)]
    same += [(people, {u("person", a, v): 1 for v in choices})
             for a, choices in (("gender", Gender.values), ("nationality", NationalityGroup.values))]
    return same


def published_cells(tables):
    for published in tables:
        key = published.table.key
        columns = [c.key for c in published.table.columns] + (["total"] if published.table.has_total_column else [])
        for row, cells in published.rows:
            for column, cell in zip(columns, cells, strict=True):
                yield Published(key, row.key, column, cell.text, cell.value, cell.hidden)
        for column, cell in zip(columns, published.totals or [], strict=False):
            if cell.text:
                yield Published(key, None, column, cell.text, cell.value, cell.hidden)


def narrowed(tables, months, munis, sectors, orgs):
    """The cells shown as "<5" whose possible values the published report narrows (with the range
    the attacker finds)."""
    u = Unknowns()
    kinds = {c.key: c.kind for p in tables for c in p.table.columns}
    modelled = [(cell, expression(u, cell, months, munis)) for cell in published_cells(tables)
                if kinds.get(cell.column, "count") == "count"]
    modelled = [(cell, expr) for cell, expr in modelled if expr is not None]
    same = equalities(u, months, munis, sectors, orgs)
    n = len(u.index)
    upper, bound = [], []
    for cell, expr in modelled:
        if cell.text == "·":
            continue
        low, high = (0, T - 1) if cell.hidden else (cell.value, cell.value + T - 1)
        row = [0] * n
        for i, c in expr.items():
            row[i] = c
        upper += [row, [-v for v in row]]
        bound += [high, -low]
    equal = []
    for left, right in same:
        row = [0] * n
        for i, c in left.items():
            row[i] += c
        for i, c in right.items():
            row[i] -= c
        equal.append(row)
    upper, bound, equal = numpy.array(upper, dtype=float), numpy.array(bound, dtype=float), numpy.array(equal)
    zero = numpy.zeros(len(equal))
    found, asked = [], set()
    for cell, expr in modelled:
        if not cell.hidden or cell.text == "·" or frozenset(expr.items()) in asked:
            continue
        asked.add(frozenset(expr.items()))
        objective = numpy.zeros(n)
        for i, c in expr.items():
            objective[i] = c
        least = linprog(objective, A_ub=upper, b_ub=bound, A_eq=equal, b_eq=zero, bounds=(0, None))
        most = linprog(-objective, A_ub=upper, b_ub=bound, A_eq=equal, b_eq=zero, bounds=(0, None))
        assert least.status == 0 and most.status == 0, "the published report must be consistent"
        if least.fun > 1e-6 or -most.fun < T - 1 - 1e-6:
            found.append((cell, round(least.fun, 3), round(-most.fun, 3)))
    return found


def test_no_small_count_of_a_report_can_be_narrowed_by_its_other_tables(world):
    region = Region.objects.get(slug="ijsselland")
    munis = [m.cbs_code for m in region.municipalities.all()]
    orgs = [str(o.pk) for o in Organisation.objects.filter(region=region)] + ["none"]
    rng = random.Random(15)
    leaks_per_table = 0
    for trial in range(8):
        start, months = rng.choice([(date(2025, 1, 1), 3), (date(2025, 4, 1), 6), (date(2025, 1, 1), 12)])
        tables, facts = random_report(rng, region, start, months)
        months_of = [add_months(start, i) for i in range(months)]
        # Each table on its own (the rule before): the same attacker narrows small counts.
        if not leaks_per_table:
            alone = [table.publish(T) for table in tables]
            leaks_per_table += len(narrowed(alone, months_of, munis, Sector.values, orgs))
        together = publish_together(tables, T)
        assert narrowed(together, months_of, munis, Sector.values, orgs) == [], f"trial {trial}"
        # Every cell says what it counts, and the same count is the same number everywhere.
        counted = {}
        for table in tables:
            for quantity, n in table.counted():
                assert counted.setdefault(quantity, n) == n, quantity
    assert leaks_per_table > 0, "the attacker must find what per-table rounding leaks"


def test_a_suppressed_cell_is_marked_as_suppressed_not_as_small(world):
    """February shown "<5" would misstate a count hidden because of the others (and fail to hide
    it): a cell hidden for the others' sake is "·"; its rate or change is hidden with it."""
    region = Region.objects.get(slug="ijsselland")
    rng = random.Random(3)
    marked = []
    for _trial in range(10):
        tables, _facts = random_report(rng, region, date(2025, 1, 1), 12)
        for published in publish_together(tables, T):
            for _row, cells in published.rows:
                marked += [c for c in cells if c.secondary]
    assert marked and all(c.text == "·" and c.hidden and c.value is None for c in marked)


def test_every_breakdown_of_the_people_adds_up_to_their_number(world):
    """A person registered twice with another age group (or gender) counts once, in one group."""
    region = Region.objects.get(slug="ijsselland")
    sel = Selection(region=region, start=date(2026, 1, 1), end=date(2026, 3, 31))
    facts = Facts(sel)
    facts.__dict__.update(cube=[], victims=[
        Victim(1, "a", "18-22", "female", "nl", None, 1), Victim(2, "a", "23-29", "unknown", "nl", None, 2),
        Victim(3, "b", "unknown", "male", "eu", None, 1), Victim(4, "b", "12-17", "unknown", "unknown", None, 1),
        Victim(5, "c", "unknown", "unknown", "unknown", None, 2)])
    persons = figures.people(facts).rows[-1].values["n"]
    assert persons == 3
    for breakdown in (figures.age_groups, figures.genders, figures.nationalities):
        assert sum(row.values["n"] for row in breakdown(facts).rows) == persons, breakdown.__name__
    assert {row.key: row.values["n"] for row in figures.age_groups(facts).rows if row.values["n"]} == {
        "23-29": 1, "12-17": 1, "unknown": 1}  # the latest record's known group
