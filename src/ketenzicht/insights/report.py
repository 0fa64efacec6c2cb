"""The periodic monitor, in the shape of the IJsselland care coordinator's monitor: advice
questions, signals and cases per municipality, findings per form of exploitation, and the rest of
the picture; as PDF and as an Excel workbook. Always published figures: counts rounded, small ones
hidden. Names in it come from data (municipalities, indicators): the workbook writes every text as
text, never as a formula, and the PDF is HTML escaped by the template.

The PDF is the monitor's HTML, with the dashboard's own figure template (heading, chart as SVG, map,
table), rendered by WeasyPrint as a tagged PDF/UA-1 document: structure tree and reading order from
the HTML, the language from its lang, the title from its <title>. One layout for screen and paper.

The largest monitor the form allows (ten years: 41 quarters; a region of 60 municipalities) runs to
some fifteen pages: a long table goes on over pages with its header repeated (a <thead> repeats in
WeasyPrint, a row is never cut), a chart is scaled down to the page's width, never cut off. Both
formats are written to a file (`write_pdf`, `write_xlsx`), which the view sends as it is read."""
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from weasyprint import HTML

from . import appendices, charts, figures, tables
from .suppression import SECONDARY, label

SECTIONS = ("municipalities", "per-quarter", "forms", "people", "sectors", "funnel", "lead-times", "age-groups",
            "barriers", "indicators", "basisniveau", "permits", "bibob", "measures", "inspections",
            "training")


def _sheet_names():
    """Short, unique sheet names (Excel allows 31 characters and no []:*?/\\)."""
    return {"municipalities": _("Gemeenten"), "per-quarter": _("Kwartalen"), "forms": _("Vormen van uitbuiting"),
            "people": _("Registraties en personen"), "sectors": _("Sectoren van melders"),
            "funnel": _("Van signaal naar uitkomst"), "lead-times": _("Doorlooptijden"),
            "age-groups": _("Leeftijden"), "barriers": _("Barrières"), "indicators": _("Indicatoren"),
            "basisniveau": _("Basisniveau"), "permits": _("Vergunningen"), "bibob": _("Bibob"),
            "measures": _("Bestuurlijke maatregelen"), "inspections": _("Integrale controles"),
            "training": _("Training per sector")}


