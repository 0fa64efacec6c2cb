"""Read-side queries on signals, always starting from what the policy lets the user see."""
import functools
import operator
import uuid

from django.db import connections
from django.utils import timezone

from ketenzicht.lib import keyset
from ketenzicht.route.models import RouteDefinition

from . import access
from .models import Signal, SignalMunicipality

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}, "overdue": {"is_open": True}}
# Acute and urgent first, then what nobody has opened yet (a citizen's report of today is not
# drowned by signals someone already looks at), then the nearest deadline (the overdue ones lead),
# then newest first: SignalMunicipality.inbox_rank.
# Free text is encrypted: it cannot be searched in SQL. A text search decrypts the descriptions and
# locations of at most this many signals of the list as filtered, in inbox order, and says so.
TEXT_SEARCH_LIMIT = 500


def reference_range(text):
    """The ids a reference stands for, as (lowest, highest) UUID: a reference is the first 8 hex
    digits of the id (a whole id also works). None when the text is no reference."""
    reference = text.strip().replace("-", "").lower()
    if len(reference) not in (8, 32) or any(c not in "0123456789abcdef" for c in reference):
        return None
    return uuid.UUID(reference.ljust(32, "0")), uuid.UUID(reference.ljust(32, "f"))


def _narrowed(qs, ref, narrow):
    """A scope narrowed to one municipality and a period of receipt (the lists behind figures)."""
    if not narrow:
        return qs
    via = "signal__" if ref == "signal_id" else ""  # a link row reaches the signal's own fields
    if narrow.get("municipality_id"):
        field = "municipality_id" if ref == "signal_id" else "municipality_links__municipality_id"
        qs = qs.filter(**{field: narrow["municipality_id"]})
    if narrow.get("reference"):  # the first 8 hex digits of the id: a range of the primary key
        low, high = narrow["reference"]
        qs = qs.filter(**{f"{ref}__gte": low, f"{ref}__lte": high})
    if narrow.get("acute"):
        qs = qs.filter(is_acute=True)
    if narrow.get("unseen"):
        qs = qs.filter(first_seen_at__isnull=True)
    if narrow.get("stage"):
        qs = qs.filter(**{f"{via}stage": narrow["stage"]})
    if narrow.get("form"):
        qs = qs.filter(**{f"{via}exploitation_forms": narrow["form"]})
    if narrow.get("minor"):
        qs = qs.filter(**{f"{via}persons__is_minor": True}).distinct()
    if narrow.get("start"):
        qs = qs.filter(received_at__gte=narrow["start"])
    if narrow.get("end"):
        qs = qs.filter(received_at__lt=narrow["end"])
    return qs


# The inbox's keyset: the rank the links carry (acute, urgent, new, nearest deadline, newest), then
# the signal. A cursor is the rank and id of the row at a page's edge.
INBOX = keyset.Keyset("inbox", "inbox_rank", "signal_id")


def _parts(user, status, narrow):
    """(municipality ids, parts): the link querysets whose union is the inbox as filtered, one per
    state of being open, each read in the order of the rank index. The first parts (one per state)
    are to be read for each of the municipalities; the others (own reports, grants) as they are."""
    states = [True, False] if status == "all" else [status != "closed"]
    now = timezone.now()
    ids, others = access.inbox_scopes(user)

    def filtered(scope, is_open):
        part = _narrowed(scope, "signal_id", narrow).filter(is_open=is_open)
        return part.filter(deadline_at__lt=now) if status == "overdue" else part

    municipal = [filtered(SignalMunicipality.objects.all(), is_open) for is_open in states] if ids else []
    return ids, municipal, [filtered(scope, is_open) for scope in others for is_open in states]


