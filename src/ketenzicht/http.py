"""Small helpers for reading request input."""


def int_or_none(value):
    """An integer from a form or query value, or None when it is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
