"""Bad periods, wherever a period is typed: the dashboard's and the monitor's form (and the monitor's
downloads) and `/api/v1/stats…`. Each answers a clear 400 at once: a Dutch error at the field on the
pages, with what was typed kept in it; problem+json naming the parameter in the API."""
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.insights.selection import EARLIEST, MAX_YEARS, SelectionForm
from ketenzicht.regions.models import Region

from ..helpers import api_client, verified

pytestmark = pytest.mark.django_db

# (what is wrong, from, to, the field named, words of the error)
BAD = [
    ("a hundred years", "1926-01-01", "2025-12-31", "from", "tien jaar"),
    ("ten years and a day", "2016-01-01", "2026-01-01", "from", "tien jaar"),
    ("end before start", "2025-06-01", "2025-05-31", "to", "voor de begindatum"),
    ("start unparsable", "2025-13-45", "2025-12-31", "from", "geldige datum"),
    ("end unparsable", "2025-01-01", "eind december", "to", "geldige datum"),
    ("start far in the past", "0001-01-01", "0001-12-31", "from", "1 januari 2000"),
    ("start before the earliest", "1999-12-31", "2000-06-30", "from", "1 januari 2000"),
    ("end far in the future", "9999-01-01", "9999-12-31", "to", "toekomst"),
]
IDS = [case[0] for case in BAD]


@pytest.mark.parametrize(("what", "start", "end", "name", "words"), BAD, ids=IDS)
def test_the_api_refuses_a_bad_period_naming_the_parameter(world, what, start, end, name, words):
    client = api_client("care.ijsselland")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/stats/per-quarter", {"from": start, "to": end})
    assert not [q for q in queries if "intake_signal" in q["sql"]]  # refused before anything is counted
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    problems = response.json()["invalid_params"]
    assert [p["name"] for p in problems] == [name] and words in problems[0]["reason"], problems


@pytest.mark.parametrize(("what", "start", "end", "name", "words"), BAD, ids=IDS)
@pytest.mark.parametrize("path", ["/cijfers", "/cijfers/monitor", "/cijfers/monitor.pdf", "/cijfers/monitor.xlsx"])
def test_the_pages_refuse_a_bad_period_at_its_field_keeping_what_was_typed(client, world, path, what, start, end,
                                                                          name, words):
    verified(client, "care.ijsselland")
    response = client.get(path, {"from": start, "to": end})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    field = {"from": "start", "to": "end"}[name]
    error = html.index(f'id="id_{field}_error"')
    assert words in html[error:html.index("</p>", error)]
    assert f'value="{start}"' in html and f'value="{end}"' in html  # what was typed stays in the fields


def test_an_unknown_named_period_is_refused(client, world):
    response = api_client("care.ijsselland").get("/api/v1/stats/people", {"period": "last-century"})
    assert response.status_code == 400 and [p["name"] for p in response.json()["invalid_params"]] == ["period"]


def test_ten_whole_years_are_the_longest_period_and_accepted(world):
    region = Region.objects.get(name="IJsselland")
    today = date(2026, 11, 30)

    def form(start, end):
        return SelectionForm({"from": start.isoformat(), "to": end.isoformat()}, regions=[region],
                             free_regions=[region], today=today)

    start = date(2016, 1, 1)
    ten_years = date(start.year + MAX_YEARS, 1, 1) - timedelta(days=1)
    assert form(start, ten_years).is_valid()
    assert not form(start, ten_years + timedelta(days=1)).is_valid()
    assert form(EARLIEST, date(2009, 12, 31)).is_valid() and not form(EARLIEST - timedelta(days=1), EARLIEST).is_valid()
    leap = form(date(2016, 2, 29), date(2026, 2, 28))  # ten years from a leap day
    assert leap.is_valid(), leap.errors


def test_only_an_end_means_the_twelve_months_up_to_it(world):
    """The documented default of `from` is twelve months before the end, not a date that makes the
    period too long (an error about a field the user did not fill in)."""
    region = Region.objects.get(name="IJsselland")
    form = SelectionForm({"to": "2025-06-30"}, regions=[region], free_regions=[region], today=date(2026, 11, 30))
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (date(2024, 7, 1), date(2025, 6, 30))


def test_the_maximum_is_stated_in_the_form_and_the_openapi_description(client, world):
    verified(client, "care.ijsselland")
    for path in ("/cijfers", "/cijfers/monitor"):
        assert "Hoogstens tien jaar" in client.get(path).content.decode()
    schema = api_client("care.ijsselland").get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/stats/{figure}"]["get"]["parameters"]}
    assert "ten years" in parameters["from"]["description"] and "2000-01-01" in parameters["from"]["description"]


@pytest.mark.parametrize(("end", "name"), [("0001-06-30", "to"), ("2000-03-31", None)])
def test_only_an_end_before_the_earliest_day_is_refused_at_the_end(world, end, name):
    region = Region.objects.get(name="IJsselland")
    form = SelectionForm({"to": end}, regions=[region], free_regions=[region], today=date(2026, 11, 30))
    assert list(form.errors) == ([] if name is None else ["end"])
    if name is None:
        assert form.cleaned_data["start"] == EARLIEST  # not a default before the earliest day


@pytest.mark.parametrize(("username", "period"), [("chair.ijsselland", "last-12-months"), ("analyst.ijsselland", None)])
def test_with_no_period_chosen_the_form_shows_the_default_it_applies(client, world, username, period):
    """Not "choose dates" with empty dates while the figures are of the last twelve months (or, for
    rounded figures, of the last quarter that has ended)."""
    verified(client, username)
    page = client.get("/cijfers").content.decode()
    selected = re.search(r'<option value="([^"]+)" selected>', page[page.index('name="period"'):])
    assert selected and (selected.group(1) == period if period else re.fullmatch(r"\d{4}-q[1-4]", selected.group(1),
                                                                                   re.I)), selected
