"""A cost's split for the council letter, as Excel and as PDF.

The workbook holds amounts as numbers with a euro format (so a council's clerk can add them up)
and every text as text, never a formula: municipality names and labels are data. The PDF is an
HTML table rendered by WeasyPrint as tagged PDF/UA-1 (language, title, reading order), as the
monitor is (insights/report.py)."""
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML

from . import services

EURO = '"€" #,##0.00'


def _title(cost):
    return _("Kostenverdeling %(label)s %(year)s — %(region)s") % {
        "label": cost.title, "year": cost.year, "region": cost.region.name}


def _append(sheet, values):
    """A row in which every text is a text cell, never a formula (see insights/report.py)."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value[:1] in ("=", "+", "-", "@"):
                cell.quotePrefix = True


def write_xlsx(cost, result, target):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Verdeling")
    _append(sheet, [_title(cost)])
    sheet["A1"].font = Font(bold=True, size=12)
    _append(sheet, [_("Gemeente"), services.weight_header(cost), _("Percentage aandeel"),
                    _("Middelen %(year)s") % {"year": cost.year}])  # as the page and the PDF head them
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for share in result.shares:
        _append(sheet, [share.name.name, share.weight, float(share.percentage) / 100, share.amount])
    _append(sheet, [_("Totaal"), result.total_weight, float(result.total_percentage) / 100, result.total])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        row[1].number_format = "#,##0"
        row[2].number_format = "0.00%"
        row[3].number_format = EURO
    _append(sheet, [])
    _append(sheet, [_("Budget"), None, None, cost.amount])
    sheet.cell(sheet.max_row, 4).number_format = EURO
    _append(sheet, [services.difference_text(result)])
    for column, width in zip("ABCD", (28, 18, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(target)


def write_pdf(data, target):
    """`data`: what the page shows (views.context), laid out for the council letter."""
    document = render_to_string("costs/letter.html", {
        **data, "lang": "en-GB" if (get_language() or "nl").startswith("en") else "nl-NL"})
    HTML(string=document).write_pdf(target, pdf_variant="pdf/ua-1")
