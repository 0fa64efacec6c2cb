"""The periodic monitor, in the shape of the IJsselland care coordinator's monitor: advice
questions, signals and cases per municipality, findings per form of exploitation, and the rest of
the picture; as PDF and as an Excel workbook. Always published figures: counts rounded, small ones
hidden. Names in it come from data (municipalities, indicators): the workbook writes every text as
text, never as a formula, and the PDF escapes them."""
import html
import io

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from . import figures
from .suppression import label


def _text(value):
    """Text for a reportlab paragraph, which reads markup: &, < and > escaped."""
    return html.escape(value, quote=False)


SECTIONS = ("municipalities", "per-quarter", "forms", "people", "sectors", "funnel", "lead-times", "age-groups",
            "barriers", "indicators")


class Monitor:
    def __init__(self, selection):
        self.selection = selection
        self.threshold = selection.region.suppression_threshold
        self.tables = figures.publish(selection, SECTIONS, self.threshold)

    @property
    def title(self):
        return _("Monitor mensenhandel %(region)s") % {"region": self.selection.region.name}

    @property
    def period(self):
        return _("%(start)s tot en met %(end)s") % {"start": date_format(self.selection.start, "j F Y"),
                                                    "end": date_format(self.selection.end, "j F Y")}

    @property
    def explanation(self):
        return _("Alle aantallen zijn naar beneden afgerond op een veelvoud van %(threshold)s: %(example)s staat voor "
                 "%(example)s tot en met %(example_end)s, '%(label)s' voor 0 tot en met %(below)s. Totalen zijn apart "
                 "afgerond en zijn daardoor niet altijd de som van de getoonde aantallen. Zo is geen klein aantal "
                 "terug te rekenen, ook niet uit het verschil van twee monitors. Gemaakt op %(today)s.") % {
            "threshold": self.threshold, "label": label(self.threshold), "below": self.threshold - 1,
            "example": 2 * self.threshold, "example_end": 3 * self.threshold - 1,
            "today": date_format(timezone.localdate(), "j F Y")}

    @staticmethod
    def grid(published):
        """Header, rows and totals as lists of text (what every format prints)."""
        lines = [[published.table.row_header] + published.header]
        lines += [[str(row.label)] + [c.text for c in cells] for row, cells in published.rows]
        if published.totals:
            lines.append([_("Totaal")] + [c.text for c in published.totals])
        return lines

    @staticmethod
    def chart_values(published):
        """(label, number) pairs for a chart; hidden counts are drawn as nothing."""
        table = published.table
        if table.chart is None:
            return []
        key = table.chart_column if table.chart in ("bars", "map") else None
        values = []
        for row, cells in published.rows:
            cell = cells[-1] if key is None else cells[[c.key for c in table.columns].index(key)]
            values.append((str(row.label), cell.value if isinstance(cell.value, (int, float)) else 0))
        return values

    def pdf(self):
        styles = getSampleStyleSheet()
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=self.title, author="Ketenzicht",
                                leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
        story = [Paragraph(_text(self.title), styles["Title"]), Paragraph(self.period, styles["Heading2"]),
                 Paragraph(_text(self.explanation), styles["BodyText"]), Spacer(1, 0.4 * cm)]
        small = styles["BodyText"].clone("small", fontSize=8, leading=10)
        for published in self.tables:
            grid = [[Paragraph(_text(str(text)), small) for text in line] for line in self.grid(published)]
            table = Table(grid, repeatRows=1)
            table.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#deebf7")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            block = [Paragraph(_text(str(published.table.title)), styles["Heading2"])]
            if published.table.description:
                block.append(Paragraph(_text(str(published.table.description)), styles["BodyText"]))
            if published.note:
                block.append(Paragraph(_text(str(published.note)), styles["BodyText"]))
            values = self.chart_values(published)
            if values:
                drawing = Drawing(24 * cm, 0.55 * cm * len(values) + 1 * cm)
                chart = HorizontalBarChart()
                chart.x, chart.y = 7 * cm, 0.5 * cm
                chart.width, chart.height = 15 * cm, 0.55 * cm * len(values)
                chart.data = [[v for _l, v in reversed(values)]]
                chart.categoryAxis.categoryNames = [lbl[:40] for lbl, _v in reversed(values)]
                chart.categoryAxis.labels.fontSize = 7
                chart.valueAxis.valueMin = 0
                chart.bars[0].fillColor = colors.HexColor("#2171b5")
                drawing.add(chart)
                block.append(drawing)
            story += [KeepTogether(block), table, Spacer(1, 0.5 * cm)]
        doc.build(story)
        return buffer.getvalue()

    def xlsx(self):
        book = Workbook()
        sheet = book.active
        sheet.title = _("Toelichting")[:31]
        for line in (self.title, self.period, self.explanation):
            _append(sheet, [line])
        sheet["A1"].font = Font(bold=True, size=14)
        for published in self.tables:
            ws = book.create_sheet(str(published.table.title)[:31].replace("/", "-"))
            _append(ws, [str(published.table.title)])
            ws["A1"].font = Font(bold=True)
            grid = self.grid(published)
            _append(ws, grid[0])
            for line in grid[1:]:
                _append(ws, [line[0]] + [_number(text) for text in line[1:]])
            values = self.chart_values(published)
            if values:
                data = book.create_sheet(f"_{len(book.sheetnames)}")  # numbers the chart reads
                data.sheet_state = "hidden"
                for name, value in values:
                    _append(data, [name, value])
                chart = BarChart()
                chart.type = "bar"
                chart.title = str(published.table.title)
                chart.legend = None
                chart.add_data(Reference(data, min_col=2, min_row=1, max_row=len(values)))
                chart.set_categories(Reference(data, min_col=1, min_row=1, max_row=len(values)))
                ws.add_chart(chart, f"{chr(ord('A') + len(grid[0]) + 1)}2")
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _append(sheet, values):
    """Append a row in which every text is a text cell: openpyxl would store text beginning with "="
    as a formula (a name like '=HYPERLINK(…)' would run), and the quote prefix keeps Excel from
    turning text beginning with "=", "+", "-" or "@" into one when the cell is edited."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value[:1] in ("=", "+", "-", "@"):
                cell.quotePrefix = True


def _number(text):
    """Cells as numbers where they are numbers (Dutch notation in, number out); hidden stay text."""
    plain = text.replace(".", "").replace(",", ".").rstrip("%")
    try:
        return int(plain) if plain.lstrip("-").isdigit() else float(plain)
    except ValueError:
        return text
