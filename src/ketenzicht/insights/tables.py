"""A figure is a table: rows, columns of counts (and values derived from them), optional totals.

Dashboards, the monitor report, CSV, Excel and the API all render the same `Table`; publishing
it (`Table.publish`) rounds the counts once (see `suppression`), so no output can forget to.

Every count cell also says what it counts (`Table.quantity`: a space and a filter, e.g. signals of
February with kind "signal"), so the figures published together can be checked as one system of
equations (`suppression.secondary`): the same count in two tables is one unknown, and a quarter is
the sum of its months because its filter is the union of theirs.
"""
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .suppression import SECONDARY, label, rounded, secondary

COUNT, RATE, DAYS, PERCENT = "count", "rate", "days", "percent"
# A number that counts no people and is public by law (an APV maximum, the permits in force, the
# criteria of the basisniveau a municipality meets): shown exactly, never rounded or hidden.
NUMBER = "number"


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT
    # For a derived value (rate, median, growth): the count(s) it is computed from; hidden with any
    # of them ("total": the row's total).
    base: str | tuple | None = None
    # How a derived value follows from the row's numbers as shown ({key: value}, "total" included),
    # so a rate or growth reveals no more than the counts beside it. None: taken from the row.
    derive: Callable | None = None
    # Counts that add up to the row's total (the totals column sums these).
    in_total: bool = True
    # What the column counts (see `Table.quantity`): its space if not the table's, and its filter
    # (a dict, or a function of the row giving one). None: a column of this table only.
    space: str | None = None
    scope: dict | Callable | None = None


@dataclass
class Row:
    key: str
    label: str
    values: dict
    # List filters for "the list behind this number" (the view decides whether to link).
    link: dict | None = None
    emphasis: bool = False
    # What the row counts (see `Table.quantity`). None: a row of this table only.
    space: str | None = None
    scope: dict | None = None


@dataclass
class Cell:
    value: object  # None when hidden
    text: str
    hidden: bool = False
    link: str | None = None
    # Hidden although not small: it would give a small count back (shown as "·", not "<5").
    secondary: bool = False

    @property
    def html(self):
        """The cell's content in a figure's table: made here rather than by an include per cell (a
        ten-year dashboard has some 2,800 cells, and an include each was a fifth of its page)."""
        if self.secondary:
            return format_html('<span role="img" aria-label="{}">{}</span>', _("onderdrukt"), self.text)
        if self.link:
            return format_html('<a class="utrecht-link" href="{}">{}</a>', self.link, self.text)
        return conditional_escape(self.text)


def body_html(rows, totals=None):
    """The rows of a figure's table ((row, cells) pairs, as `Published.rows` gives them) and its
    totals row (`Published.totals`) as table rows: made here rather than by a template loop, which
    took a third of a ten-year dashboard's page (some 2,800 cells, a dozen template nodes each).
    A cell's `html` is escaped already."""
    def cells_html(cells):
        return "".join(f'<td class="utrecht-table__cell kz-num{" kz-hidden-count" if cell.hidden else ""}">{cell.html}</td>'
                       for cell in cells)

    parts = []
    for row, cells in rows:
        emphasis = " kz-figure-table__emphasis" if row.emphasis else ""
        parts.append(f'<tr class="utrecht-table__row{emphasis}" data-row="{conditional_escape(row.key)}">'
                     f'<th scope="row" class="utrecht-table__cell">{conditional_escape(row.label)}</th>'
                     f'{cells_html(cells)}</tr>')
    if totals:
        parts.append(f'<tr class="utrecht-table__row kz-figure-table__total"><th scope="row" class="utrecht-table__cell">'
                     f'{conditional_escape(_("Totaal"))}</th>{cells_html(totals)}</tr>')
    return mark_safe("".join(parts))  # nosec B308 B703: the keys and labels escaped here, the cells by `Cell.html`


