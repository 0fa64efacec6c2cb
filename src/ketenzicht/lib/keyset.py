"""Lists read a page at a time by the keys of their order, not by an offset, and count no further
than they show.

Why: an offset page and an exact total cost what the user may see (a liaison whose municipalities
hold a million signals waited 1.2 s for the first 25), and the database reads every row before
the page. A keyset page asks for the rows after the last one shown, in an order an index gives
(`ORDER BY a, b, id` with `WHERE (a, b, id) > (…)`): the cost is the page's, whatever the scope.
The total is counted up to `COUNT_LIMIT` rows and shown as "more than" beyond it.

A cursor is the signed keys of the row at the edge of a page, with the list's name in the
signature's salt: a forged cursor, or one taken from another list, is refused as bad input
naming the `cursor` parameter. It tells nothing: the keys of a row the user already saw.

Every ordering must end in a unique key (the primary key), and no key may be NULL (coalesce it in
an annotation), so that "after" is well defined.
"""
import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.db.models import F, Q
from django.utils.translation import gettext as _

from .forms_bridge import InvalidInput

COUNT_LIMIT = 10_000  # rows counted before a list says "more than"
FORWARD, BACKWARD = "n", "p"


def _plain(value):
    """A key value as JSON can carry it; Django turns the text back into a date or UUID when filtering."""
    if isinstance(value, (datetime.datetime, datetime.date, uuid.UUID, Decimal)):
        return str(value)
    return value


@dataclass
class Window:
    """One page of a list: its rows, cursors to the pages beside it, and how many rows the list
    holds (exact up to COUNT_LIMIT, else `count_is_exact` is False and `count` is the limit)."""
    rows: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    count: int = 0
    count_is_exact: bool = True
    is_first: bool = True
    extra: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def has_other_pages(self):
        return bool(self.next_cursor or self.previous_cursor)


class Keyset:
    """The order of one list, by name. `ordering` as in `order_by`: field names, '-' for descending;
    the last must be unique."""

    def __init__(self, name, *ordering):
        self.name = name
        self.ordering = ordering
        self.fields = [key.lstrip("-") for key in ordering]
        self.descending = [key.startswith("-") for key in ordering]

    # cursors ------------------------------------------------------------------------------------
    def cursor(self, row, direction):
        values = [_plain(_value(row, name)) for name in self.fields]
        return signing.dumps([direction, values], salt=f"ketenzicht.keyset.{self.name}", compress=True)

    def read(self, cursor):
        """(direction, values) of a cursor of this list; InvalidInput for anything else."""
        try:
            direction, values = signing.loads(cursor, salt=f"ketenzicht.keyset.{self.name}")
            if direction not in (FORWARD, BACKWARD) or len(values) != len(self.fields):
                raise ValueError
        except (signing.BadSignature, ValueError, TypeError):
            raise InvalidInput({"cursor": [_("Deze cursor hoort niet bij deze lijst; volg de link naar de volgende "
                                             "pagina zoals de lijst die gaf.")]}) from None
        return direction, values

    # queries ------------------------------------------------------------------------------------
    def beyond(self, values, backward=False):
        """The rows after `values` in this order (before them when `backward`)."""
        condition = Q(pk__in=[])
        for index in range(len(self.fields) - 1, -1, -1):
            later = self.descending[index] == backward  # ascending forward, or descending backward: greater
            step = Q(**{f"{self.fields[index]}__{'gt' if later else 'lt'}": values[index]})
            equal = Q(**{name: value for name, value in zip(self.fields[:index], values[:index], strict=True)})
            condition = (equal & step) | condition if index < len(self.fields) - 1 else equal & step
        # Implied by the above, but an index range only PostgreSQL sees when it is said: without it
        # the planner reads the index from the start of the list and filters (a page deep in a
        # list of a million rows would read the million).
        first = "gte" if self.descending[0] == backward else "lte"
        return Q(**{f"{self.fields[0]}__{first}": values[0]}) & condition

    def order(self, qs, backward=False):
        if not backward:
            return qs.order_by(*self.ordering)
        return qs.order_by(*(F(name).asc() if desc else F(name).desc()
                             for name, desc in zip(self.fields, self.descending, strict=True)))

    def window(self, qs, size, cursor=None, offset=0, count=True):
        """One page of `qs` (not yet ordered) after or before the cursor's row, or `offset` rows in
        (the numbered pages v1 clients ask for, bounded by COUNT_LIMIT): `size` rows read, plus one
        to know whether there are more, plus a bounded count."""
        direction, values = self.read(cursor) if cursor else (FORWARD, None)
        backward = direction == BACKWARD
        page = self.order(qs if values is None else qs.filter(self.beyond(values, backward)), backward)
        window = self.assemble(list(page[offset:offset + size + 1]), size, values, backward, offset)
        if count:
            window.count, window.count_is_exact = bounded_count(qs)
        return window

    def assemble(self, rows, size, values, backward, offset=0):
        """The window of `size` rows given the first `size + 1` (or fewer) rows read after (before,
        when `backward`) the cursor's `values` in this order, `offset` rows in: its cursors, its
        place. For lists read some other way than `window` (several scopes merged)."""
        more = len(rows) > size
        rows = rows[:size]
        if backward:
            rows.reverse()
        window = Window(rows, is_first=(values is None and not offset) or (backward and not more))
        if rows:
            if more or backward:
                window.next_cursor = self.cursor(rows[-1], FORWARD)
            if not window.is_first:
                window.previous_cursor = self.cursor(rows[0], BACKWARD)
        return window

    def window_of_rows(self, rows, size, values=None, backward=False, offset=0):
        """A window of a list already read whole and in this order (a bounded one: a text search
        over decrypted rows); the count is exact."""
        keys = [tuple(_value(row, name) for name in self.fields) for row in rows]
        if values is not None:
            bound = tuple(values)
            plain = [tuple(_plain(k) for k in key) for key in keys]
            if backward:
                rows = [row for row, key in zip(rows, plain, strict=True)
                        if key != bound and not self._after(key, bound)][::-1]
            else:
                rows = [row for row, key in zip(rows, plain, strict=True) if self._after(key, bound)]
        window = self.assemble(rows[offset:offset + size + 1], size, values, backward, offset)
        window.count = len(keys)
        return window

    def _after(self, key, values):
        """Whether a row's keys come after the cursor's in this order."""
        for value, bound, desc in zip(key, values, self.descending, strict=True):
            if value != bound:
                return (value < bound) if desc else (value > bound)
        return False


def bounded_count(qs, limit=COUNT_LIMIT):
    """(count, exact): the rows of `qs` counted up to `limit`; beyond it (limit, False)."""
    n = qs.order_by()[:limit + 1].count()
    return (n, True) if n <= limit else (limit, False)


def _value(row, name):
    """A key of a row: a model instance's attribute (following `__`), or a dict's or tuple's item."""
    if isinstance(row, dict):
        return row[name]
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return getattr(value, "pk", value)
