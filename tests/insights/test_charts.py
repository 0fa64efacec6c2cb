"""The charts: an axis with ticks, the number at every bar, hidden counts drawn as their mark (no
bar), labels that fit inside the picture (their extent taken generously), a name and a description."""
import re
from xml.etree import ElementTree

from ketenzicht.insights import charts
from ketenzicht.insights.tables import Column, Row, Table

SVG = "{http://www.w3.org/2000/svg}"


def _published(chart, labels, values, hidden=()):
    table = Table("t", "Per maand", [Column("a", "Adviesvragen"), Column("b", "Meldingen")], row_header="Maand",
                  total_column=True, chart=chart, chart_column="a" if chart == "bars" else None,
                  rows=[Row(f"r{i}", label, {"a": value, "b": value}) for i, (label, value) in
                        enumerate(zip(labels, values, strict=True))])
    suppressed = {table.quantity(table.rows[i], None) for i in hidden}
    suppressed |= {table.quantity(table.rows[i], table.columns[0]) for i in hidden}
    return table.publish(5, frozenset(suppressed))


def _parse(svg):
    svg = re.search(r"<svg .*</svg>", str(svg), re.S).group(0)  # a wide chart comes in its scroll region
    root = ElementTree.fromstring(re.sub(r"<svg ", f'<svg xmlns="{SVG[1:-1]}" ', svg, count=1))
    return root, [float(v) for v in root.get("viewBox").split()]


def _text(element):
    return "".join(t for t in element.itertext() if t not in [c.text for c in element.iter(f"{SVG}title")]).strip()


def _extent(element):
    """(left, top, right, bottom) of a text, its width taken as in charts.text_width (generous), turned
    by its rotate() if it has one."""
    x, y = float(element.get("x")), float(element.get("y"))
    width, size = charts.text_width(_text(element)), charts.FONT
    anchor = element.get("text-anchor", "start")
    start = {"start": 0, "middle": -width / 2, "end": -width}[anchor]
    if "rotate(-45" in (element.get("transform") or ""):  # from (x, y) up and to the left
        d = 0.7072
        return x + start * d, y + start * d - size, x + (start + width) * d + size * d, y + size * 0.3
    return x + start, y - size, x + start + width, y + size * 0.3


def _fits(svg):
    root, (x0, y0, width, height) = _parse(svg)
    for element in root.iter(f"{SVG}text"):
        left, top, right, bottom = _extent(element)
        assert left >= x0 and top >= y0 and right <= x0 + width and bottom <= y0 + height, (_text(element), width,
                                                                                             height)
    return root


def test_columns_have_a_y_axis_numbers_and_hidden_counts_as_their_mark():
    months = [f"{m} 2025" for m in ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                    "september", "oktober", "november", "december")]
    values = [40, 2, 12, 20, 33, 7, 10, 28, 15, 9, 11, 60]
    published = _published("columns", months, values, hidden=[8])
    root = _fits(charts.draw(published))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Per maand"
    assert "tabel" in root.find(f"{SVG}desc").text
    texts = [_text(t) for t in root.iter(f"{SVG}text")]
    assert {"0", "50", "100"} <= set(texts)  # the y axis' ticks (totals up to 120)
    assert {"80", "<5", "·", "120"} <= set(texts)  # every column's number, hidden ones as their mark
    assert len(root.findall(f"{SVG}rect")) == 10  # no column for "<5" (2 + 2) nor for the suppressed one
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert "september 2025" in titles  # the shortened label's full text


def test_bars_show_each_number_and_shorten_long_labels_with_the_full_text_kept():
    long = "Criminele uitbuiting (gedwongen criminaliteit, bedelarij)"
    published = _published("bars", [long, "Arbeidsuitbuiting", "Gedwongen orgaanverwijdering"], [45, 120, 2])
    root = _fits(charts.draw(published))
    texts = [_text(t) for t in root.iter(f"{SVG}text")]
    assert "45" in texts and "120" in texts and "<5" in texts and "Adviesvragen" in texts
    assert long not in texts and any(t.endswith("…") and long.startswith(t[:-1]) for t in texts)
    assert long in [t.text for t in root.iter(f"{SVG}title")]
    assert len(root.findall(f"{SVG}rect")) == 2


def test_a_wide_label_turns_and_still_fits():
    published = _published("columns", ["Een heel lange rij", "Nog een lange rij"] * 10, [10] * 20)
    root = _fits(charts.draw(published))
    assert any("rotate(-45" in (t.get("transform") or "") for t in root.iter(f"{SVG}text"))


def test_size_scales_the_picture_not_its_drawing():
    published = _published("columns", ["januari 2025", "februari 2025"], [10, 20])
    root, (_x, _y, width, height) = _parse(charts.draw(published))
    assert float(root.get("width")) == width and float(root.get("height")) == height
    smaller, box = _parse(charts.draw(published, 0.5))
    assert box[2:] == [width, height] and abs(float(smaller.get("width")) - width / 2) < 0.1


def test_forty_one_quarters_turn_their_labels_and_the_first_stays_in_the_picture():
    """Ten years not starting on a quarter's first day: 41 columns, each label turned."""
    quarters = [f"Q{q} {year}" for year in range(2016, 2027) for q in range(1, 5)][:41]
    root = _fits(charts.draw(_published("columns", quarters, [3] * 41)))  # all hidden: a narrow y axis
    turned = [t for t in root.iter(f"{SVG}text") if "rotate(-45" in (t.get("transform") or "")]
    assert ["".join(t.itertext()) for t in turned] == [q + q for q in quarters]  # <title> and the label
    x0 = float(root.get("viewBox").split()[0])
    for text in turned:  # anchored at its end, turned: it reaches left by its width times cos 45°
        label = text.find(f"{SVG}title").text
        assert float(text.get("x")) - charts.text_width(label) * 0.7072 >= x0, label


def test_ten_years_of_months_keep_their_size_and_scroll_sideways():
    """121 columns shrunk to a page were 3 px high: on screen the chart keeps its own size inside a
    region that scrolls (and takes the keyboard's focus to do so); a few months' chart fits as it is."""
    months = [f"{m} {y}" for y in range(2016, 2027) for m in ("jan", "feb", "mrt", "apr", "mei", "jun", "jul",
                                                               "aug", "sep", "okt", "nov", "dec")][:121]
    wide = str(charts.draw(_published("columns", months, [40] * 121)))
    assert re.match(r'<div class="kz-chart-scroll" tabindex="0" role="region" aria-label="Grafiek: Per maand">'
                    r"<svg ", wide) and wide.endswith("</svg></div>")
    root, (_x, _y, width, _h) = _parse(wide)
    assert width > charts.WIDE and float(root.get("width")) == width
    assert str(charts.draw(_published("columns", months[:12], [40] * 12))).startswith("<svg ")
