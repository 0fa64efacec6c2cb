"""Writing the access log. Everything that reads or changes personal data calls `record`."""
from .models import AccessLog


def record(user, action, object_type, object_id="", reason="", request=None, **detail):
    """Log one access. No personal content goes in: only ids, the action and the reason."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    AccessLog.objects.create(
        user=user, action=action, object_type=object_type, object_id=str(object_id)[:150],
        reason=reason[:300], detail=detail,
    )


def record_list(user, object_type, ids, **detail):
    """Log that a list of records was shown, in one row for the whole page."""
    record(user, "list", object_type, "", ids=[str(i) for i in ids], **detail)
