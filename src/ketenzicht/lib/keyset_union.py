"""A keyset page (lib/keyset.py) over a list the policy gives as several scopes: one queryset per
reason to see a row (the tables a chair chairs, the cases a partner is invited to, ...).

Why not one `pk IN (union)` query: PostgreSQL then reads every row of every scope, often by
scanning the whole table, before it can sort the page. Here each scope is ordered and cut to the
page on its own (an index on the scope's filter and the list's keys gives those rows directly),
only the page's keys are merged, and the page's objects are fetched by primary key. The cost is
the page's times the number of scopes, whatever the scopes hold.

SQLite cannot cut the parts of a compound query; there the scopes are merged whole (the embedded
database holds a region, not the country).
"""
from django.core.exceptions import BadRequest
from django.db import connections
from django.utils.translation import gettext as _

from . import paging
from .forms_bridge import InvalidInput
from .keyset import BACKWARD, COUNT_LIMIT, FORWARD, Window


def _order_names(keyset, backward):
    """`order_by` names of the keyset, reversed when reading backward (for a compound query)."""
    return [f"-{name}" if desc != backward else name
            for name, desc in zip(keyset.fields, keyset.descending, strict=True)]


def union_window(keyset, scopes, size, fetch, cursor=None, offset=0, count=True):
    """One page of the rows the `scopes` (querysets of one model, each carrying the keyset's fields,
    annotated where they are not columns) hold together, in the keyset's order; `fetch(ids)` gives
    the page's objects by id (a dict, as `in_bulk`). The keyset's last field must be the model's
    `id`. Cursors and the bounded count as `Keyset.window`."""
    direction, values = keyset.read(cursor) if cursor else (FORWARD, None)  # a forged cursor is refused always
    if not scopes:
        return Window([], count=0)
    backward = direction == BACKWARD
    alias = scopes[0].db
    cut = len(scopes) > 1 and connections[alias].features.supports_slicing_ordering_in_compound
    parts = []
    for scope in scopes:
        part = scope if values is None else scope.filter(keyset.beyond(values, backward))
        part = part.values(*keyset.fields)
        if cut or len(scopes) == 1:
            part = keyset.order(part, backward)
        if cut:
            part = part[:offset + size + 1]
        parts.append(part)
    if len(parts) == 1:
        page = parts[0]
    else:
        page = (parts[0].union(*parts[1:]) if cut else parts[0].order_by().union(*(p.order_by() for p in parts[1:])))
        page = page.order_by(*_order_names(keyset, backward))
    keys = list(page[offset:offset + size + 1])
    more = len(keys) > size
    keys = keys[:size]
    if backward:
        keys.reverse()
    found = fetch([key[keyset.fields[-1]] for key in keys])
    window = Window([found[key[keyset.fields[-1]]] for key in keys if key[keyset.fields[-1]] in found],
                    is_first=(values is None and not offset) or (backward and not more))
    if keys:
        if more or backward:
            window.next_cursor = keyset.cursor(keys[-1], FORWARD)
        if not window.is_first:
            window.previous_cursor = keyset.cursor(keys[0], BACKWARD)
    if count:
        window.count, window.count_is_exact = bounded_union_count(scopes)
    return window


def bounded_union_count(scopes, limit=COUNT_LIMIT):
    """(count, exact) of the distinct rows the scopes hold together, counted up to `limit`."""
    ids = [scope.order_by().values("pk") for scope in scopes]
    if connections[scopes[0].db].features.supports_slicing_ordering_in_compound:
        ids = [part[:limit + 1] for part in ids]
    n = (ids[0] if len(ids) == 1 else ids[0].union(*ids[1:]))[:limit + 1].count()
    return (n, True) if n <= limit else (limit, False)


def api_union_window(request, keyset, scopes, fetch, default, maximum):
    """`paging.window_of` for a list of several scopes: after the client's `cursor`, or page `page`
    of v1's numbered pages as far as COUNT_LIMIT rows; 404 past the end."""
    return paging.read_window(request, lambda size, **at: union_window(keyset, scopes, size, fetch, **at),
                              default, maximum)


def page_union_window(request, keyset, scopes, fetch, per_page):
    """`paging.page_window` for a list of several scopes: a forged cursor is a 400 page."""
    try:
        return union_window(keyset, scopes, per_page, fetch, cursor=request.GET.get("cursor") or None)
    except InvalidInput as error:
        raise BadRequest(_("Deze cursor hoort niet bij deze lijst.")) from error
