"""A figure is a table: rows, columns of counts (and values derived from them), optional totals.

Dashboards, the monitor report, CSV, Excel and the API all render the same `Table`; publishing
it (`Table.publish`) applies small-count suppression once, so no output can forget to.
"""
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .suppression import hide, label

COUNT, RATE, DAYS, PERCENT = "count", "rate", "days", "percent"


@dataclass
class Column:
    key: str
    label: str
    kind: str = COUNT
    # For a derived value (rate, median, growth): the count(s) it is computed from; hidden with any
    # of them ("total": the row's total).
    base: str | tuple | None = None
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
        """Rows of `Cell`s (and a totals row/column), small counts hidden if a threshold is given."""
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
    """A table as shown: cells with their text, hidden ones as "<threshold"."""

    def __init__(self, table, threshold):
        self.table = table
        self.threshold = threshold
        counts = table.totalled
        matrix = [[row.values.get(c.key) or 0 for c in counts] for row in table.rows]
        hidden = set()
        if threshold:
            hidden = hide(matrix, threshold, row_totals=table.has_total_column,
                          column_totals=table.total_row)
            # Counts outside the totals (e.g. "a year earlier") are hidden on their own.
            extra = [c for c in table.counts if not c.in_total]
            self._extra_hidden = {(r, c.key) for r, row in enumerate(table.rows) for c in extra
                                  if 0 < (row.values.get(c.key) or 0) < threshold}
        else:
            self._extra_hidden = set()
        self._hidden = hidden
        self._index = {c.key: i for i, c in enumerate(counts)}
        self.hides_any = bool(hidden or self._extra_hidden)

    def _is_hidden(self, r, key):
        if key == "total":
            return (r, len(self._index)) in self._hidden
        if key in self._index:
            return (r, self._index[key]) in self._hidden
        return (r, key) in self._extra_hidden

    def cell(self, r, column):
        row = self.table.rows[r]
        value = row.values.get(column.key)
        guards = (column.key,) if column.kind == COUNT else column.base or ()
        guards = (guards,) if isinstance(guards, str) else guards
        if self.threshold and any(self._is_hidden(r, guard) for guard in guards):
            text = label(self.threshold) if column.kind == COUNT else "—"
            return Cell(None, text, hidden=True)
        return Cell(value, _format(value, column.kind))

    @property
    def rows(self):
        total_column = self.table.has_total_column
        width = len(self.table.totalled)
        for r, row in enumerate(self.table.rows):
            cells = [self.cell(r, c) for c in self.table.columns]
            if total_column:
                value = sum(row.values.get(c.key) or 0 for c in self.table.totalled)
                hidden = (r, width) in self._hidden
                cells.append(Cell(None if hidden else value, label(self.threshold) if hidden else _format(value, COUNT),
                                  hidden))
            yield row, cells

    @property
    def header(self):
        labels = [c.label for c in self.table.columns]
        if self.table.has_total_column:
            labels.append(_("Totaal"))
        return labels

    @property
    def totals(self):
        """The totals row (None if the table has none)."""
        if not self.table.total_row:
            return None
        counts = self.table.totalled
        last = len(self.table.rows)
        cells = []
        for column in self.table.columns:
            if column.kind != COUNT or not column.in_total:
                cells.append(Cell(None, ""))
                continue
            value = sum(row.values.get(column.key) or 0 for row in self.table.rows)
            hidden = (last, self._index[column.key]) in self._hidden
            cells.append(Cell(None if hidden else value, label(self.threshold) if hidden else _format(value, COUNT),
                              hidden))
        if self.table.has_total_column:
            value = sum(sum(row.values.get(c.key) or 0 for c in counts) for row in self.table.rows)
            hidden = (last, len(counts)) in self._hidden
            cells.append(Cell(None if hidden else value, label(self.threshold) if hidden else _format(value, COUNT),
                              hidden))
        return cells
