"""The largest monitor the form allows: ten years (41 quarters when the period does not start on a
quarter's first day) for a region of 60 municipalities, as PDF and as workbook. Long tables go on
over pages with their header repeated and no row cut in two; the charts and the map stay on the
page; both are sent from a file, not built up in a response's memory."""
import io
import re
import statistics
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenzicht.insights.selection import MAX_YEARS
from ketenzicht.lib.dates import add_months
from ketenzicht.regions import cbs
from ketenzicht.regions import services as region_services
from ketenzicht.regions.models import Municipality, Region

from ..helpers import signal, user, verified

pytestmark = pytest.mark.django_db
SIZE = 60


@pytest.fixture
def large_region(world):
    """IJsselland grown to 60 municipalities from the CBS list (through the set-up's service), with
    1 to 7 signals in each, spread over the ten years up to today."""
    region = Region.objects.get(name="IJsselland")
    taken = set(Municipality.objects.values_list("cbs_code", flat=True))
    admin = user("admin.ijsselland")
    for code in [c for c in cbs.municipalities() if c not in taken][:SIZE - region.municipalities.count()]:
        region_services.add_municipality(admin, region, cbs_code=code)
    end = timezone.localdate()
    start = add_months(end + timedelta(days=1), -12 * MAX_YEARS)
    municipalities = list(region.municipalities.order_by("cbs_code"))
    assert len(municipalities) == SIZE
    span = (end - start).days
    for i, municipality in enumerate(municipalities):
        for j in range(i % 7 + 1):
            signal("liaison.zwolle", municipality.cbs_code, start + timedelta(days=(i * 37 + j * 401) % span),
                   form=("labour", "sexual", "criminal")[j % 3])
    return region, start, end, [m.name for m in municipalities]


def _query(start, end):
    return f"from={start.isoformat()}&to={end.isoformat()}"


def _download(client, fmt, start, end):
    response = client.get(f"/cijfers/monitor.{fmt}?{_query(start, end)}")
    assert response.status_code == 200, response.content[:500]
    return response


def _pages(path, count):
    """The text of each page, laid out (a table's row is one line)."""
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def _rows(page, labels):
    """The lines of a page that are rows of a table with these row labels: (label, cells after it)."""
    found = []
    for line in page.splitlines():
        stripped = line.strip()
        for label in labels:
            if re.match(re.escape(label) + r"( {2,}|$)", stripped):
                found.append((label, stripped[len(label):].split()))
    return found


def test_the_largest_monitor_pdf_has_every_municipality_and_quarter_on_pages_with_their_header(
        client, large_region, tmp_path):
    region, start, end, names = large_region
    verified(client, "care.ijsselland")
    response = _download(client, "pdf", start, end)
    assert response.streaming  # sent from a file
    path = tmp_path / "monitor.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    reader = PdfReader(path)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # still tagged (PDF/UA-1)
    pages = _pages(path, len(reader.pages))
    # The municipalities table: every row whole on one page, each such page with the header.
    # (A name too long for its column wraps onto a line of its own, checked by its first line.)
    # (Its pages are those with its header: other tables name the municipalities too, e.g. the basisniveau;
    # a page of its rows without the header misses names below.)
    short = [n for n in names if len(n) <= 16]
    table_pages = {}
    header = re.compile(r"\s*Gemeente\s+Adviesvragen\s+Meldingen", re.MULTILINE)
    for number, page in enumerate(pages, start=1):
        if not header.search(page):
            continue
        for label, cells in _rows(page, short):
            assert len(cells) == 8, (number, label, cells)  # the row's cells on the same line
            table_pages.setdefault(label, []).append(number)
    assert sorted(table_pages) == sorted(short)
    assert all(len(table_pages[n]) == 1 for n in short), {n: p for n, p in table_pages.items() if len(p) > 1}
    used = sorted({p for n in short for p in table_pages[n]})
    assert len(used) > 1  # the table goes on over pages...
    for number in used:  # ...and every page of it starts with its header
        header = next(line for line in pages[number - 1].splitlines() if line.strip())
        assert re.match(r"\s*Gemeente\s+Adviesvragen\s+Meldingen", header), (number, header)
    # Every name whole (a long one wraps within its cell: read in the text's own order, not laid out;
    # pdftotext joins "Bodegraven-" and "Reeuwijk" without the hyphen).
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(raw.split()).replace("-", "")
    assert all("".join(n.split()).replace("-", "") in text for n in names)
    # The quarters table: 41 quarters of ten years that do not start on a quarter's first day.
    quarters = []
    month = start.replace(day=1, month=3 * ((start.month - 1) // 3) + 1)
    while month <= end:
        quarters.append(f"Q{(month.month - 1) // 3 + 1} {month.year}")
        month = add_months(month, 3)
    quarter_pages = {}
    for number, page in enumerate(pages, start=1):
        for label, cells in _rows(page, quarters):
            if len(cells) >= 6:
                quarter_pages.setdefault(label, []).append(number)
    assert sorted(quarter_pages) == sorted(quarters) and all(len(p) == 1 for p in quarter_pages.values())
    for number in sorted({p for ps in quarter_pages.values() for p in ps}):
        assert re.search(r"^\s*Kwartaal\s+Adviesvragen", pages[number - 1], re.M), number




def test_chart_labels_stay_on_the_page(client, large_region, tmp_path):
    region, start, end, _names = large_region
    verified(client, "care.ijsselland")
    path = tmp_path / "monitor.pdf"
    path.write_bytes(b"".join(_download(client, "pdf", start, end).streaming_content))
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    boxes = [(float(a), float(b), word) for a, b, word in re.findall(
        r'<word xMin="([-\d.]+)" yMin="[-\d.]+" xMax="([-\d.]+)" yMax="[-\d.]+">([^<]*)</word>', html)]
    outside = [(word, a, b) for a, b, word in boxes if a < 0 or b > page_width]
    assert not outside, outside[:10]


def test_the_largest_workbook_has_every_municipality_and_quarter_and_prints_its_header_on_every_page(
        client, large_region):
    region, start, end, names = large_region
    verified(client, "care.ijsselland")
    response = _download(client, "xlsx", start, end)
    assert response.streaming
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [r[0] for r in book["Gemeenten"].iter_rows(min_row=3, values_only=True)]
    assert sorted(rows[:-1]) == sorted(names) and rows[-1] == "Totaal"
    assert len(list(book["Kwartalen"].iter_rows(min_row=3))) >= 4 * MAX_YEARS + 1  # 41 quarters and the total
    for ws in book.worksheets[1:]:
        assert ws.print_title_rows == "$1:$2", ws.title  # title and header on every printed page
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage


def test_the_largest_monitor_takes_seconds_not_minutes(client, large_region):
    """Timed (median of three): printed for the record, wall clock and CPU seconds of this process;
    bounded loosely, on the CPU seconds (a shared machine's load stretches the wall clock), so a
    slow machine passes and a render that grows out of hand does not."""
    region, start, end, _names = large_region
    verified(client, "care.ijsselland")
    for fmt, bound in (("pdf", 20), ("xlsx", 10)):
        walls, cpus = [], []
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            b"".join(_download(client, fmt, start, end).streaming_content)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"monitor.{fmt}, ten years, {len(_names)} municipalities: wall median {statistics.median(walls):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in walls)}), CPU median {statistics.median(cpus):.2f} s "
              f"({', '.join(f'{t:.2f}' for t in cpus)})")
        assert statistics.median(cpus) < bound
