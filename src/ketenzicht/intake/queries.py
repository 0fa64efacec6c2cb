"""Read-side queries on signals, always starting from what the policy lets the user see."""
import uuid
from datetime import datetime
from datetime import timezone as dt_timezone

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ketenzicht.route.models import RouteDefinition

from . import access
from .models import Signal, Urgency

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}, "overdue": {"is_open": True}}
# Acute and urgent first, then what nobody has opened yet (a citizen's report of today is not
# drowned by signals someone already looks at), then the nearest deadline (the overdue ones lead),
# then newest first.
INBOX_ORDER = ("-is_acute", "-urgent_flag", "-new_flag", "deadline_key", "-received_at", "signal_ref")
NO_DEADLINE = datetime(9999, 1, 1, tzinfo=dt_timezone.utc)
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


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


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


def _inbox_keys(querysets, status, urgent, narrow=None):
    """Reduce each scope queryset to the inbox sort keys, so the page is sorted without the signals."""
    now = timezone.now()
    return [
        _narrowed(qs, ref, narrow).filter(**STATUS_FILTERS[status]).filter(
            **({"deadline_at__lt": now} if status == "overdue" else {})).annotate(
            signal_ref=F(ref), urgent_flag=_flag(urgent[index]),
            overdue_flag=_flag(Q(is_open=True, deadline_at__lt=now)),
            new_flag=_flag(Q(first_seen_at__isnull=True)), deadline_key=Coalesce("deadline_at", Value(NO_DEADLINE)),
        ).order_by().values_list("signal_ref", "is_acute", "urgent_flag", "overdue_flag", "new_flag", "deadline_key",
                                 "received_at")
        for index, (qs, ref) in enumerate(querysets)
    ]


def inbox_page(user, status="open", page_number=1, per_page=25, strict=False, narrow=None):
    """One page of the user's inbox: a Django `Page` whose items are signals in inbox order.

    `narrow` (municipality_id, start, end) limits the list to what a figure counted.
    `strict` raises `InvalidPage` for a page that does not exist (the API's answer) instead of
    showing the nearest one (the page's answer).

    The policy gives the scope as sort-key rows (its municipalities' links, its own reports);
    those are ordered and counted on their own, then only the page's signals are fetched.
    """
    scopes = access.signal_scopes(user)
    if not scopes:
        return Paginator([], per_page).get_page(1)
    urgent = [Q(is_urgent=True) if ref == "signal_id" else Q(urgency=Urgency.URGENT) for _qs, ref in scopes]
    keys = _inbox_keys(scopes, status, urgent, narrow)
    combined = keys[0].union(*keys[1:]) if len(keys) > 1 else keys[0].distinct()
    ordered = combined.order_by(*INBOX_ORDER)
    text = (narrow or {}).get("text")
    if text:
        ordered = _matching_text(list(ordered[:TEXT_SEARCH_LIMIT]), text)
    paginator = Paginator(ordered, per_page)
    page = paginator.page(page_number) if strict else paginator.get_page(page_number)
    rows = list(page.object_list)
    signals = Signal.objects.select_related("lead_municipality", "route", "reporter_organisation").defer(
        RouteDefinition.LIGHT).in_bulk(
        [row[0] for row in rows])
    page.object_list = [signals[row[0]] for row in rows if row[0] in signals]
    return page


def _matching_text(rows, text):
    """The rows whose signal's description or location holds the text (any case), decrypted here."""
    needle = text.casefold()
    texts = Signal.objects.filter(pk__in=[row[0] for row in rows]).only("description", "location").in_bulk()
    return [row for row in rows if row[0] in texts
            and (needle in texts[row[0]].description.casefold() or needle in texts[row[0]].location.casefold())]
