"""CSV downloads, streamed, safe to open in a spreadsheet."""
import csv


def safe_cell(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote (CSV injection).
    Numbers pass as they are (a negative number is not a formula)."""
    if isinstance(value, (int, float)):
        return value
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class _Echo:
    def write(self, value):
        return value


def lines(rows, delimiter=","):
    """Each row (an iterable of values) as one CSV line, for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([safe_cell(v) for v in row])
