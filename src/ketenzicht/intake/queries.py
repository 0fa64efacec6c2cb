"""Read-side queries on signals, always starting from what the policy lets the user see."""
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from ketenzicht.privacy import policy

STATUS_FILTERS = {"open": {"is_open": True}, "closed": {"is_open": False}, "all": {}}


def inbox(user, status="open"):
    """Signals for this user, acute, urgent, overdue and new first, then newest first."""
    now = timezone.now()
    flag = {"default": Value(0), "output_field": IntegerField()}
    return (
        policy.signals_visible_to(user)
        .filter(**STATUS_FILTERS.get(status, STATUS_FILTERS["open"]))
        .select_related("lead_municipality")
        .annotate(
            urgent_flag=Case(When(urgency="urgent", then=Value(1)), **flag),
            overdue_flag=Case(When(is_open=True, deadline_at__lt=now, then=Value(1)), **flag),
            new_flag=Case(When(first_seen_at__isnull=True, then=Value(1)), **flag),
        )
        .order_by("-is_acute", "-urgent_flag", "-overdue_flag", "-new_flag", "-received_at")
    )
