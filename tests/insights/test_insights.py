"""Figures: computed right, suppressed safely, shown to whom the policy allows, exported."""
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ketenzicht.care import services as care
from ketenzicht.care.models import Consent
from ketenzicht.cases.models import Case
from ketenzicht.insights import figures
from ketenzicht.insights.selection import Selection
from ketenzicht.intake import services
from ketenzicht.intake.models import ExploitationForm
from ketenzicht.regions.models import Municipality, Region

from ..helpers import api_client, at, case_with_care_track, signal, user, verified

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------------------------- figures


@pytest.fixture
def picture(world):
    """Zwolle: 7 signals this year (6 labour, 1 sexual), 2 last year; Deventer: 2; one repeat victim."""
    this_year = date(2026, 3, 10)
    zwolle = [signal("liaison.zwolle", "GM0193", this_year + timedelta(days=i)) for i in range(6)]
    zwolle.append(signal("reporter.zwolle", "GM0193", this_year, form="sexual", others=("GM0148",)))
    for i in range(2):
        signal("liaison.zwolle", "GM0193", date(2025, 3, 12 + i), form="sexual")
    signal("liaison.deventer", "GM0150", this_year, kind="advice")
    signal("liaison.deventer", "GM0150", this_year, persons=[])
    liaison = user("liaison.zwolle")
    services.link(liaison, zwolle[1], zwolle[0])
    services.link_person(liaison, zwolle[1].persons.get(), zwolle[0].persons.get())
    return Selection(region=Region.objects.get(slug="ijsselland"), start=date(2026, 1, 1), end=date(2026, 6, 30))


def figure(selection, key):
    return figures.compute(selection, [key])[0]


def row(table, key):
    return next(r for r in table.rows if r.key == key).values


def shown(table, key, threshold=None):
    """A row's values as shown: exact, or as published with the threshold."""
    return next(values for r, values in table.publish(threshold).shown_rows() if r.key == key)


def test_municipality_figures_count_signals_kinds_and_people(picture):
    table = figure(picture, "municipalities")
    zwolle, deventer = row(table, "GM0193"), row(table, "GM0150")
    assert (zwolle["signal"], zwolle["victims"]) == (7, 6)  # two records of one person
    assert (deventer["advice"], deventer["signal"], deventer["victims"]) == (1, 1, 1)
    assert shown(table, "GM0193")["rate"] == round(10_000 * 7 / 129_840, 1)
    assert shown(table, "GM0193", 5)["rate"] == round(10_000 * 5 / 129_840, 1)  # from the published count
    people = figure(picture, "people")
    assert row(people, "registrations")["n"] == 8 and row(people, "persons")["n"] == 7


def test_form_growth_and_silent_sectors(picture):
    forms = figure(picture, "forms")
    labour = shown(forms, "labour")
    assert (labour["now"], labour["year_earlier"], labour["change"], labour["change_pct"]) == (8, 0, 8, None)
    assert shown(forms, "sexual")["change"] == -1
    assert forms.publish().emphasis == {"labour"} and forms.publish().note.startswith("Grootste groei")
    assert forms.publish(5).emphasis == set()  # growth from "<5" (none or a few) is not known
    sectors = figure(picture, "sectors")
    assert row(sectors, "politie")["n"] == 0 and "Politie" in sectors.publish().note
    assert "Geen of minder dan 5 signalen uit" in sectors.publish(5).note and "Wijkteam" in sectors.publish(5).note
    assert row(sectors, "wijkteam")["n"] == 1  # the wijkteam's reporter


def test_enrichment_moves_a_signal_to_another_form(picture):
    """The figures' copy of the forms follows the liaison's correction."""
    one = picture.signals().filter(exploitation_forms__code="sexual").get()
    services.update(user("liaison.zwolle"), one, {"exploitation_forms": [ExploitationForm.objects.get(code="labour")],
                                                  "indicators": []}, one.version)
    assert row(figure(picture, "forms"), "labour")["now"] == 9 and row(figure(picture, "forms"), "sexual")["now"] == 0
    zwolle = Selection(**{**picture.__dict__, "municipality": Municipality.objects.get(cbs_code="GM0193")})
    assert row(figure(zwolle, "forms"), "labour")["now"] == 7
    assert figure(picture, "indicators").rows[0].values["n"] == 8  # the one without indicators left out


