"""The staff survey (issue 19 item 2): seed 001's 2021 round reproduced, a staff member's anonymous
answer through the round's link, floods and forged answers refused, results only in aggregate with
small counts hidden, who reads and who runs the rounds, and the API."""
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.regions.models import Region
from ketenzicht.survey import results, services
from ketenzicht.survey.models import Answer, Response, Round, State

from ..helpers import api_client, user, verified

GOOD = {"municipality": "GM0193", "sector": "safety", "suspected": ["criminal", "labour"], "would_report": "yes",
        "route": "no", "help": ["route", "training"]}


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


@pytest.fixture
def first(ijsselland):
    return Round.objects.get(region=ijsselland, title="Medewerkerspeiling 2021")


@pytest.fixture
def second(ijsselland):
    return Round.objects.get(region=ijsselland, title="Medewerkerspeiling 2026")


def shares(region, found):
    column = results.columns(region, [found])[0]
    return column, {key: cell.percent for key, cell in column.cells.items()}


def test_the_2021_round_gives_the_seeds_percentages(ijsselland, first):
    column, pct = shares(ijsselland, first)
    assert (first.state, first.invited, column.responses, column.rate) == (State.CLOSED, 235, 112, 48)
    assert [pct["suspected", f] for f in ("sexual", "criminal", "labour")] == [46, 55, 36]
    assert [pct["help", h] for h in ("information", "route", "awareness", "training")] == [58, 56, 50, 38]
    assert (pct["would_report", "yes"], pct["would_report", "maybe"]) == (90, 8)  # 9 in 10; 8% maybe
    assert (pct["route", "unknown"], pct["route", "yes"], pct["route", "no"]) == (50, 32, 18)  # half; a third; a fifth
    assert pct["sector", "social_team"] == 43
    assert Response.objects.filter(round=first).count() == 112


def test_half_up_rounding():
    assert [results.percentage(n, 112) for n in (52, 62, 40, 63)] == [46, 55, 36, 56]
    assert results.percentage(1, 8) == 13 and results.percentage(0, 0) is None


def test_small_counts_are_hidden(ijsselland, second):
    for _n in range(3):
        services.submit(second, GOOD)
    column, pct = shares(ijsselland, second)
    assert column.shown_responses == "<5" and set(pct.values()) == {None}  # too few: nothing shown
    for _n in range(3):
        services.submit(second, {**GOOD, "suspected": ["sexual"], "help": []})
    column, pct = shares(ijsselland, second)
    assert column.shown_responses == 6
    assert pct["municipality", "GM0193"] == 100 and pct["route", "no"] == 100
    assert pct["suspected", "sexual"] is None and pct["suspected", "criminal"] is None  # 3 each: below 5
    assert pct["help", "information"] is None  # none chose it: zero is hidden too


def test_a_response_keeps_nothing_that_names_anyone():
    assert {f.name for f in Response._meta.get_fields()} == {"id", "round", "submitted_on", "answers"}


@pytest.mark.parametrize(("answers", "field"), [
    ({**GOOD, "suspected": ["<script>alert(1)</script>"]}, "suspected"),
    ({**GOOD, "suspected": ["none", "sexual"]}, "suspected"),
    ({**GOOD, "municipality": "GM0363"}, "municipality"),  # Amsterdam: not one of the region's
    ({**GOOD, "route": ""}, "route"),
    ({**GOOD, "would_report": ["yes", "no"]}, "would_report"),
])
def test_the_service_refuses_unknown_answers(second, answers, field):
    with pytest.raises(Invalid) as refused:
        services.submit(second, answers)
    assert field in refused.value.errors
    assert not Response.objects.filter(round=second).exists()


def test_a_closed_round_takes_nothing(first):
    with pytest.raises(Refused):
        services.submit(first, GOOD)
    assert Response.objects.filter(round=first).count() == 112


# ------------------------------------------------------------------------------------- the public page
def test_a_staff_member_answers_without_an_account_once(second):
    client = Client(enforce_csrf_checks=True)
    url = second.public_path
    page = client.get(url)
    assert page.status_code == 200 and "Bij welke gemeente werkt u?" in page.content.decode()
    token = page.cookies["csrftoken"].value
    answered = client.post(url, {**GOOD, "csrfmiddlewaretoken": token})
    assert answered.status_code == 302 and answered["Location"].endswith("/bedankt")
    assert Response.objects.filter(round=second).count() == 1
    assert set(Answer.objects.filter(round=second).values_list("question", "option")) == {
        ("municipality", "GM0193"), ("sector", "safety"), ("suspected", "criminal"), ("suspected", "labour"),
        ("would_report", "yes"), ("route", "no"), ("help", "route"), ("help", "training")}
    again = client.post(url, {**GOOD, "csrfmiddlewaretoken": token})
    assert again.status_code == 409 and "al ingevuld" in again.content.decode()
    assert Response.objects.filter(round=second).count() == 1


