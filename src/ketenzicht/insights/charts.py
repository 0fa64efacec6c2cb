"""Charts as inline SVG, drawn on the server from a published table.

No chart library and no JavaScript: the SVG is a picture of the table printed beside it (which
screen readers read), it works without scripts, prints, and shows hidden counts as hidden.
"""
import csv
from functools import lru_cache
from pathlib import Path

from django.utils.html import format_html, mark_safe

from .tables import COUNT

TILES = Path(__file__).parent / "data" / "tiles.csv"
# Five blues from light to dark (contrast of the text on them is checked by axe in the browser tests).
SHADES = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]
HIDDEN = "#d9d9d9"


def _value_column(published, key):
    columns = published.table.columns
    if key:
        return next(i for i, c in enumerate(columns) if c.key == key)
    return next(i for i, c in enumerate(columns) if c.kind == COUNT)


def _svg(width, height, title_id, title, body):
    return format_html('<svg class="kz-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="{}">'
                       '<title id="{}">{}</title>{}</svg>', width, height, title_id, title_id, title, body)


def bars(published, key=None):
    """Horizontal bars, one per row."""
    index = _value_column(published, key)
    rows = [(row.label, cells[index]) for row, cells in published.rows]
    top = max([c.value for _l, c in rows if isinstance(c.value, (int, float))] + [1])
    height, label_width, width = 22, 230, 640
    parts = []
    for i, (label, cell) in enumerate(rows):
        y = i * height
        share = (cell.value or 0) / top if isinstance(cell.value, (int, float)) and cell.value > 0 else 0
        length = max(share * (width - label_width - 60), 0)
        fill = HIDDEN if cell.hidden else SHADES[3]
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" class="kz-chart__label">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
            '<text x="{}" y="{}" class="kz-chart__value">{}</text>',
            label_width - 6, y + 15, str(label)[:38], label_width, y + 3, _n(length), height - 6, fill,
            _n(label_width + length + 4), y + 15, cell.text))
    return _svg(width, max(len(rows), 1) * height, f"chart-{published.table.key}", published.table.title,
                mark_safe("".join(parts)))  # nosec B703 B308: every part built with format_html


def columns(published):
    """Vertical columns of each row's total (months, quarters)."""
    rows = list(published.rows)
    values = [(row.label, cells[-1]) for row, cells in rows]
    top = max([c.value for _l, c in values if isinstance(c.value, (int, float))] + [1])
    width, height, base = 640, 200, 170
    step = width / max(len(values), 1)
    parts = []
    for i, (label, cell) in enumerate(values):
        h = ((cell.value or 0) / top) * (base - 20) if isinstance(cell.value, (int, float)) else 0
        x = i * step
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
            _n(x + step * 0.15), _n(base - h), _n(step * 0.7), _n(h), HIDDEN if cell.hidden else SHADES[3], label,
            cell.text))
        if len(values) <= 24 or i % 3 == 0:
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="kz-chart__tick">{}</text>',
                                     _n(x + step / 2), base + 16, _short(label)))
    return _svg(width, height, f"chart-{published.table.key}", published.table.title, mark_safe("".join(parts)))  # nosec B703 B308


def _n(number):
    return f"{number:.1f}"


def _short(label):
    words = str(label).split()
    return f"{words[0][:3]} {words[-1][-2:]}" if len(words) == 2 and not words[0].startswith("Q") else str(label)


@lru_cache
def tiles():
    with open(TILES, newline="", encoding="utf-8") as handle:
        return {row["cbs_code"]: (int(row["col"]), int(row["row"])) for row in csv.DictReader(handle)}


def tile_map(published, key):
    """Each municipality a square, placed as on the map of the region, darker for a higher value.

    A schematic (tile) map: every municipality the same size, so a small one is as visible as a
    large one. Municipalities without a place in `data/tiles.csv` appear in the table only."""
    index = _value_column(published, key)
    placed = [(row, cells[index], tiles()[row.key]) for row, cells in published.rows if row.key in tiles()]
    if not placed:
        return ""
    known = sorted(c.value for _r, c, _t in placed if isinstance(c.value, (int, float)))
    size, gap = 96, 6
    width = (max(t[0] for _r, _c, t in placed) + 1) * (size + gap)
    height = (max(t[1] for _r, _c, t in placed) + 1) * (size + gap)
    parts = []
    for row, cell, (col, line) in placed:
        shade = HIDDEN if not isinstance(cell.value, (int, float)) else SHADES[_rank(cell.value, known)]
        ink = "#ffffff" if shade in SHADES[2:] else "#000000"
        x, y = col * (size + gap), line * (size + gap)
        parts.append(format_html(
            '<g><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}"></rect>'
            '<text x="{}" y="{}" text-anchor="middle" fill="{}" class="kz-chart__tile">{}</text>'
            '<text x="{}" y="{}" text-anchor="middle" fill="{}" class="kz-chart__tile-value">{}</text></g>',
            x, y, size, size, shade, x + size / 2, y + 40, ink, str(row.label)[:13], x + size / 2, y + 64, ink,
            cell.text))
    return _svg(width, height, f"map-{published.table.key}", published.table.title,
                mark_safe("".join(parts)))  # nosec B703 B308


def _rank(value, known):
    if len(known) < 2 or known[-1] == known[0]:
        return 2
    position = sum(v < value for v in known) / (len(known) - 1)
    return min(int(position * len(SHADES)), len(SHADES) - 1)


def draw(published):
    kind = published.table.chart
    if kind == "bars":
        return bars(published, published.table.chart_column)
    if kind == "columns":
        return columns(published)
    if kind == "map":
        return tile_map(published, published.table.chart_column)
    return ""
