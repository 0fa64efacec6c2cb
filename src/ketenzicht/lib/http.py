"""Small helpers for reading request input."""
import uuid
from datetime import date

# The range of a database id (a signed 64-bit integer): a larger number names nothing, and the
# database drivers refuse to send it (OverflowError) rather than find nothing.
ID_RANGE = range(-(2 ** 63), 2 ** 63)


def int_or_none(value):
    """An integer from a form or query value, or None when it is not one (or none a database holds)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number in ID_RANGE else None


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
