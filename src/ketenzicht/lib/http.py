"""Small helpers for reading request input."""
import uuid
from datetime import date


def int_or_none(value):
    """An integer from a form or query value, or None when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def uuid_or_none(value):
    """A UUID from a form or query value, or None when it is not one."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def parse_date_or_none(value):
    """A date from YYYY-MM-DD, or None when it is not one."""
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