def section(published, chart, rows=None):
    """What the figure templates (`insights/_figure.html`) show of a published table: its rows
    (default: as published; the dashboard passes them with their links) and its chart."""
    rows = list(published.rows) if rows is None else rows
    return {"table": published.table, "published": published, "chart": chart, "rows": rows,
            "body": body_html(rows, published.totals)}


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    description: str = ""
    row_header: str = ""
    total_row: bool = False
    total_column: bool = False
    chart: str | None = None  # "bars", "columns", "map" or None
    chart_column: str | None = None  # the column the chart draws (default: the first count)
    note: str = ""
    # A note and emphasis that depend on the numbers: worked out from the published table (a
    # function of `Published` returning (note, keys of the rows to emphasise)), so they reveal no
    # more than its cells.
    remark: Callable | None = None
    # What the table counts (see `quantity`); by default its cells are its own.
    space: str | None = None
    scope: dict = field(default_factory=dict)

    def quantity(self, row, column):
        """What a count cell counts, as (space, filter): the filter maps a dimension to the set of
        values counted. `row` None is the totals row, `column` None the totals column. Two cells
        with the same quantity are the same number; a cell whose filter is the union of others'
        along one dimension is their sum."""
        own = column is not None and not column.in_total and column.space is None
        space = f"{self.key}.{column.key}" if own else (
            (column and column.space) or (row and row.space) or self.space or self.key)
        scope = dict(self.scope)
        if row is not None:
            scope.update({"row": row.key} if row.scope is None else row.scope)
        if column is not None and not own:
            extra = column.scope(row) if callable(column.scope) else column.scope
            scope.update({"column": column.key} if extra is None else extra)
        return space, frozenset((dim, values_of(value)) for dim, value in scope.items())

    @property
    def counts(self):
        return [c for c in self.columns if c.kind == COUNT]

    @property
    def totalled(self):
        return [c for c in self.counts if c.in_total]

    @property
    def has_total_column(self):
        """A totals column only where there is more than one count to add up."""
        return self.total_column and len(self.totalled) > 1

    def counted(self):
        """(quantity, exact count) of every count cell, totals included: what `suppression.secondary`
        weighs."""
        table = self
        for row in table.rows:
            for c in table.counts:
                yield table.quantity(row, c), row.values.get(c.key) or 0
            if table.has_total_column:
                yield table.quantity(row, None), sum(row.values.get(c.key) or 0 for c in table.totalled)
        if table.total_row:
            for c in table.totalled:
                yield table.quantity(None, c), sum(row.values.get(c.key) or 0 for row in table.rows)
            if table.has_total_column:
                yield table.quantity(None, None), sum(row.values.get(c.key) or 0 for row in table.rows
                                                      for c in table.totalled)

    def publish(self, threshold=None, suppressed=frozenset()):
        """Rows of `Cell`s (and a totals row/column): exact, or rounded if a threshold is given,
        with the quantities in `suppressed` hidden as well."""
        return Published(self, threshold, suppressed)


def publish_together(tables, threshold):
    """Tables shown together (a dashboard, a report, and everything they share counts with),
    published as one: a count that would give a small one back through the others is hidden
    in every table it appears in (`suppression.secondary`)."""
    if threshold is None:
        return [table.publish() for table in tables]
    hidden = secondary([pair for table in tables for pair in table.counted()], threshold)
    return [table.publish(threshold, hidden) for table in tables]


def values_of(value):
    return frozenset(value) if isinstance(value, (set, frozenset, list, tuple)) else frozenset({value})


def _format(value, kind, separator):
    """A value as a cell shows it; `separator`: the active language's thousands separator, looked
    up once per table (a lookup costs as much as writing the number, and a ten-year dashboard
    writes some 2,700)."""
    if value is None:
        return "—"
    if kind in (COUNT, NUMBER, RATE) and isinstance(value, int):  # a rate of whole numbers: a difference
        return whole(value, separator)
    if kind in (COUNT, NUMBER):
        return number_format(value, 0, force_grouping=True)
    if kind == PERCENT:
        return f"{number_format(value, 1, force_grouping=True)}%"
    return number_format(value, 1, force_grouping=True)


def whole(value, separator):
    """A whole number as `number_format(value, 0, force_grouping=True)` writes it in a language
    whose thousands separator is `separator`, at a tenth of its cost."""
    text = f"{value:,}"
    return text if separator == "," else text.replace(",", separator)


