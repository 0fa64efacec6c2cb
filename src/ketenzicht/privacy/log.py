"""Reading and reviewing the access log: the privacy officer's work, with no case content."""
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ketenzicht.lib import csvexport, keyset

from . import access, audit, words
from .forms import CATEGORIES
from .models import EmergencyAccess

CSV_COLUMNS = ["tijdstip", "gebruiker", "actie", "soort", "record", "reden", "regio", "gemarkeerd",
               "beoordeeld_op", "beoordeeld_door", "oordeel"]

def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))

# The log newest first, read a page after the last entry shown (lib/keyset.py).
ORDER = keyset.Keyset("access-log", "-at", "-id")


def entries(user, filters):
    """The log entries this user may read, narrowed by the (cleaned) filter form."""
    qs = access.access_log_visible_to(user).select_related("user", "reviewed_by", "region")
    if filters.get("username"):
        qs = qs.filter(user__username__icontains=filters["username"])
    if filters.get("category"):
        qs = qs.filter(action__in=CATEGORIES[filters["category"]])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"].strip())
    reference = (filters.get("object_id") or "").strip().lower()
    if reference:
        qs = qs.filter(object_id__startswith=reference) if len(reference) == 8 else qs.filter(object_id=reference)
    if filters.get("since"):
        qs = qs.filter(at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        qs = qs.filter(at__lt=_day_start(filters["until"] + timedelta(days=1)))
    if filters.get("flagged"):
        qs = qs.filter(flagged=True)
    if filters.get("unreviewed"):
        qs = qs.filter(flagged=True, reviewed_at__isnull=True)
    return qs

def with_stated_reasons(page_entries):
    """Attach to each break-the-glass entry the reason its user gave (kept encrypted on the grant),
    and to every entry its action, kind of record and coded reason in words."""
    page_entries = list(page_entries)
    ids = [e.detail.get("grant") for e in page_entries if e.action == "break_glass"]
    reasons = {g.pk: g.reason for g in EmergencyAccess.objects.filter(pk__in=[i for i in ids if i])}
    for entry in page_entries:
        entry.stated_reason = reasons.get(entry.detail.get("grant"), "")
        entry.action_label = words.action_label(entry.action)
        entry.object_label = words.object_label(entry.object_type)
        entry.reason_label = words.reason_label(entry.reason)
    return page_entries


@transaction.atomic
def review(user, entry_id, note):
    entry = access.access_log_visible_to(user).select_for_update().filter(pk=entry_id, flagged=True).first()
    if entry is None or entry.user_id == user.pk:  # nobody reviews her own traces
        raise PermissionDenied("review")
    entry.reviewed_at, entry.reviewed_by, entry.review_note = timezone.now(), user, note
    entry.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit.record(user, "review", "accesslog", entry.pk, region=entry.region_id)
    return entry

def csv_lines(queryset):
    """The export, streamed: one line per entry, newest first."""
    def rows():
        yield CSV_COLUMNS
        for e in queryset.iterator(chunk_size=2000):
            yield [timezone.localtime(e.at).isoformat(timespec="seconds"), e.user.username if e.user else "",
                   e.action, e.object_type, e.object_id, e.reason, e.region.name if e.region else "", int(e.flagged),
                   timezone.localtime(e.reviewed_at).isoformat(timespec="seconds") if e.reviewed_at else "",
                   e.reviewed_by.username if e.reviewed_by else "", e.review_note]
    return csvexport.lines(rows())
