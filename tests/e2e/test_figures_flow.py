"""The done-means of the figures, in the browser: the analyst answers the four questions from the
dashboard alone and downloads the monitor as PDF and Excel with no small count visible."""
import io
import re
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenzicht.cases.models import Case
from ketenzicht.insights.selection import presets
from ketenzicht.intake import services

from ..conftest import user
from ..test_insights import signal
from .conftest import check_axe
from .test_intake_flow import login


def _world_of_figures():
    today = timezone.localdate()
    last_quarter = next(start for key, _l, start, _e in presets(today) if key == "last-quarter")
    zwolle = [signal("liaison.zwolle", "GM0193", last_quarter + timedelta(days=3 + i)) for i in range(6)]
    liaison = user("liaison.zwolle")
    services.link(liaison, zwolle[1], zwolle[0])
    services.link_person(liaison, zwolle[1].persons.get(), zwolle[0].persons.get())
    year_start = today.replace(month=1, day=1)
    for i in range(7):
        signal("liaison.deventer", "GM0150", year_start + timedelta(days=i), form="criminal")
        signal("liaison.kampen", "GM0166", year_start.replace(year=today.year - 1) + timedelta(days=i), form="sexual")
    for s in zwolle[:5]:
        services.take_transition(liaison, s, "in_behandeling_nemen")
        services.take_transition(liaison, s, "escaleren", reason="Sterke signalen")
    Case.objects.update(deadline_at=timezone.now() - timedelta(days=2))
    for s in range(3):  # old signals for the monitor period
        signal("liaison.zwolle", "GM0193", today.replace(year=2020, month=10, day=1 + s))


def _headline(page, label):
    item = page.locator(".kz-headline__item", has_text=label).first
    return item.locator(".kz-headline__value").inner_text()


def test_analyst_answers_from_the_dashboard_and_downloads_the_monitor(live_world, new_page):
    _world_of_figures()
    base = live_world.url
    page = new_page()
    login(page, base, "analyst.ijsselland")
    page.get_by_role("link", name="Cijfers").click()
    check_axe(page)

    page.get_by_label("Periode", exact=True).select_option("last-quarter")
    page.get_by_label("Gemeente", exact=True).select_option(label="Zwolle")
    page.get_by_role("button", name="Cijfers tonen").click()
    check_axe(page)
    assert _headline(page, "Signalen") == "6"
    assert _headline(page, "Mogelijke slachtoffers (personen)") == "5"  # two signals, one person

    page.get_by_label("Periode", exact=True).select_option("this-year")
    page.get_by_label("Gemeente", exact=True).select_option(label="Alle")
    page.get_by_role("button", name="Cijfers tonen").click()
    forms = page.locator("#figure-forms")
    assert "Grootste groei: Criminele uitbuiting" in forms.inner_text()
    assert "Politie" in page.locator("#figure-sectors .kz-figure__note").inner_text()
    assert _headline(page, "Casussen over hun termijn") == "5"
    assert page.locator("#figure-municipalities svg").count() == 1  # the map beside its table

    page.get_by_role("link", name="Monitor downloaden (PDF, Excel)").click()
    page.get_by_label("Periode", exact=True).select_option("")
    page.get_by_label("Van", exact=True).fill("2020-09-01")
    page.get_by_label("Tot en met", exact=True).fill("2021-07-01")
    page.get_by_role("button", name="Periode kiezen").click()
    check_axe(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download als PDF").click()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "1 september 2020 tot en met 1 juli 2021" in text and "<5" in text
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download als Excel").click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    cells = [str(c) for ws in book.worksheets if ws.sheet_state == "visible" and ws.title != "Toelichting"
             for r in ws.iter_rows(min_row=3, values_only=True) for c in r[1:] if c is not None]
    assert "<5" in cells and not [c for c in cells if re.fullmatch(r"[1-4]", c)]