class Published:
    """A table as shown: exact (no threshold), or published: every count, totals included, rounded
    on its own from the exact number (`suppression.rounded`), below the threshold as "<threshold",
    and the quantities in `suppressed` (chosen over all tables published together) as "·"."""

    def __init__(self, table, threshold, suppressed=frozenset()):
        self.table = table
        self.threshold = threshold
        self.suppressed = suppressed if threshold is not None else frozenset()
        self.secondary = set()  # (row key or None, column key or "total") shown as "·"
        self.separator = get_format("THOUSAND_SEPARATOR")
        self._rows = [self._shown(row) for row in table.rows]
        if table.remark:
            self.note, self.emphasis = table.remark(self)
        else:
            self.note, self.emphasis = table.note, {row.key for row in table.rows if row.emphasis}

    def show(self, count, row, column, at):
        """A count as shown: itself, or its published form (None when hidden). The cell's quantity
        (`Table.quantity(row, column)`) hides it if it is suppressed, and `at` notes where, to mark
        it "·"; asked only when something is suppressed (a dashboard has some 3,000 cells)."""
        if self.threshold is None:
            return count
        if self.suppressed and self.table.quantity(row, column) in self.suppressed:
            self.secondary.add(at)
            return None
        return rounded(count, self.threshold)

    def _shown(self, row):
        """The row's values as shown ({key: value}, with "total") and the keys hidden."""
        table = self.table
        shown = {c.key: self.show(row.values.get(c.key) or 0, row, c, (row.key, c.key))
                 for c in table.counts}
        if table.has_total_column:
            shown["total"] = self.show(sum(row.values.get(c.key) or 0 for c in table.totalled), row, None,
                                       (row.key, "total"))
        hidden = {key for key, value in shown.items() if value is None}
        for column in table.columns:
            if column.kind == COUNT:
                continue
            guards = column.base or ()
            if any(guard in hidden for guard in ((guards,) if isinstance(guards, str) else guards)):
                hidden.add(column.key)
                shown[column.key] = None
            else:
                shown[column.key] = column.derive({**row.values, **shown}) if column.derive else row.values.get(
                    column.key)
        return shown, hidden

    def shown_rows(self):
        """(row, {key: value as shown}) for every row; hidden values are None."""
        return [(row, shown) for row, (shown, _hidden) in zip(self.table.rows, self._rows, strict=True)]

    def _cell(self, value, kind, hidden, at=None):
        if at in self.secondary:
            return Cell(None, SECONDARY, hidden=True, secondary=True)
        if hidden:
            return Cell(None, label(self.threshold) if kind == COUNT else "—", hidden=True)
        return Cell(value, _format(value, kind, self.separator))

    @property
    def rows(self):
        for row, (shown, hidden) in zip(self.table.rows, self._rows, strict=True):
            cells = [self._cell(shown[c.key], c.kind, c.key in hidden, (row.key, c.key)) for c in self.table.columns]
            if self.table.has_total_column:
                cells.append(self._cell(shown["total"], COUNT, "total" in hidden, (row.key, "total")))
            yield replace(row, emphasis=row.key in self.emphasis), cells

    @property
    def has_secondary(self):
        return bool(self.secondary)

    @property
    def header(self):
        labels = [c.label for c in self.table.columns]
        if self.table.has_total_column:
            labels.append(_("Totaal"))
        return labels

    @property
    def totals(self):
        """The totals row (None if the table has none), each total published from the exact sum."""
        if not self.table.total_row:
            return None
        rows = self.table.rows
        cells = []
        for column in self.table.columns:
            if column.kind != COUNT or not column.in_total:
                cells.append(Cell(None, ""))
                continue
            at = (None, column.key)
            value = self.show(sum(row.values.get(column.key) or 0 for row in rows), None, column, at)
            cells.append(self._cell(value, COUNT, value is None, at))
        if self.table.has_total_column:
            at = (None, "total")
            value = self.show(sum(row.values.get(c.key) or 0 for row in rows for c in self.table.totalled),
                              None, None, at)
            cells.append(self._cell(value, COUNT, value is None, at))
        return cells
