"""CSV downloads, streamed, safe to open in a spreadsheet."""
import csv

# What a spreadsheet takes as the start of a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula(text: str) -> bool:
    """Would a spreadsheet run this text as a formula? (Imports refuse such a cell, exports quote it.)"""
    return text[:1] in FORMULA_STARTS


def safe_cell(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote (CSV injection).
    Numbers pass as they are (a negative number is not a formula)."""
    if isinstance(value, (int, float)):
        return value
    value = str(value)
    return "'" + value if is_formula(value) else value


class _Echo:
    def write(self, value):
        return value


def lines(rows, delimiter=","):
    """Each row (an iterable of values) as one CSV line, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])
