"""Charts as inline SVG, drawn on the server from a published table.

No chart library and no JavaScript: the SVG is a picture of the table printed beside it (which
screen readers read), it works without scripts, prints, goes into the PDF as it is, and shows hidden
counts as hidden: no bar, and the table's own mark ("<5", "·") where the bar would be.
"""
import json
from functools import lru_cache
from math import cos, radians

from django.utils.formats import number_format
from django.utils.html import escape, format_html, mark_safe
from django.utils.translation import gettext as _

from ketenzicht.regions.cbs import ATTRIBUTION, BOUNDARIES
from ketenzicht.regions.models import Municipality

from .tables import COUNT

# Five blues from light to dark (contrast of the text on them is checked by axe in the browser tests).
SHADES = ["#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b"]
HIDDEN = "#d9d9d9"
BAR = SHADES[3]
FONT = 12  # px; the SVG says so itself, so it draws the same on the page and in the PDF
# Width of a character, as a share of the font size, taken generously (capitals and digits of a
# wide sans-serif such as DejaVu Sans): room computed with it is never too small.
CHAR = 0.68
WIDE = 1000  # px: a columns chart wider than this scrolls sideways on screen rather than shrink
LABEL_CHARS = 32  # longer labels are shortened with "…"; the full text is in their <title>


def text_width(text, size=FONT):
    return len(str(text)) * size * CHAR


def value_column(published, key):
    columns = published.table.columns
    if key:
        return next(i for i, c in enumerate(columns) if c.key == key)
    return next(i for i, c in enumerate(columns) if c.kind == COUNT)


def _svg(width, height, title_id, title, description, body, size=1):
    """The chart as an image with a name and a description (role="img"); its numbers are in the table.
    `size` scales the picture (the PDF draws it smaller), not what is in it."""
    return format_html('<svg class="kz-chart" viewBox="0 0 {w} {h}" width="{sw}" height="{sh}" '
                       'font-family="sans-serif" font-size="{f}" role="img" '
                       'aria-labelledby="{i} {i}-desc"><title id="{i}">{t}</title><desc id="{i}-desc">{d}</desc>{b}</svg>',
                       w=_n(width), h=_n(height), sw=_n(width * size), sh=_n(height * size), f=FONT, i=title_id,
                       t=title, d=description, b=body)


