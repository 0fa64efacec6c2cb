"""Read-side queries on signals, always starting from what the policy lets the user see."""
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone

from ketenzicht.route.models import RouteDefinition

from . import access
from .models import Signal, Urgency

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}, "overdue": {"is_open": True}}
# Acute, urgent, overdue and new first, then newest first.
INBOX_ORDER = ("-is_acute", "-urgent_flag", "-overdue_flag", "-new_flag", "-received_at", "signal_ref")


def _flag(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _narrowed(qs, ref, narrow):
    """A scope narrowed to one municipality and a period of receipt (the lists behind figures)."""
    if not narrow:
        return qs
    if narrow.get("municipality_id"):
        field = "municipality_id" if ref == "signal_id" else "municipality_links__municipality_id"
        qs = qs.filter(**{field: narrow["municipality_id"]})
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
            new_flag=_flag(Q(first_seen_at__isnull=True)),
        ).order_by().values_list("signal_ref", "is_acute", "urgent_flag", "overdue_flag", "new_flag", "received_at")
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
    paginator = Paginator(combined.order_by(*INBOX_ORDER), per_page)
    page = paginator.page(page_number) if strict else paginator.get_page(page_number)
    rows = list(page.object_list)
    signals = Signal.objects.select_related("lead_municipality", "route", "reporter_organisation").defer(
        RouteDefinition.LIGHT).in_bulk(
        [row[0] for row in rows])
    page.object_list = [signals[row[0]] for row in rows if row[0] in signals]
    return page
