"""Writing the access log. Everything that reads or changes personal data calls `record`."""
from .models import AccessLog


def _region_of(user):
    regions = sorted(user.region_ids()) if user is not None else []
    return regions[0] if regions else None


def record(user, action, object_type, object_id="", reason="", request=None, region=None, flagged=False, **detail):
    """Log one access. No personal content goes in: only ids, the action and the reason.

    `region` is whose privacy officer reviews the entry: the record's region, else the user's.
    `flagged` marks what needs review (break-the-glass access).
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    AccessLog.objects.create(
        user=user, action=action, object_type=object_type, object_id=str(object_id)[:150],
        reason=reason[:300], region_id=region if region is not None else _region_of(user), flagged=flagged,
        detail=detail,
    )


def record_event(sender, signal, **event):
    """Accounts' events (sign-in, grants, admin changes), announced by `accounts.signals.audit`."""
    record(**event)


def record_signal(user, action, signal, **kwargs):
    """Log an access to one signal, in the signal's region."""
    record(user, action, "signal", signal.pk, region=signal.region_id, **kwargs)


def record_list(user, object_type, ids, **detail):
    """Log that a list of records was shown, in one row for the whole page."""
    record(user, "list", object_type, "", ids=[str(i) for i in ids], **detail)