def _ticks(top):
    """Round steps (1, 2 or 5 times a power of ten) from 0 to at least `top`, four or five of them."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            if top <= 5 * step:
                return [step * i for i in range(-(-int(top) // step) + 1)]
        magnitude *= 10


def _short_label(label):
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _number(cell):
    return cell.value if isinstance(cell.value, (int, float)) and not cell.hidden else None


def _describe(published, what):
    return _("%(what)s De getallen staan in de tabel bij de grafiek.") % {"what": what}


def bars(published, key=None, size=1):
    """Horizontal bars, one per row, with the number after each bar and a value axis below."""
    index = value_column(published, key)
    column = published.table.columns[index]
    rows = [(row.label, cells[index]) for row, cells in published.rows]
    ticks = _ticks(max([_number(c) or 0 for _l, c in rows] + [1]))
    row_height, pad = 24, 8
    label_width = max([text_width(_short_label(lbl)) for lbl, _c in rows] + [0]) + pad
    value_width = max([text_width(c.text) for _l, c in rows] + [0]) + pad
    plot = 360
    x0 = label_width
    scale = plot / ticks[-1]
    height = len(rows) * row_height
    parts = []
    for i, (label, cell) in enumerate(rows):
        y = i * row_height
        value = _number(cell)
        length = (value or 0) * scale
        if value:
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>',
                                     _n(x0), y + 4, _n(length), row_height - 8, BAR))
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" class="kz-chart__label"><title>{}</title>{}</text>'
            '<text x="{}" y="{}" class="kz-chart__value">{}</text>',
            _n(x0 - 6), y + 16, label, _short_label(label), _n(x0 + length + 4), y + 16, cell.text))
    axis = [format_html('<line x1="{x}" y1="0" x2="{x}" y2="{h}" stroke="#1a1a1a"></line>'
                        '<line x1="{x}" y1="{h}" x2="{e}" y2="{h}" stroke="#1a1a1a"></line>',
                        x=_n(x0), h=height, e=_n(x0 + plot))]
    for tick in ticks:
        x = x0 + tick * scale
        axis.append(format_html('<line x1="{x}" y1="{h}" x2="{x}" y2="{t}" stroke="#1a1a1a"></line>'
                                '<text x="{x}" y="{y}" text-anchor="middle" class="kz-chart__tick">{v}</text>',
                                x=_n(x), h=height, t=height + 4, y=height + 18, v=tick))
    axis.append(format_html('<text x="{}" y="{}" text-anchor="end" class="kz-chart__tick">{}</text>',
                            _n(x0 + plot), height + 36, column.label))
    width = max(x0 + plot + value_width, x0 + plot + text_width(ticks[-1]) / 2 + pad)
    return _svg(width, height + 44, f"chart-{published.table.key}", published.table.title,
                _describe(published, _("Staafdiagram van %(column)s per %(row)s.") % {
                    "column": str(column.label).lower(), "row": str(published.table.row_header).lower()}),
                mark_safe("".join(axis + parts)), size)  # nosec B703 B308: every part built with format_html


def columns(published, size=1):
    """Vertical columns of each row's total (months, quarters), a y axis with ticks, the number on
    each column; the x labels shortened, turned when they do not fit, the full label in <title>."""
    values = [(row.label, cells[-1]) for row, cells in published.rows]
    ticks = _ticks(max([_number(c) or 0 for _l, c in values] + [1]))
    count = max(len(values), 1)
    left = text_width(ticks[-1]) + 14
    step = max(min(560 / count, 90), 26)
    plot_height, top = 180, 24
    labels = [_short(label) for label, _c in values]
    widest = max([text_width(lbl) for lbl in labels] + [0])
    turned = widest > step - 4
    bottom = (widest * 0.71 + FONT + 8) if turned else FONT + 12
    if turned:  # the first label, turned, reaches left of its column: room for it (40 quarters)
        left = max(left, widest * 0.71 - step / 2 + 4)
    base = top + plot_height
    scale = plot_height / ticks[-1]
    parts = [format_html('<text x="0" y="{}" class="kz-chart__tick">{}</text>', FONT, published.header[-1]),
             format_html('<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="#1a1a1a"></line>'
                         '<line x1="{x}" y1="{b}" x2="{e}" y2="{b}" stroke="#1a1a1a"></line>',
                         x=_n(left), t=top, b=base, e=_n(left + step * count))]
    for tick in ticks:
        y = base - tick * scale
        parts.append(format_html('<line x1="{l}" y1="{y}" x2="{x}" y2="{y}" stroke="#1a1a1a"></line>'
                                 '<text x="{tx}" y="{ty}" text-anchor="end" class="kz-chart__tick">{v}</text>',
                                 l=_n(left - 4), x=_n(left), y=_n(y), tx=_n(left - 6), ty=_n(y + 4), v=tick))
    # A column a month over ten years: written with f-strings (format_html escapes every number
    # too, and cost a tenth of the dashboard); the numbers are our own (`_n`), every text escaped.
    for i, ((label, cell), short) in enumerate(zip(values, labels, strict=True)):
        x = left + i * step
        value = _number(cell)
        h = (value or 0) * scale
        label, text, short = escape(label), escape(cell.text), escape(short)
        if value:
            parts.append(f'<rect x="{_n(x + step * 0.15)}" y="{_n(base - h)}" width="{_n(step * 0.7)}" '
                         f'height="{_n(h)}" fill="{BAR}"><title>{label}: {text}</title></rect>')
        parts.append(f'<text x="{_n(x + step / 2)}" y="{_n(base - h - 4)}" text-anchor="middle" '
                     f'class="kz-chart__value">{text}</text>')
        cx, cy = _n(x + step / 2), _n(base + FONT + 4)
        turn = f' text-anchor="end" transform="rotate(-45 {cx} {cy})"' if turned else ' text-anchor="middle"'
        parts.append(f'<text x="{cx}" y="{cy}"{turn} class="kz-chart__tick"><title>{label}</title>{short}</text>')
    width = left + step * count + 8
    svg = _svg(width, base + bottom, f"chart-{published.table.key}", published.table.title,
               _describe(published, _("Kolomdiagram van %(column)s per %(row)s.") % {
                   "column": str(published.header[-1]).lower(), "row": str(published.table.row_header).lower()}),
               mark_safe("".join(parts)), size)  # nosec B703 B308: every part format_html's or escaped above
    if width <= WIDE:
        return svg
    # A column a month for ten years: shrunk to the page its numbers were 3 px high. On screen it
    # keeps its size and scrolls sideways (by keyboard too); the PDF draws it to the page's width.
    return format_html('<div class="kz-chart-scroll" tabindex="0" role="region" aria-label="{}">{}</div>',
                       _("Grafiek: %(title)s") % {"title": published.table.title}, svg)


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


def region_shapes():
    """Every region's rings: those of its municipalities, {region slug: [ring, ...]}."""
    shapes = boundaries()
    found = {}
    for slug, code in Municipality.objects.values_list("region__slug", "cbs_code"):
        found.setdefault(slug, []).extend(shapes.get(code, []))
    return found


def choropleth(published, key, size=1, shapes=None):
    """The municipalities of the table drawn from their boundaries (CBS/PDOK 2025), shaded by the
    column drawn (five classes of equal width from the lowest to the highest value shown), hidden
    values hatched; a legend with the unit and the source beside it. The table is printed next to it."""
    index = value_column(published, key)
    column = published.table.columns[index]
    shapes = boundaries() if shapes is None else shapes
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
                                 f"{number_format(start, 1)}–{number_format(end, 1)}"))
    parts.append(format_html('<rect x="0" y="{}" width="18" height="14" fill="url(#hatch-{})" stroke="#6b6b6b"></rect>'
                             '<text x="22" y="{}" class="kz-chart__tick">{}</text>'
                             '<text x="0" y="{}" class="kz-chart__tick">{}</text>',
                             _n(legend_y + 30), published.table.key, _n(legend_y + 42),
                             _("verborgen (klein aantal of onderdrukt)"), _n(legend_y + 62), ATTRIBUTION))
    return _svg(width, legend_y + 70, f"map-{published.table.key}", published.table.title,
                _describe(published, _("Kaart van de gemeenten, gekleurd naar %(column)s.") % {
                    "column": str(column.label).lower()}),
                mark_safe("".join(parts)), size)  # nosec B703 B308: every part built with format_html


def draw(published, size=1):
    kind = published.table.chart
    if kind == "bars":
        return bars(published, published.table.chart_column, size)
    if kind == "columns":
        return columns(published, size)
    if kind == "map":
        return choropleth(published, published.table.chart_column, size)
    if kind == "region-map":
        return choropleth(published, published.table.chart_column, size, region_shapes())
    return ""
