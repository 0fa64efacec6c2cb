"""A figure's table rows are written by `tables.body_html`, not by a template loop (a ten-year
dashboard has some 2,800 cells): what it writes must be what the template wrote, escaped alike."""
from django.template.loader import render_to_string

from ketenzicht.insights.tables import Column, Row, Table, body_html, section

SCRIPT = '<script>alert("x")</script>'


def figure():
    table = Table(key="demo", title="Demo", row_header="Maand", total_column=True, total_row=True,
                  columns=[Column("signals", "Signalen"), Column("cases", "Casussen")],
                  rows=[Row(key='a"b', label=SCRIPT, values={"signals": 12, "cases": 2}, emphasis=True),
                        Row(key="c", label="Gewoon", values={"signals": 40, "cases": 9})])
    return table.publish(5)


def test_a_rows_label_and_key_are_escaped_and_its_cells_marked_as_the_template_marked_them():
    body = body_html(figure().rows)
    assert SCRIPT not in body and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert 'data-row="a&quot;b"' in body
    first = body.split("</tr>")[0]
    assert 'class="utrecht-table__row kz-figure-table__emphasis"' in first
    assert first.count('class="utrecht-table__cell kz-num kz-hidden-count">&lt;5</td>') == 1  # 2 cases: small
    assert '<td class="utrecht-table__cell kz-num">10</td>' in first  # 12 signals, rounded down to a block of 5


def test_a_linked_cell_keeps_its_link_and_the_table_its_rows_in_order():
    published = figure()
    rows = list(published.rows)
    rows[1][1][0].link = "/signalen?month=2026-01&x=<y>"
    html = render_to_string("insights/_table.html", {"section": section(published, chart=None, rows=rows)})
    assert '<a class="utrecht-link" href="/signalen?month=2026-01&amp;x=&lt;y&gt;">40</a>' in html
    assert html.index('data-row="a&quot;b"') < html.index('data-row="c"') < html.index("kz-figure-table__total")
    assert html.count("<tr") == 4  # the header, two rows, the totals
