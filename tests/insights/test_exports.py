"""What leaves the figures: the API's bad input, the CSV per figure, the monitor's workbook and PDF."""
import io
import re
import subprocess
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from ketenzicht.insights import charts, report
from ketenzicht.insights.tables import Cell
from ketenzicht.insights.views import _csv_value

from ..helpers import api_client, signal, verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["to", "from", "period", "region"])
@pytest.mark.parametrize("path", ["/api/v1/stats/htcds-records", "/api/v1/stats/people"])
def test_an_empty_date_period_or_region_is_refused_naming_the_field(world, path, name):
    response = api_client("care.ijsselland").get(f"{path}?{name}=")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in response.json()["invalid_params"]] == [name]


def test_an_empty_filter_still_means_all(world):
    assert api_client("analyst.ijsselland").get("/api/v1/stats/people?sector=&gender=").status_code == 200


def test_figure_csv_is_semicolon_separated_with_a_decimal_comma_and_a_bom(client, world):
    assert _csv_value(Cell(2.5, "2,5")) == "2,5" and _csv_value(Cell(10, "10")) == 10
    assert _csv_value(Cell(None, "<5", hidden=True)) == "<5" and _csv_value(Cell(None, "—")) == ""
    verified(client, "analyst.ijsselland")
    text = b"".join(client.get("/cijfers/municipalities.csv?period=2025").streaming_content).decode("utf-8")
    assert text.startswith("\ufeffGemeente;") and ";" in text.splitlines()[1]
    assert not re.search(r";-?\d+\.\d+(;|\r)", text)  # no decimal point a Dutch Excel would misread


# --------------------------------------------------------------------------- the monitor: PDF and workbook
MONITOR = "/cijfers/monitor.{}?from=2026-01-01&to=2026-03-31"


@pytest.fixture
def quarter(world):
    """Zwolle 7 reports in the first quarter of 2026 (published as 5), Deventer 2 (<5)."""
    for i in range(7):
        signal("liaison.zwolle", "GM0193", date(2026, 2, 1) + timedelta(days=i))
    for i in range(2):
        signal("liaison.deventer", "GM0150", date(2026, 2, 3) + timedelta(days=i))


def test_monitor_pdf_is_tagged_with_language_title_page_numbers_and_the_map(client, quarter, tmp_path):
    verified(client, "analyst.ijsselland")
    path = tmp_path / "monitor.pdf"
    path.write_bytes(client.get(MONITOR.format("pdf")).getvalue())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M) and re.search(r"^Title:\s+Monitor mensenhandel IJsselland$",
                                                                      info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    catalog = PdfReader(path).trailer["/Root"]
    assert catalog["/Lang"] == "nl-NL" and "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert pages > 1 and f"pagina 1 van {pages}" in text and f"pagina {pages} van {pages}" in text
    first, rest = text.split("\f", 1)
    order = [first.index(s) for s in ("Monitor mensenhandel IJsselland", "naar beneden afgerond", "'·' staat voor",
                                      "Inhoud")]
    assert order == sorted(order)  # title, what the marks mean, the contents
    contents = dict(re.findall(r"^(\S[^\n.]*?)\s*\.{3,}\s*(\d+)$", first, re.M))  # title, leader dots, page
    assert contents.keys() >= {"Per gemeente", "Per kwartaal", "Meest waargenomen signalen (indicatoren)"}, first
    for title, page in contents.items():  # each figure starts on the page the contents give
        assert title in text.split("\f")[int(page) - 1], (title, page)
    order = [rest.index(s) for s in ("Per gemeente", str(charts.ATTRIBUTION), "Per kwartaal",
                                     "Meest waargenomen signalen")]
    assert order == sorted(order)  # then each figure: heading, map, table


def test_monitor_workbook_has_named_sheets_widths_numbers_and_marks_beside_them(client, quarter):
    verified(client, "analyst.ijsselland")
    book = load_workbook(io.BytesIO(client.get(MONITOR.format("xlsx")).getvalue()))
    names = book.sheetnames
    assert names[:2] == ["Toelichting", "Gemeenten"] and len(set(names)) == len(names) == len(report.SECTIONS) + 2
    assert names[-1] == "Plan van aanpak"  # the region's plan in force (plan.monitor through insights.appendices)
    assert all(len(n) <= 31 and not n.startswith("_") for n in names)
    assert all(ws.sheet_state == "visible" for ws in book.worksheets)  # no helper sheets
    for ws in book.worksheets[1:len(report.SECTIONS) + 1]:  # the figures' sheets
        header = [c.value for c in ws[2]]
        for i, title in enumerate(header[1:], start=2):
            assert ws.column_dimensions[get_column_letter(i)].width >= 6, (ws.title, title)
            values = [r[i - 1] for r in ws.iter_rows(min_row=3, values_only=True) if r[i - 1] is not None]
            if title.endswith("(verborgen)"):
                assert set(values) <= {"<5", "·", "—"} and header[i - 2] == title[:-len(" (verborgen)")]
            else:
                assert all(isinstance(v, (int, float)) for v in values), (ws.title, title, values)
    ws = book["Gemeenten"]
    header = [c.value for c in ws[2]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    reports = header.index("Meldingen")
    assert rows["Zwolle"][reports] == 5 and rows["Zwolle"][reports + 1] is None  # 7, rounded down
    assert rows["Deventer"][reports] is None and rows["Deventer"][reports + 1] == "<5"


def test_a_narrowed_monitor_says_so_in_its_title_page_sheet_and_file_name(client, quarter, tmp_path):
    """A monitor of one municipality and group is not to be taken for the region's: it names them."""
    verified(client, "analyst.ijsselland")
    narrowed = MONITOR + "&municipality=GM0193&age_group=minor"
    response = client.get(narrowed.format("pdf"))
    assert re.search(r'filename="monitor-ijsselland-gm0193-minor-2026-01-01-2026-03-31\.pdf"',
                     response["Content-Disposition"])
    path = tmp_path / "monitor.pdf"
    path.write_bytes(response.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    first = text.split("\f")[0]
    assert "Gemeente: Zwolle · Leeftijd slachtoffer: Minderjarig (alle)" in first
    book = load_workbook(io.BytesIO(client.get(narrowed.format("xlsx")).getvalue()))
    explained = [row[0] for row in book["Toelichting"].iter_rows(values_only=True)]
    assert "Gemeente: Zwolle · Leeftijd slachtoffer: Minderjarig (alle)" in explained
    whole = client.get(MONITOR.format("pdf"))
    assert 'filename="monitor-ijsselland-2026-01-01-2026-03-31.pdf"' in whole["Content-Disposition"]


def test_a_bad_csv_request_names_the_field_as_the_form_does(client, quarter):
    verified(client, "analyst.ijsselland")
    response = client.get("/cijfers/municipalities.csv?from=gisteren&to=2026-03-31")
    assert response.status_code == 400 and response.content.decode().startswith("Van: ")
