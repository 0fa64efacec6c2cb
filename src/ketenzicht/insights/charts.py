"""Charts as inline SVG, drawn on the server from a published table.

No chart library and no JavaScript: the SVG is a picture of the table printed beside it (which
screen readers read), it works without scripts, prints, and shows hidden counts as hidden.
"""
import json
from functools import lru_cache
from math import cos, radians
from pathlib import Path

from django.utils.html import format_html, mark_safe
from django.utils.translation import gettext as _

from .tables import COUNT

BOUNDARIES = Path(__file__).parent / "data" / "gemeenten-2025.topojson"
# To be shown wherever the map is (CC BY 4.0; see data/gemeenten-2025.SOURCE.md).
ATTRIBUTION = "Bron: CBS en Kadaster (PDOK), gebiedsindelingen 2025, CC BY 4.0"
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
def boundaries():
    """Every municipality's rings, {CBS code: [[(x, y), ...], ...]}, decoded once from the bundled
    TopoJSON (quantised, delta-encoded arcs; WGS84) and projected simply: longitude shrunk by the
    cosine of the country's mid-latitude, latitude flipped for SVG (y grows downwards)."""
    topology = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    shrink = cos(radians(52.2))
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(((x * sx + tx) * shrink, -(y * sy + ty)))
        arcs.append(points)

    def ring(indices):
        points = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += part if not points else part[1:]
        return points

    shapes = {}
    for geometry in topology["objects"]["gemeente_2025"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes[geometry["properties"]["statcode"]] = [ring(r) for polygon in polygons for r in polygon]
    return shapes


def _path(rings, origin, scale):
    return " ".join("M" + " L".join(f"{(x - origin[0]) * scale:.1f},{(y - origin[1]) * scale:.1f}" for x, y in r) + "Z"
                    for r in rings)


def choropleth(published, key):
    """The municipalities of the table drawn from their boundaries (CBS/PDOK 2025), shaded by the
    column drawn (five classes of equal width from the lowest to the highest value shown), hidden
    values hatched; a legend with the unit and the source beside it. The table is printed next to it."""
    index = _value_column(published, key)
    column = published.table.columns[index]
    shapes = boundaries()
    placed = [(row, cells[index], shapes[row.key]) for row, cells in published.rows if row.key in shapes]
    if not placed:
        return ""
    xs = [x for _r, _c, rings in placed for ring in rings for x, _y in ring]
    ys = [y for _r, _c, rings in placed for ring in rings for _x, y in ring]
    width = 520
    scale = width / max(max(xs) - min(xs), 1e-9)
    height = (max(ys) - min(ys)) * scale
    known = [c.value for _r, c, _s in placed if isinstance(c.value, (int, float))]
    low, high = (min(known), max(known)) if known else (0, 0)
    step = (high - low) / len(SHADES) or 1
    parts = [format_html('<defs><pattern id="hatch-{}" width="6" height="6" patternUnits="userSpaceOnUse" '
                         'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f0f0f0"></rect>'
                         '<line x1="0" y1="0" x2="0" y2="6" stroke="#6b6b6b" stroke-width="2"></line></pattern></defs>',
                         published.table.key)]
    for row, cell, rings in placed:
        if isinstance(cell.value, (int, float)):
            fill = SHADES[min(int((cell.value - low) / step), len(SHADES) - 1)]
        else:
            fill = f"url(#hatch-{published.table.key})"
        parts.append(format_html('<path d="{}" fill="{}" stroke="#ffffff" stroke-width="1"><title>{}: {}</title></path>',
                                 _path(rings, (min(xs), min(ys)), scale), fill, row.label, cell.text))
    legend_y = height + 24
    parts.append(format_html('<text x="0" y="{}" class="kz-chart__label">{}</text>', _n(legend_y), column.label))
    for i, shade in enumerate(SHADES):
        start, end = low + i * step, low + (i + 1) * step
        parts.append(format_html('<rect x="{}" y="{}" width="18" height="14" fill="{}" stroke="#6b6b6b"></rect>'
                                 '<text x="{}" y="{}" class="kz-chart__tick">{}</text>',
                                 i * 100, _n(legend_y + 8), shade, i * 100 + 22, _n(legend_y + 20),
                                 f"{start:.1f}–{end:.1f}".replace(".", ",")))
    parts.append(format_html('<rect x="0" y="{}" width="18" height="14" fill="url(#hatch-{})" stroke="#6b6b6b"></rect>'
                             '<text x="22" y="{}" class="kz-chart__tick">{}</text>'
                             '<text x="0" y="{}" class="kz-chart__tick">{}</text>',
                             _n(legend_y + 30), published.table.key, _n(legend_y + 42),
                             _("verborgen (klein aantal of onderdrukt)"), _n(legend_y + 62), ATTRIBUTION))
    return _svg(width, _n(legend_y + 70), f"map-{published.table.key}", published.table.title,
                mark_safe("".join(parts)))  # nosec B703 B308: every part built with format_html


def draw(published):
    kind = published.table.chart
    if kind == "bars":
        return bars(published, published.table.chart_column)
    if kind == "columns":
        return columns(published)
    if kind == "map":
        return choropleth(published, published.table.chart_column)
    return ""
