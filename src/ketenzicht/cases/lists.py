"""The case list (/casussen) a page at a time, whatever the user's scope holds (issue 17).

A liaison sees the cases of their municipalities and the cases their organisations own tracks of;
for a liaison of 60 municipalities that is a third of the country's cases, and reading them
through the cases table (`pk IN (…)` per scope) scanned it whole, twice with the count. Here those
two scopes are read from the copies of the list's keys that CaseMunicipality and Track carry
(models.sync_list_keys): per municipality and per organisation one range of an index in the list's
order, cut to the page (PostgreSQL reads them in one query, a LATERAL join over the ids, as the
inbox does). The other scopes (the chair's tables, invitations, consultations) are read as before
(lib/keyset_union.py). Only the page's keys are merged here; the page's cases are fetched by id.
The count stops at COUNT_LIMIT, each part counted from its index as far as that.

SQLite has no LATERAL and cannot cut the parts of a compound query: there each part is one query
over all the ids (the embedded database holds a region, not the country).
"""
import datetime

from django.db import connections

from ketenzicht.lib import keyset

from . import access, queries
from .models import CaseMunicipality, Track

# The same order as queries.CASE_LIST, over the copies (the last key is the case).
COPIES = {
    CaseMunicipality: ("municipality_id", keyset.Keyset("cases", "-is_acute", "deadline_key", "-opened_at", "case_id")),
    Track: ("owner_id", keyset.Keyset("cases", "-case_is_acute", "case_deadline_key", "-case_opened_at", "case_id")),
}
OPEN_FIELD = {CaseMunicipality: "is_open", Track: "case_is_open"}
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _sort_key(row):
    """A row's place in queries.CASE_LIST (acute first, nearest deadline, newest, id)."""
    is_acute, deadline, opened, case_id = row
    return (not is_acute, deadline, -((opened - _EPOCH) // _MICROSECOND), case_id)


def _parts(user, status):
    """(case scopes, copy parts): the scopes read through the cases table, and (model, ids) of the
    copies to read per municipality and per organisation."""
    filters = queries.STATUS_FILTERS[status]
    copies = []
    municipality_ids = access.handled_municipalities(user)
    if municipality_ids:
        copies.append((CaseMunicipality, municipality_ids))
    organisations = sorted(access.track_organisations(user))
    if organisations:
        copies.append((Track, organisations))
    scopes = [scope.annotate(deadline_key=queries.DEADLINE_KEY)
              for scope in access.case_list_scopes(user, **filters)]
    return scopes, copies, filters


def _copied(model, filters):
    """The copies of one kind, as filtered by the case's state."""
    qs = model.objects.all()
    if "is_open" in filters:
        qs = qs.filter(**{OPEN_FIELD[model]: filters["is_open"]})
    return qs


def _copy_keys(model, ids, filters, values, backward, cut):
    """The list keys of the first `cut` rows after `values` (before, backward) per id, as tuples."""
    column, order = COPIES[model]
    part = _copied(model, filters)
    if values is not None:
        part = part.filter(order.beyond(values, backward))
    # Distinct: an organisation may own several tracks of one case, each carrying the case's keys.
    if connections[part.db].vendor != "postgresql":
        return list(order.order(part.filter(**{f"{column}__in": ids}), backward).values_list(*order.fields)
                    .distinct()[:cut])
    part = order.order(part.extra(where=[f"{model._meta.db_table}.{column} = m.id"]),  # nosec B610: our own names
                       backward).values_list(*order.fields).distinct()[:cut]
    sql, params = part.query.sql_with_params()
    # The times as microseconds since 1970: turning some thousands of timestamps into datetimes in
    # the driver cost more than the query (parsing text with a time zone); here they are made by
    # addition.
    micros = "(extract(epoch from r.{})*1000000)::bigint"
    with connections[part.db].cursor() as cursor:
        cursor.execute(f"select r.a, {micros.format('d')}, {micros.format('o')}, r.c "  # nosec B608: the ORM compiled the query, values are parameters
                       f"from unnest(%s::bigint[]) as m(id) cross join lateral ({sql}) r(a, d, o, c)",
                       [list(ids), *params])
        return [(a, _EPOCH + d * _MICROSECOND, _EPOCH + o * _MICROSECOND, c) for a, d, o, c in cursor.fetchall()]


def _scope_keys(scopes, values, backward, cut):
    """The list keys of the first `cut` rows of each case scope after `values`, as tuples."""
    order = queries.CASE_LIST
    found = []
    for scope in scopes:
        part = scope if values is None else scope.filter(order.beyond(values, backward))
        found += list(order.order(part, backward).values_list(*order.fields)[:cut])
    return found


def _count(scopes, copies, filters, limit=keyset.COUNT_LIMIT):
    """(count, exact) of the distinct cases of every part, counted no further than `limit`."""
    parts = [scope.order_by().values_list("pk") for scope in scopes]
    parts += [_copied(model, filters).filter(**{f"{COPIES[model][0]}__in": ids}).order_by().values_list("case_id")
              for model, ids in copies]
    if connections[parts[0].db].features.supports_slicing_ordering_in_compound:
        parts = [part[:limit + 1] for part in parts]
    n = (parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0].distinct())[:limit + 1].count()
    return (n, True) if n <= limit else (limit, False)


def case_window(user, status="open", size=25, cursor=None, offset=0):
    """One page of the user's cases in the case list's order: a Window of cases (with the running
    tracks' summary added by the caller), after `cursor` (a forged one raises InvalidInput naming
    `cursor`) or `offset` rows in; the count stops at COUNT_LIMIT. The same queries at any page size."""
    order = queries.CASE_LIST
    direction, values = order.read(cursor) if cursor else (keyset.FORWARD, None)
    backward = direction == keyset.BACKWARD
    scopes, copies, filters = _parts(user, status)
    if not scopes and not copies:
        return keyset.Window([], count=0)
    cut = offset + size + 1
    rows = {row[-1]: row for row in _scope_keys(scopes, values, backward, cut)}
    for model, ids in copies:
        rows.update({row[-1]: row for row in _copy_keys(model, ids, filters, values, backward, cut)})
    keys = sorted(rows.values(), key=_sort_key, reverse=backward)[offset:cut]
    keys = [dict(zip(order.fields, row, strict=True)) for row in keys]
    window = order.assemble(keys, size, values, backward, offset)
    found = queries.cases_by_id([row["id"] for row in window.rows])
    window.rows = [found[row["id"]] for row in window.rows if row["id"] in found]
    window.count, window.count_is_exact = _count(scopes, copies, filters)
    return window

