"""The done-means of the figures, in the browser: the analyst answers the four questions from the
dashboard alone and downloads the monitor as PDF and Excel with no small count visible. The
analyst sees rounded figures (down to a multiple of five) of whole calendar periods."""
import io
import re
import subprocess
from datetime import timedelta

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenzicht.cases.models import Case
from ketenzicht.insights.selection import calendar_periods
from ketenzicht.intake import services

from ..helpers import check_page, login, signal, user


def _last_quarter():
    """(key, start) of the last quarter that has ended."""
    _group, quarters = calendar_periods(timezone.localdate())[1]
    key, _label, start, _end = quarters[0]
    return key, start


def _world_of_figures():
    today = timezone.localdate()
    _key, last_quarter = _last_quarter()
    zwolle = [signal("liaison.zwolle", "GM0193", last_quarter + timedelta(days=3 + i)) for i in range(6)]
    liaison = user("liaison.zwolle")
    services.link(liaison, zwolle[1], zwolle[0])
    services.link_person(liaison, zwolle[1].persons.get(), zwolle[0].persons.get())
    year_earlier = last_quarter.replace(year=last_quarter.year - 1)
    for i in range(11):  # criminal exploitation grows from 5 to 10 (rounded), sexual drops from 5 to <5
        signal("liaison.deventer", "GM0150", last_quarter + timedelta(days=i), form="criminal")
    for i in range(5):
        signal("liaison.deventer", "GM0150", year_earlier + timedelta(days=i), form="criminal")
    for i in range(7):
        signal("liaison.kampen", "GM0166", year_earlier + timedelta(days=i), form="sexual")
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
    check_page(page)

    assert "Afgeronde cijfers" in page.locator(".kz-rounding-note").inner_text()
    page.get_by_label("Periode", exact=True).select_option(_last_quarter()[0])
    page.get_by_label("Gemeente", exact=True).select_option(label="Zwolle")
    page.get_by_role("button", name="Cijfers tonen").click()
    check_page(page)
    assert _headline(page, "Signalen") == "5"  # 6, rounded down
    assert _headline(page, "Mogelijke slachtoffers (personen)") == "5"  # two signals, one person

    page.get_by_label("Gemeente", exact=True).select_option(label="Alle")
    page.get_by_role("button", name="Cijfers tonen").click()
    forms = page.locator("#figure-forms")
    assert "Grootste groei: Criminele uitbuiting" in forms.inner_text()
    assert "Politie" in page.locator("#figure-sectors .kz-figure__note").inner_text()
    assert _headline(page, "Casussen over hun termijn") == "5"
    check_page(page)
    assert page.locator("#figure-municipalities svg[role=img] path").count() == 11  # the map beside its table
    chart = page.locator("#figure-per-month svg[role=img]")
    assert chart.locator("desc").count() == 1 and chart.locator("text.kz-chart__tick").count() > 3  # an axis
    assert page.locator("#figure-forms svg text.kz-chart__value").count() >= 4  # a number at every bar
    with page.expect_download() as csv:
        page.get_by_role("link", name="Per gemeente als CSV").click()
    assert open(csv.value.path(), encoding="utf-8-sig").readline().startswith("Gemeente;")

    # CoMensha's view: a page of its own (it reads every signal of the period), same filters, rounded
    page.get_by_role("link", name="Aanmeldingen en slachtoffers zoals CoMensha telt").click()
    check_page(page)
    comensha = page.locator("#figure-comensha")
    assert "Alle melders" in comensha.inner_text() and "Onb" in comensha.inner_text()
    assert comensha.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"  # the styled panel
    assert "Afgeronde cijfers" in page.locator(".kz-rounding-note").inner_text()
    with page.expect_download() as csv:
        page.get_by_role("link", name="Aanmeldingen en slachtoffers (zoals CoMensha) als CSV").click()
    assert open(csv.value.path(), encoding="utf-8-sig").readline().startswith("Aangemeld door;")
    page.get_by_role("link", name="Terug naar de cijfers").click()

    page.get_by_role("link", name="Monitor downloaden (PDF, Excel)").click()
    check_page(page)
    assert "<5" in page.locator("main").inner_text() and "Een · staat voor een onderdrukt aantal" in page.content()
    page.get_by_label("Periode", exact=True).select_option("")
    page.get_by_label("Van", exact=True).fill("2020-09-01")
    page.get_by_label("Tot en met", exact=True).fill("2021-07-01")
    page.get_by_role("button", name="Periode kiezen").click()
    check_page(page)
    assert "een heel kwartaal of een heel jaar dat voorbij is" in page.content()  # a free period is refused
    page.get_by_label("Van", exact=True).fill("2020-01-01")
    page.get_by_label("Tot en met", exact=True).fill("2020-12-31")
    page.get_by_role("button", name="Periode kiezen").click()
    check_page(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download als PDF").click()
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "1 januari 2020 tot en met 31 december 2020" in text and "<5" in text and "naar beneden afgerond" in text
    info = subprocess.run(["pdfinfo", pdf.value.path()], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Download als Excel").click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    # Every count rounded; the basisniveau and the permits against the APV's maximum are numbers public
    # by law that count no people, shown exactly (insights.tables.NUMBER).
    exact = {"Toelichting", "Basisniveau", "Vergunningen"}
    cells = [str(c) for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in exact
             for r in ws.iter_rows(min_row=3, values_only=True) for c in r[1:] if c is not None]
    assert "<5" in cells and not [c for c in cells if re.fullmatch(r"[1-4]", c)]


def test_ten_years_of_months_are_readable_and_the_english_map_says_its_source_in_english(live_world, new_page):
    """The chair's longest period: a column a month for ten years keeps its size in a region that
    scrolls sideways (shrunk to the page, its numbers were 3 px high); in English the map's source
    and legend are English."""
    _world_of_figures()
    today = timezone.localdate()
    start = today.replace(year=today.year - 10) + timedelta(days=1)
    page = new_page()
    login(page, live_world.url, "chair.ijsselland")
    page.goto(f"{live_world.url}/cijfers?from={start.isoformat()}&to={today.isoformat()}")
    check_page(page)
    icon = page.locator("link[rel=icon]").get_attribute("href")  # no /favicon.ico 404 on every page
    assert page.request.get(live_world.url + icon).headers["content-type"].startswith("image/svg+xml")
    scroll = page.locator("#figure-per-month .kz-chart-scroll")
    assert scroll.get_attribute("tabindex") == "0" and scroll.get_attribute("aria-label") == "Grafiek: Per maand"
    assert scroll.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth + 100")  # wider than the page: it scrolls
    svg = scroll.locator("svg")
    natural = float(svg.get_attribute("viewBox").split()[3])
    assert svg.bounding_box()["height"] >= natural - 1  # drawn at its own size, not shrunk
    value = svg.locator("text.kz-chart__value").first
    assert value.evaluate("e => e.getBoundingClientRect().height") >= 10  # numbers a person can read
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    check_page(page)
    legend = page.locator("#figure-municipalities svg").inner_html()
    assert "Source: CBS and Kadaster (PDOK), municipal boundaries 2025, CC BY 4.0" in legend
    assert not re.search(r"\d,\d–", legend)
