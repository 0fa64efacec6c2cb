"""The periodic monitor, in the shape of the IJsselland care coordinator's monitor: advice
questions, signals and cases per municipality, findings per form of exploitation, and the rest of
the picture; as PDF and as an Excel workbook. Always published figures: small counts hidden."""
import io

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from . import figures
from .suppression import label

SECTIONS = ("municipalities", "per-quarter", "forms", "people", "sectors", "funnel", "lead-times", "age-groups",
            "barriers", "indicators")


class Monitor:
    def __init__(self, selection):
        self.selection = selection
        self.threshold = selection.region.suppression_threshold
        self.tables = [t.publish(self.threshold) for t in figures.compute(selection, SECTIONS)]

    @property
    def title(self):
        return _("Monitor mensenhandel %(region)s") % {"region": self.selection.region.name}

    @property
    def period(self):
        return _("%(start)s tot en met %(end)s") % {"start": date_format(self.selection.start, "j F Y"),
                                                    "end": date_format(self.selection.end, "j F Y")}

    @property
    def explanation(self):
        return _("Aantallen van 1 tot %(threshold)s zijn weggelaten en getoond als '%(label)s'; waar een totaal "
                 "een weggelaten aantal zou verraden, is ook een tweede aantal weggelaten. Gemaakt op %(today)s.") % {
            "threshold": self.threshold, "label": label(self.threshold),
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
        from reportlab.graphics.charts.barcharts import HorizontalBarChart
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.lib.units import cm
        from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

        styles = getSampleStyleSheet()
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=self.title, author="Ketenzicht",
                                leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm)
        story = [Paragraph(self.title, styles["Title"]), Paragraph(self.period, styles["Heading2"]),
                 Paragraph(self.explanation, styles["BodyText"]), Spacer(1, 0.4 * cm)]
        small = styles["BodyText"].clone("small", fontSize=8, leading=10)
        for published in self.tables:
            grid = [[Paragraph(str(text), small) for text in line] for line in self.grid(published)]
            table = Table(grid, repeatRows=1)
            table.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#deebf7")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            block = [Paragraph(str(published.table.title), styles["Heading2"])]
            if published.table.description:
                block.append(Paragraph(str(published.table.description), styles["BodyText"]))
            if published.table.note:
                block.append(Paragraph(str(published.table.note), styles["BodyText"]))
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
        from openpyxl import Workbook
        from openpyxl.chart import BarChart, Reference
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = _("Toelichting")[:31]
        for line in (self.title, self.period, self.explanation):
            sheet.append([line])
        sheet["A1"].font = Font(bold=True, size=14)
        for published in self.tables:
            ws = book.create_sheet(str(published.table.title)[:31].replace("/", "-"))
            ws.append([str(published.table.title)])
            ws["A1"].font = Font(bold=True)
            grid = self.grid(published)
            ws.append(grid[0])
            for line in grid[1:]:
                ws.append([line[0]] + [_number(text) for text in line[1:]])
            values = self.chart_values(published)
            if values:
                data = book.create_sheet(f"_{len(book.sheetnames)}")  # numbers the chart reads
                data.sheet_state = "hidden"
                for name, value in values:
                    data.append([name, value])
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


def _number(text):
    """Cells as numbers where they are numbers (Dutch notation in, number out); hidden stay text."""
    plain = text.replace(".", "").replace(",", ".").rstrip("%")
    try:
        return int(plain) if plain.lstrip("-").isdigit() else float(plain)
    except ValueError:
        return text