def _keys(ids, municipal, others, size, values=None, backward=False, offset=0):
    """The rank and signal of the `offset + size + 1` first rows after `values` (before, backward)
    of the union of the parts, in inbox order, without duplicates.

    PostgreSQL reads each municipality's range of the rank index cut to the page, in one query
    (a LATERAL join over the ids), and each other part the same way, then keeps the first of them
    all: the cost is the page's times the number of parts, whatever the parts hold. SQLite has no
    LATERAL and cannot cut the parts of a compound query: there the parts are one query with OR
    (the embedded database holds a region, not the country)."""
    cut = offset + size + 1

    def after(part):
        return part if values is None else part.filter(INBOX.beyond(values, backward))

    if connections[SignalMunicipality.objects.db].vendor != "postgresql":
        parts = [after(part.filter(municipality_id__in=ids)) for part in municipal] + [after(p) for p in others]
        merged = functools.reduce(operator.or_, parts).values(*INBOX.fields).distinct()
        return list(INBOX.order(merged, backward)[offset:cut])
    rows = set()
    for part in municipal:
        rows.update(_lateral(INBOX.order(after(part).extra(where=[f"{SM_TABLE}.municipality_id = m.id"]).values_list(  # nosec B610: a fixed column name, no input
            *INBOX.fields), backward)[:cut], ids))
    if others:
        cut_parts = [INBOX.order(after(part).values_list(*INBOX.fields), backward)[:cut] for part in others]
        rows.update(cut_parts[0].union(*cut_parts[1:]) if len(cut_parts) > 1 else cut_parts[0])
    ordered = sorted(rows, reverse=backward)
    return [dict(zip(INBOX.fields, row, strict=True)) for row in ordered[offset:cut]]


SM_TABLE = SignalMunicipality._meta.db_table


def _lateral(part, ids):
    """The rows of `part` (ordered and cut, its municipality given as `m.id`) for each municipality."""
    sql, params = part.query.sql_with_params()
    with connections[part.db].cursor() as cursor:
        cursor.execute(f"select r.* from unnest(%s::bigint[]) as m(id) cross join lateral ({sql}) r",  # nosec B608: the ORM compiled the query, values are parameters
                       [list(ids), *params])
        return cursor.fetchall()


def _count(ids, municipal, others, limit=keyset.COUNT_LIMIT):
    """(count, exact) of the signals of the union, counted no further than `limit`: the links are
    counted up to the limit first (a signal of two of the user's municipalities has two), and only
    when they are within it are the distinct signals counted."""
    parts = [part.filter(municipality_id__in=ids) for part in municipal] + others
    cut = connections[parts[0].db].features.supports_slicing_ordering_in_compound
    found = [part.order_by().values("signal_id") for part in parts]
    if cut:
        found = [part[:limit + 1] for part in found]
    links = (found[0].union(*found[1:], all=True) if len(found) > 1 else found[0])[:limit + 1].count()
    if links > limit:
        return limit, False
    return (found[0].union(*found[1:]) if len(found) > 1 else found[0].distinct()).count(), True


def inbox_page(user, status="open", size=25, cursor=None, offset=0, narrow=None):
    """One page of the user's inbox: a `Window` (lib/keyset.py) of signals in inbox order, after
    `cursor` (a forged one raises InvalidInput naming `cursor`) or `offset` rows in.

    `narrow` (municipality_id, start, end, filters, text) limits the list: to what a figure counted,
    or what the liaison searched. The cost is the page's, whatever the scope holds: each scope is
    one range of an index read after the cursor, and the count stops at COUNT_LIMIT.
    """
    direction, values = INBOX.read(cursor) if cursor else (keyset.FORWARD, None)
    backward = direction == keyset.BACKWARD
    ids, municipal, others = _parts(user, status, narrow)
    if not municipal and not others:
        return keyset.Window([], count=0)
    text = (narrow or {}).get("text")
    if text:
        found = _matching_text(_keys(ids, municipal, others, TEXT_SEARCH_LIMIT - 1), text)
        window = INBOX.window_of_rows(found, size, values, backward, offset)
    else:
        window = INBOX.assemble(_keys(ids, municipal, others, size, values, backward, offset), size, values, backward,
                                offset)
        window.count, window.count_is_exact = _count(ids, municipal, others)
    signals = Signal.objects.select_related("lead_municipality", "route", "reporter_organisation").defer(
        RouteDefinition.LIGHT).in_bulk([row["signal_id"] for row in window.rows])
    window.rows = [signals[row["signal_id"]] for row in window.rows if row["signal_id"] in signals]
    return window


def _matching_text(rows, text):
    """The rows whose signal's description or location holds the text (any case), decrypted here."""
    needle = text.casefold()
    texts = Signal.objects.filter(pk__in=[row["signal_id"] for row in rows]).only("description", "location").in_bulk()
    return [row for row in rows if (found := texts.get(row["signal_id"]))
            and (needle in found.description.casefold() or needle in found.location.casefold())]