def test_a_forged_cookie_does_not_count_as_answered(second):
    client = Client()
    client.cookies[f"peiling-{second.pk}"] = "1"  # unsigned
    assert client.post(second.public_path, GOOD).status_code == 302


def test_a_flood_from_one_address_is_refused(second, settings):
    settings.KETENZICHT_PUBLIC_RATE = 2
    for _n in range(2):
        assert Client().post(second.public_path, GOOD).status_code == 302
    refused = Client().post(second.public_path, GOOD)
    assert refused.status_code == 429
    assert "te veel antwoorden" in refused.content.decode()
    assert Response.objects.filter(round=second).count() == 2


def test_a_script_answer_is_refused_naming_the_question(second):
    page = Client().post(second.public_path, {**GOOD, "route": "<script>alert(1)</script>"})
    text = page.content.decode()
    assert page.status_code == 400
    assert re.search(r'Zijn er in uw gemeente afspraken[^<]*</a>: Kies een van de gegeven antwoorden', text)
    assert "Kies bij" not in text and "<script>alert" not in text  # the summary names the question, once
    assert re.search(r'<input[^>]*value="GM0193"[^>]*checked', text)  # what was chosen stays
    assert not Response.objects.filter(round=second).exists()


def test_closed_draft_and_unknown_links(first, ijsselland):
    closed = Client().post(first.public_path, GOOD)
    assert closed.status_code == 410 and "gesloten" in closed.content.decode()
    draft = services.create_round(user("analyst.ijsselland"), ijsselland, title="Concept", opens_on=date(2027, 1, 1),
                                  closes_on=date(2027, 1, 31))
    assert Client().get(draft.public_path).status_code == 404
    assert Client().get("/peiling/geen-bestaande-link").status_code == 404
    assert Response.objects.filter(round=first).count() == 112


# ------------------------------------------------------------------------------------- access
@pytest.mark.parametrize(("username", "sees"), [
    ("analyst.ijsselland", True), ("admin.ijsselland", True), ("liaison.zwolle", True),
    ("burgemeester.zwolle", True), ("care.ijsselland", False), ("police.ijsselland", False),
    ("privacy.ijsselland", False), ("reporter.zwolle", False), ("analyst.zeeland", False),
    ("liaison.goes", False), ("vergunningen.zwolle", False)])
def test_who_reads_the_results(world, username, sees):
    page = verified(Client(), username).get(reverse("survey:results", args=["ijsselland"]))
    assert page.status_code == (200 if sees else 404)
    if sees:
        text = page.content.decode()
        assert "Medewerkerspeiling 2021" in text and "46%" in text and "Medewerkerspeiling 2026" in text


@pytest.mark.parametrize(("username", "runs"), [
    ("analyst.ijsselland", True), ("admin.ijsselland", True), ("liaison.zwolle", False),
    ("burgemeester.zwolle", False), ("analyst.zeeland", False)])
def test_who_runs_rounds(ijsselland, username, runs):
    client = verified(Client(), username)
    new = client.post(reverse("survey:new", args=["ijsselland"]), {
        "title": "Peiling 2027", "opens_on": "2027-03-01", "closes_on": "2027-03-21", "invited": "250"})
    assert new.status_code == (302 if runs else 404)
    assert Round.objects.filter(title="Peiling 2027").exists() == runs
    if not runs:
        with pytest.raises(PermissionDenied):
            services.create_round(user(username), ijsselland, title="X", opens_on=date(2027, 1, 1),
                                  closes_on=date(2027, 1, 2))


def test_the_analyst_opens_and_closes_a_round_and_sees_its_link(ijsselland, second):
    client = verified(Client(), "analyst.ijsselland")
    page = client.get(reverse("survey:results", args=["ijsselland"])).content.decode()
    assert second.public_path in page
    assert client.post(reverse("survey:move", args=["ijsselland", second.pk, "close"])).status_code == 302
    second.refresh_from_db()
    assert second.state == State.CLOSED
    again = client.post(reverse("survey:move", args=["ijsselland", second.pk, "open"]), follow=True)
    assert "dat kan nu niet" in again.content.decode()
    second.refresh_from_db()
    assert second.state == State.CLOSED
    liaison_page = verified(Client(), "liaison.zwolle").get(reverse("survey:results", args=["ijsselland"]))
    assert second.token not in liaison_page.content.decode()  # the link is the organisers' to hand out