class Monitor:
    def __init__(self, selection):
        self.selection = selection
        self.threshold = selection.region.suppression_threshold
        self.tables = figures.publish(selection, SECTIONS, self.threshold)
        self.appendices = appendices.build(selection)  # sections of apps above insights (the plan)

    @property
    def title(self):
        return _("Monitor mensenhandel %(region)s") % {"region": self.selection.region.name}

    @property
    def period(self):
        return _("%(start)s tot en met %(end)s") % {"start": date_format(self.selection.start, "j F Y"),
                                                    "end": date_format(self.selection.end, "j F Y")}

    @property
    def narrowing(self):
        """The filters beyond region and period ("Gemeente: Zwolle · ..."), or ""."""
        return " · ".join(f"{label}: {value}" for label, value in self.selection.narrowing())

    @property
    def explanation(self):
        return _("Alle aantallen zijn naar beneden afgerond op een veelvoud van %(threshold)s: %(example)s staat voor "
                 "%(example)s tot en met %(example_end)s, '%(label)s' voor 0 tot en met %(below)s. Totalen zijn apart "
                 "afgerond en zijn daardoor niet altijd de som van de getoonde aantallen. Zo is geen klein aantal "
                 "terug te rekenen, ook niet uit het verschil van twee monitors. Gemaakt op %(today)s.") % {
            "threshold": self.threshold, "label": label(self.threshold), "below": self.threshold - 1,
            "example": 2 * self.threshold, "example_end": 3 * self.threshold - 1,
            "today": date_format(timezone.localdate(), "j F Y")} + " " + _(
            "'%(mark)s' staat voor een onderdrukt aantal: geen klein aantal, maar samen met de andere cijfers zou "
            "het een klein aantal verraden.") % {"mark": SECONDARY}

    @staticmethod
    def grid(published):
        """Header, rows and totals as lists of text (what every format prints)."""
        lines = [[published.table.row_header] + published.header]
        lines += [[str(row.label)] + [c.text for c in cells] for row, cells in published.rows]
        if published.totals:
            lines.append([_("Totaal")] + [c.text for c in published.totals])
        return lines

    def write_pdf(self, target):
        """The PDF into `target` (a binary file)."""
        # Drawn smaller than on screen: a landscape A4 page holds the map with its heading.
        sections = [tables.section(p, charts.draw(p, 0.7 if p.table.chart == "map" else 1)) for p in self.tables]
        page = _("pagina %(page)s van %(pages)s").replace('"', "")
        page_numbers = mark_safe('"' + page.replace("%(page)s", '" counter(page) "').replace(  # nosec B703 B308
            "%(pages)s", '" counter(pages) "') + '"')  # CSS content from the catalogue's text, quotes removed
        document = render_to_string("insights/monitor_document.html", {
            "monitor": self, "sections": sections, "appendices": self.appendices, "page_numbers": page_numbers,
            "lang": "nl-NL" if (get_language() or "nl").startswith("nl") else "en-GB"})
        HTML(string=document).write_pdf(target, pdf_variant="pdf/ua-1")

    def write_xlsx(self, target):
        """The workbook into `target` (a binary file). One sheet per figure, named shortly; counts as
        numbers. A hidden count is an empty number cell with its mark ("<5", "·") in the text column
        beside it, never text among numbers. Printed landscape, as wide as the page, with the title
        and the header on every page."""
        book = Workbook()
        sheet = book.active
        sheet.title = _("Toelichting")
        for line in (self.title, self.period, self.narrowing, self.explanation):
            if line:
                _append(sheet, [line])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 120
        for cell in sheet["A"]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        names = _sheet_names()
        for published in self.tables:
            self._sheet(book.create_sheet(names[published.table.key]), published)
        for appendix in self.appendices:
            _appendix_sheet(book.create_sheet(appendix.title[:31]), appendix)
        book.save(target)

    @staticmethod
    def _sheet(ws, published):
        table = published.table
        lines = [(str(row.label), cells) for row, cells in published.rows]
        if published.totals:
            lines.append((_("Totaal"), published.totals))
        marked = [i for i in range(len(published.header)) if any(cells[i].hidden for _l, cells in lines)]
        header = [table.row_header]
        for i, text in enumerate(published.header):
            header += [text] + ([_("%(column)s (verborgen)") % {"column": text}] if i in marked else [])
        _append(ws, [str(table.title)])
        ws["A1"].font = Font(bold=True, size=12)
        _append(ws, header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for text, cells in lines:
            values = [text]
            for i, cell in enumerate(cells):
                number = cell.value if isinstance(cell.value, (int, float)) and not cell.hidden else None
                values += [number] + ([cell.text if cell.hidden else None] if i in marked else [])
            _append(ws, values)
        for column in range(1, len(header) + 1):
            texts = [str(c.value) for c in ws[get_column_letter(column)][2:] if c.value is not None]
            wanted = max([len(t) for t in texts] + [min(len(str(header[column - 1])), 18), 6])
            ws.column_dimensions[get_column_letter(column)].width = min(wanted + 2, 60)
        ws.freeze_panes = "B3"
        ws.print_title_rows = "1:2"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # as wide as the page, as long as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if table.chart:
            index = len(published.header) - 1 if table.chart == "columns" else charts.value_column(
                published, table.chart_column)
            column = 2 + index + sum(1 for i in marked if i < index)
            last = 2 + len(table.rows)
            chart = BarChart()
            chart.type = "col" if table.chart == "columns" else "bar"
            chart.title = str(table.title)
            chart.legend = None
            chart.add_data(Reference(ws, min_col=column, min_row=2, max_row=last),
                           titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
            ws.add_chart(chart, f"{get_column_letter(len(header) + 2)}2")


def _appendix_sheet(ws, appendix):
    """An appendix (insights.appendices) as a sheet: its title and intro, then each table under its caption."""
    _append(ws, [appendix.title])
    ws["A1"].font = Font(bold=True, size=12)
    _append(ws, [appendix.intro])
    for table in appendix.tables:
        _append(ws, [])
        _append(ws, [table.caption])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        _append(ws, table.header)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            _append(ws, row)
    for column in range(1, 1 + max([len(t.header) for t in appendix.tables] + [1])):
        ws.column_dimensions[get_column_letter(column)].width = 40 if column == 1 else 22
    ws.print_title_rows = "1:2"  # title and intro on every printed page, as wide as the page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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
