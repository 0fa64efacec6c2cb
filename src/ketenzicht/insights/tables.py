"""A figure is a table: rows, columns of counts (and values derived from them), optional totals.

Dashboards, the monitor report, CSV, Excel and the API all render the same `Table`; publishing
it (`Table.publish`) rounds the counts once (see `suppression`), so no output can forget to.
"""
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .suppression import label, rounded

COUNT, RATE, DAYS, PERCENT = "count", "rate", "days", "percent"


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


@dataclass
class Row:
    key: str
    label: str
    values: dict
    # List filters for "the list behind this number" (the view decides whether to link).
    link: dict | None = None
    emphasis: bool = False


@dataclass
class Cell:
    value: object  # None when hidden
    text: str
    hidden: bool = False
    link: str | None = None


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

    def publish(self, threshold=None):
        """Rows of `Cell`s (and a totals row/column): exact, or rounded if a threshold is given."""
        return Published(self, threshold)


def _format(value, kind):
    if value is None:
        return "—"
    if kind == COUNT:
        return number_format(value, 0, force_grouping=True)
    if kind == PERCENT:
        return f"{number_format(value, 1, force_grouping=True)}%"
    return number_format(value, 1, force_grouping=True)


class Published:
    """A table as shown: exact (no threshold), or published: every count, totals included, rounded
    on its own from the exact number (`suppression.rounded`), below the threshold as "<threshold"."""

    def __init__(self, table, threshold):
        self.table = table
        self.threshold = threshold
        self._rows = [self._shown(row) for row in table.rows]
        if table.remark:
            self.note, self.emphasis = table.remark(self)
        else:
            self.note, self.emphasis = table.note, {row.key for row in table.rows if row.emphasis}

    def show(self, count):
        """A count as shown: itself, or its published form (None when hidden)."""
        return count if self.threshold is None else rounded(count, self.threshold)

    def _shown(self, row):
        """The row's values as shown ({key: value}, with "total") and the keys hidden."""
        table = self.table
        shown = {c.key: self.show(row.values.get(c.key) or 0) for c in table.counts}
        if table.has_total_column:
            shown["total"] = self.show(sum(row.values.get(c.key) or 0 for c in table.totalled))
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

    def _cell(self, value, kind, hidden):
        if hidden:
            return Cell(None, label(self.threshold) if kind == COUNT else "—", hidden=True)
        return Cell(value, _format(value, kind))

    @property
    def rows(self):
        for row, (shown, hidden) in zip(self.table.rows, self._rows, strict=True):
            cells = [self._cell(shown[c.key], c.kind, c.key in hidden) for c in self.table.columns]
            if self.table.has_total_column:
                cells.append(self._cell(shown["total"], COUNT, "total" in hidden))
            yield replace(row, emphasis=row.key in self.emphasis), cells

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
            value = self.show(sum(row.values.get(column.key) or 0 for row in rows))
            cells.append(self._cell(value, COUNT, value is None))
        if self.table.has_total_column:
            value = self.show(sum(row.values.get(c.key) or 0 for row in rows for c in self.table.totalled))
            cells.append(self._cell(value, COUNT, value is None))
        return cells