def test_a_round_with_wrong_dates_is_refused_with_what_was_typed(ijsselland):
    page = verified(Client(), "analyst.ijsselland").post(reverse("survey:new", args=["ijsselland"]), {
        "title": "Peiling <b>", "opens_on": "2027-03-21", "closes_on": "2027-03-01", "invited": "-3"})
    text = page.content.decode()
    assert page.status_code == 400 and "Gebruik geen &lt; of &gt;" in text and 'value="-3"' in text
    page = verified(Client(), "analyst.ijsselland").post(reverse("survey:new", args=["ijsselland"]), {
        "title": "Peiling", "opens_on": "2027-03-21", "closes_on": "2027-03-01", "invited": "3"})
    assert page.status_code == 400 and "sluitdatum ligt vóór de openingsdatum" in page.content.decode()
    assert not Round.objects.filter(title__startswith="Peiling").exists()


# ------------------------------------------------------------------------------------- API
def test_api_lists_reads_and_creates_rounds(ijsselland, first, second):
    analyst = api_client("analyst.ijsselland")
    listed = analyst.get("/api/v1/survey-rounds?region=ijsselland")
    assert listed.status_code == 200 and [r["title"] for r in listed.json()] == [first.title, second.title]
    assert listed.json()[1]["link"].endswith(second.public_path) and listed.json()[0]["link"] is None
    made = analyst.post("/api/v1/survey-rounds", {"region": "ijsselland", "title": "Peiling 2027",
                                                  "opens_on": "2027-03-01", "closes_on": "2027-03-21",
                                                  "invited": 240}, format="json")
    assert made.status_code == 201 and made.json()["state"] == "draft"
    wrong = analyst.post("/api/v1/survey-rounds", {"region": "ijsselland", "title": "X", "opens_on": "2027-03-21",
                                                   "closes_on": "2027-03-01"}, format="json")
    assert wrong.status_code == 400 and wrong["Content-Type"] == "application/problem+json"
    assert "closes_on" in str(wrong.json())
    liaison = api_client("liaison.zwolle")
    assert liaison.post("/api/v1/survey-rounds", {"region": "ijsselland", "title": "X", "opens_on": "2027-03-01",
                                                  "closes_on": "2027-03-21"}, format="json").status_code == 400
    assert liaison.get(f"/api/v1/survey-rounds/{first.pk}").json()["link"] is None
    assert api_client("analyst.zeeland").get(f"/api/v1/survey-rounds/{first.pk}").status_code == 404
    assert api_client("analyst.zeeland").get(f"/api/v1/survey-rounds/{first.pk}/results").status_code == 404
    assert api_client("care.ijsselland").get("/api/v1/survey-rounds").json() == []


def test_api_results_are_aggregated_and_suppressed(first, second):
    analyst = api_client("analyst.ijsselland")
    body = analyst.get(f"/api/v1/survey-rounds/{first.pk}/results").json()
    assert (body["responses"], body["response_rate"], body["threshold"]) == (112, 48, 5)
    suspected = next(q for q in body["questions"] if q["code"] == "suspected")
    assert [o["percent"] for o in suspected["options"]][:3] == [46, 55, 36]
    services.submit(second, GOOD)
    body = analyst.get(f"/api/v1/survey-rounds/{second.pk}/results").json()
    assert body["responses"] is None and {o["percent"] for q in body["questions"] for o in q["options"]} == {None}
    assert second.token not in str(body)


def test_rounds_list_is_paged(ijsselland):
    analyst = user("analyst.ijsselland")
    for n in range(3):
        services.create_round(analyst, ijsselland, title=f"R{n}", opens_on=date(2027, 1, 1) + timedelta(days=40 * n),
                              closes_on=date(2027, 1, 21) + timedelta(days=40 * n))
    page = api_client("analyst.ijsselland").get("/api/v1/survey-rounds?size=2&page=2")
    assert page.status_code == 200 and len(page.json()) == 2 and page["X-Total-Count"] == "5"
    assert api_client("analyst.ijsselland").get("/api/v1/survey-rounds?size=1000").status_code == 400


def test_the_results_take_the_same_queries_for_one_round_or_many(ijsselland, first, second):
    with CaptureQueriesContext(connection) as one:
        results.columns(ijsselland, [first])
    with CaptureQueriesContext(connection) as two:
        results.columns(ijsselland, [first, second])
    assert len(one) == len(two) == 3