def test_filters_narrow_every_figure(picture):
    zwolle = Selection(**{**picture.__dict__, "municipality": Municipality.objects.get(cbs_code="GM0193")})
    assert row(figure(zwolle, "people"), "signals")["n"] == 7
    assert [r.key for r in figure(zwolle, "municipalities").rows] == ["GM0193"]
    sexual = Selection(**{**picture.__dict__, "form": ExploitationForm.objects.get(code="sexual")})
    assert row(figure(sexual, "people"), "signals")["n"] == 1
    dalfsen = row(figure(picture, "cross-border"), "GM0148")
    assert dalfsen["several"] == 1
    assert row(figure(zwolle, "cross-border"), "GM0193")["several"] == 1  # Zwolle's signal also in Dalfsen
    assert row(figure(zwolle, "people"), "persons")["n"] == 6


def test_lead_times_and_what_is_overdue(world):
    """Medians over the signals that reached a moment; overdue is today's state, not the period's."""
    from ketenzicht.intake.models import Signal
    day = date(2024, 5, 6)
    signals = [signal("reporter.zwolle", "GM0193", day) for _ in range(3)]
    received = at(day)
    for s, seen in zip(signals, (1, 2, 4), strict=True):
        Signal.objects.filter(pk=s.pk).update(first_seen_at=received + timedelta(days=seen))
    for s, took in zip(signals[:2], (3, 7), strict=True):
        Signal.objects.filter(pk=s.pk).update(is_open=False, closed_at=received + timedelta(days=took))
    Signal.objects.filter(pk=signals[2].pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    may = Selection(region=Region.objects.get(slug="ijsselland"), start=date(2024, 5, 1), end=date(2024, 5, 31))
    times = figure(may, "lead-times")
    assert row(times, "first_action") == {"n": 3, "median": 2.0}
    assert row(times, "closure") == {"n": 2, "median": 5.0}
    assert row(times, "decision") == {"n": 0, "median": None}
    overdue = figure(may, "overdue")
    assert row(overdue, "signals")["n"] == Signal.objects.filter(is_open=True, deadline_at__lt=timezone.now()).count()
    assert row(overdue, "signals")["n"] >= 1
    Signal.objects.filter(pk=signals[2].pk).update(is_open=False)
    assert row(figure(may, "overdue"), "signals")["n"] == row(overdue, "signals")["n"] - 1


def test_overdue_cases_count_each_case_once_and_every_late_track(world):
    """A case is late past its deadline or with a track past its review date (once, however many);
    every late open track counts. Counted in the database, not listed."""
    first, second, third = case_with_care_track(), case_with_care_track(), case_with_care_track()
    yesterday = timezone.localdate() - timedelta(days=1)
    first.tracks.update(review_on=yesterday)
    first.tracks.create(kind="straf", owner=first.tracks.get().owner, review_on=yesterday)
    Case.objects.filter(pk=first.pk).update(deadline_at=timezone.now() - timedelta(days=1))
    Case.objects.filter(pk=second.pk).update(deadline_at=timezone.now() - timedelta(days=1))
    third.tracks.update(review_on=yesterday, is_open=False)  # closed: not late
    overdue = figure(Selection(region=Region.objects.get(slug="ijsselland"), start=date(2026, 1, 1),
                               end=date(2026, 3, 31)), "overdue")
    assert (row(overdue, "cases")["n"], row(overdue, "tracks")["n"]) == (2, 2)


def test_linking_persons_needs_linked_signals_the_user_handles(picture):
    a, b = [s for s in picture.signals().filter(lead_municipality__cbs_code="GM0193")[:2]]
    deventer = picture.signals().filter(lead_municipality__cbs_code="GM0150", persons__isnull=False).first()
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        services.link_person(user("liaison.deventer"), deventer.persons.get(), a.persons.get())
    unlinked = picture.signals().filter(lead_municipality__cbs_code="GM0193", related__isnull=True).exclude(
        pk__in=[a.pk, b.pk]).first()
    with pytest.raises(PermissionDenied):
        services.link_person(user("liaison.zwolle"), unlinked.persons.get(), a.persons.get())


# ------------------------------------------------------------------------------------------ HTTP
QUERY = "?from=2026-01-01&to=2026-03-31"  # a whole quarter: the analyst gets fixed periods only


def test_analyst_sees_suppressed_figures_without_links(client, picture):
    verified(client, "analyst.ijsselland")
    page = client.get("/cijfers" + QUERY).content.decode()
    assert "&lt;5" in page and 'data-row="GM0193"' in page
    assert "/signalen?" not in page


def test_chair_sees_small_counts(client, picture):
    verified(client, "chair.ijsselland")
    page = client.get("/cijfers" + QUERY).content.decode()
    assert "&lt;5" not in page


def test_liaison_numbers_link_to_the_list_behind_them(client, picture):
    verified(client, "liaison.zwolle")
    page = client.get("/cijfers" + QUERY + "&municipality=GM0193").content.decode()
    assert "/signalen?status=all&amp;from=2026-01-01&amp;to=2026-03-31&amp;municipality=GM0193" in page
    listed = client.get("/signalen?status=all&from=2026-01-01&to=2026-03-31&municipality=GM0193").content.decode()
    assert "7 signalen" in listed
    verified(client, "liaison.deventer")
    assert "municipality=GM0193" not in client.get("/cijfers" + QUERY).content.decode()


@pytest.mark.parametrize("narrowed", ["", "&municipality=GM0193"])
def test_every_linked_number_is_the_length_of_the_list_it_opens(client, picture, narrowed):
    """Only a count of every signal of its row links to the row's list: not a form's, a year earlier's,
    a rate or a count of people (the March row has 7 signals this year and 2 a year earlier). The
    liaison's figures are rounded down to fives: the list holds what the number rounds."""
    verified(client, "liaison.zwolle")
    page = client.get("/cijfers" + QUERY + narrowed).content.decode()
    links = re.findall(r'<a class="utrecht-link" href="(/signalen\?status=[^"]+)">([^<]+)</a>', page)
    assert links and any("month=2026-03" in href for href, _text in links) == bool(narrowed)
    for href, text in links:
        listed = client.get(unescape(href)).content.decode()
        count = int(re.search(r"<caption[^>]*>(\d+) signa(?:al|len)\b", listed).group(1))
        assert count // 5 * 5 == int(text), (href, text, count)


def test_the_list_behind_a_number_keeps_its_narrowing_on_every_page(client, world):
    for i in range(27):
        signal("liaison.zwolle", "GM0193", date(2026, 2, 1) + timedelta(days=i % 20))
    signal("liaison.zwolle", "GM0193", date(2025, 2, 1))
    verified(client, "liaison.zwolle")
    first = client.get("/signalen?status=all&from=2026-02-01&to=2026-02-28&municipality=GM0193").content.decode()
    assert "27 signalen" in first and len(re.findall(r'href="/signalen/[0-9a-f-]{36}"', first)) == 25
    following = re.search(r'href="(\?status=all&amp;from=2026-02-01&amp;to=2026-02-28&amp;municipality=GM0193'
                          r'&amp;cursor=[^"]+)"', first)
    assert following, "the link to the next page keeps the narrowing"
    second = client.get("/signalen" + unescape(following.group(1))).content.decode()
    assert "27 signalen" in second and len(re.findall(r'href="/signalen/[0-9a-f-]{36}"', second)) == 2


@pytest.mark.parametrize("username", ["reporter.zwolle", "privacy.ijsselland", "opvang.ijsselland"])
def test_no_dashboard_without_a_figure_role(client, world, username):
    verified(client, username)
    assert client.get("/cijfers").status_code == 404
    assert api_client(username).get("/api/v1/stats/people").status_code == 403


@pytest.mark.parametrize("query,field", [("?from=2026-05-01&to=2026-01-01", "Tot en met"),
                                         ("?municipality=GM9999", "Gemeente"), ("?from=gisteren", "Van"),
                                         ("?region=zeeland", "Regio"), ("?form=<script>", "Vorm van uitbuiting")])
def test_bad_selection_is_named_in_dutch_and_kept(client, world, query, field):
    verified(client, "analyst.ijsselland")
    response = client.get("/cijfers" + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert field in page and "<script>" not in page


def test_api_figure_hides_small_counts(picture):
    api = api_client("analyst.ijsselland")
    body = api.get("/api/v1/stats/municipalities" + QUERY).json()
    deventer = next(r for r in body["rows"] if r["key"] == "GM0150")
    assert deventer["values"]["advice"] is None and "advice" in deventer["hidden"] and body["threshold"] == 5
    assert api.get("/api/v1/stats/nope").status_code == 404
    bad = api.get("/api/v1/stats/people?to=morgen&colour=red")
    assert bad.status_code == 400 and {p["name"] for p in bad.json()["invalid_params"]} == {"colour"}
    assert api.get("/api/v1/stats/people?to=morgen").json()["invalid_params"][0]["name"] == "to"
    assert [f["figure"] for f in api.get("/api/v1/stats").json()][:2] == ["people", "overdue"]


def test_csv_is_published_and_safe(client, picture):
    verified(client, "chair.ijsselland")
    text = b"".join(client.get("/cijfers/municipalities.csv" + QUERY).streaming_content).decode()
    assert "Deventer;<5" in text  # the chair sees small counts on screen, never in a download


def _visible_small(texts):
    import re
    return [t for t in texts if re.fullmatch(r"[1-4]", t.strip())]


def test_monitor_downloads_hide_small_counts(client, picture):
    verified(client, "analyst.ijsselland")
    pdf = client.get("/cijfers/monitor.pdf" + QUERY)
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    assert "Monitor mensenhandel IJsselland" in text and "Zwolle" in text and "<5" in text
    xlsx = client.get("/cijfers/monitor.xlsx" + QUERY)
    book = load_workbook(io.BytesIO(xlsx.getvalue()))
    sheet = book["Gemeenten"]
    values = [str(c.value) for r in sheet.iter_rows(min_row=3) for c in r[1:] if c.value is not None]
    assert "<5" in values and not _visible_small(values)
    header = [c.value for c in sheet[2]]
    zwolle = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "Zwolle")
    assert zwolle[header.index("Meldingen")] == 5  # 7, rounded down to a multiple of five
    assert client.get("/cijfers/monitor.doc" + QUERY).status_code == 404


def test_htcds_export_holds_only_consented_pseudonymised_records(client, picture):
    coordinator = user("care.ijsselland")
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    source = picture.signals().filter(lead_municipality=zwolle).first()
    kept = care.open_trajectory(coordinator, name="Anna K.", municipality=zwolle, age=24, gender="female",
                                signal=source)
    care.record_consent(coordinator, kept, "comensha", "written", date(2026, 1, 5))
    withdrawn = care.open_trajectory(coordinator, name="Olena P.", municipality=zwolle, age=30)
    care.record_consent(coordinator, withdrawn, "comensha", "written", date(2026, 1, 5))
    care.withdraw_consent(coordinator, Consent.objects.get(trajectory=withdrawn))
    care.open_trajectory(coordinator, name="Sara D.", municipality=zwolle, age=19)  # no consent at all
    period = f"?from={timezone.localdate().isoformat()}&to={timezone.localdate().isoformat()}"
    records = api_client("care.ijsselland").get("/api/v1/stats/htcds-records" + period).json()
    assert len(records) == 1
    record = records[0]
    assert record["TraffickingStatus"] == "Possible victim of trafficking" and record["Gender"] == "Female"
    assert record["MethodsOfControlWithholdsDocuments"] is True
    assert "Anna" not in str(record) and str(kept.pk) not in str(record) and len(record["CaseId"]) == 16
    assert api_client("analyst.ijsselland").get("/api/v1/stats/htcds-records").status_code == 403
    verified(client, "care.ijsselland")
    text = b"".join(client.get("/cijfers/htcds.csv" + period).streaming_content).decode()
    assert text.count("\n") == 2 and "Anna" not in text


def test_api_filters_by_victim_age_group(picture):
    api = api_client("analyst.ijsselland")
    minors = api.get("/api/v1/stats/people" + QUERY + "&ageGroup=minor").json()
    assert "n" in next(r for r in minors["rows"] if r["key"] == "signals")["hidden"]
    adults = api.get("/api/v1/stats/people" + QUERY + "&ageGroup=23-29").json()
    assert next(r for r in adults["rows"] if r["key"] == "persons")["values"]["n"] == 5  # 7, rounded down
    assert api.get("/api/v1/stats/people?ageGroup=oud").json()["invalid_params"][0]["name"] == "ageGroup"
