"""The inbox read a page at a time by its rank (issue 17): every signal of a many-municipality
scope once and in inbox order, both ways; a bounded count that says "more than"; a constant number
of queries whatever the page size; forged and foreign cursors and bad sizes refused by name; one
access-log row per page with that page's ids."""
import html
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.intake import queries, views
from ketenzicht.intake.models import Signal, SignalMunicipality, inbox_rank_sql
from ketenzicht.lib import keyset
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, case_with_care_track, is_postgres, signal, user, verified


@pytest.fixture
def scope(world):
    """liaison.zwolle handles Zwolle and Deventer; signals in each, in both (one signal, two links),
    elsewhere, acute, urgent, seen, overdue and closed, one with a case; and her own report in Kampen."""
    liaison = user("liaison.zwolle")
    zwolle = liaison.assignments[0]
    RoleAssignment.objects.create(user=liaison, role=Role.LIAISON, organisation=zwolle.organisation,
                                  municipality=Municipality.objects.get(cbs_code="GM0150"),
                                  approved_at=timezone.now())
    case = case_with_care_track()  # a Deventer signal that became a case: first in the inbox
    made = []
    for i in range(24):
        code = ("GM0193", "GM0150", "GM0166")[i % 3]
        others = ("GM0150",) if i % 4 == 0 and code == "GM0193" else ()
        made.append(signal("liaison.deventer" if code == "GM0150" else "liaison.zwolle", code,
                           date(2026, 1, 1) + timedelta(days=i % 7), others=others))
    now = timezone.now()
    Signal.objects.filter(pk__in=[s.pk for s in made[:3]]).update(is_acute=True)
    Signal.objects.filter(pk__in=[s.pk for s in made[3:6]]).update(urgency="urgent")
    Signal.objects.filter(pk__in=[s.pk for s in made[6:12]]).update(first_seen_at=now)
    Signal.objects.filter(pk__in=[s.pk for s in made[12:15]]).update(deadline_at=now - timedelta(days=2))
    Signal.objects.filter(pk__in=[s.pk for s in made[15:18]]).update(is_open=False)
    Signal.objects.filter(case=case).update(is_acute=True, urgency="urgent")
    for s in Signal.objects.all():
        SignalMunicipality.sync_inbox_keys(s.pk)
    return user("liaison.zwolle")


def expected(liaison, status="open"):
    """The inbox as the rule says, computed here: what the liaison may see, by rank then id."""
    handled = {"GM0193", "GM0150"}
    rows = []
    for s in Signal.objects.prefetch_related("municipality_links__municipality"):
        visible = s.reporter_id == liaison.pk or handled & {link.municipality.cbs_code
                                                            for link in s.municipality_links.all()}
        if visible and (status == "all" or s.is_open == (status == "open")):
            rank = SignalMunicipality.objects.filter(signal=s, is_lead=True).get().inbox_rank
            rows.append((rank, s.pk.hex, s.pk))
    return [pk for _rank, _hex, pk in sorted(rows)]


def walk(client, first, size):
    """Every page of an API list from its first, following `next`: the ids in order."""
    seen, page = [], client.get(first).json()
    while True:
        seen += [item["id"] for item in page["results"]]
        assert len(page["results"]) <= size
        if not page["next"]:
            return seen, page
        page = client.get(page["next"]).json()


@pytest.mark.parametrize("status", ["open", "all", "closed"])
def test_the_api_walks_the_whole_inbox_once_in_order(scope, status):
    client = api_client("liaison.zwolle")
    seen, last = walk(client, f"/api/v1/signals?size=4&status={status}", 4)
    want = [str(pk) for pk in expected(scope, status)]
    assert seen == want and len(want) >= 3
    assert last["count"] == len(want) and last["count_is_exact"] is True
    # And back from the last page, following `previous`.
    back, page = [], last
    while page["previous"]:
        page = client.get(page["previous"]).json()
        back = [item["id"] for item in page["results"]] + back
    assert back == want[:len(back)] and len(back) >= len(want) - 4


def test_numbered_pages_and_the_page_agree_with_the_walk(scope, client):
    want = [str(pk) for pk in expected(scope)]
    api = api_client("liaison.zwolle")
    second = api.get("/api/v1/signals?size=5&page=2").json()
    assert [item["id"] for item in second["results"]] == want[5:10]
    assert api.get("/api/v1/signals?size=5&page=40").status_code == 404
    verified(client, "liaison.zwolle")
    page = client.get("/signalen").content.decode()
    assert sorted(want, key=page.index) == want
    assert f"{len(want)} signalen" in page


def test_the_count_stops_at_its_limit_and_says_more(scope, client, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_LIMIT", 5)
    monkeypatch.setattr(queries.keyset, "COUNT_LIMIT", 5)
    monkeypatch.setattr(queries._count, "__defaults__", (5,))
    body = api_client("liaison.zwolle").get("/api/v1/signals?size=2").json()
    assert body["count"] == 5 and body["count_is_exact"] is False
    page = verified(client, "liaison.zwolle").get("/signalen").content.decode()
    assert "Meer dan 5 signalen" in page and "van meer dan 5 getoond" in page


def test_text_search_stays_bounded_and_says_so(scope, client):
    target, other = expected(scope)[4:6]
    found = Signal.objects.get(pk=target)
    found.description = "Een bijzondere naald in de hooiberg"  # encrypted: saved through the model
    found.save()
    page = verified(client, "liaison.zwolle").get("/signalen?q=NAALD").content.decode()
    assert str(target) in page and str(other) not in page
    assert "Tekst gezocht in de 500 signalen" in page


def test_a_page_of_signals_costs_the_same_queries_at_any_size(scope, client, django_assert_num_queries,
                                                               monkeypatch):
    api = api_client("liaison.zwolle")
    api.get("/api/v1/signals?size=1")  # the token's first use writes its last-used time
    with CaptureQueriesContext(connection) as small:
        assert len(api.get("/api/v1/signals?size=2&status=all").json()["results"]) == 2
    with django_assert_num_queries(len(small)):
        assert len(api.get("/api/v1/signals?size=20&status=all").json()["results"]) == 20
    verified(client, "liaison.zwolle")
    client.get("/signalen")
    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 2)
    with CaptureQueriesContext(connection) as small:
        client.get("/signalen?status=all")
    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 20)
    with django_assert_num_queries(len(small)):
        assert client.get("/signalen?status=all").content.decode().count("data-signal=") == 20


def test_a_page_of_signals_builds_no_queryset_per_signal_and_relation(scope, monkeypatch):
    """Into a related manager Django builds a filtered queryset per signal; the API's page reads its
    forms, indicators, barriers, persons and feedback as prefetched lists (twelve querysets per signal
    before). Only the links keep their manager, which the access rules read: two per signal."""
    api = api_client("liaison.zwolle")
    api.get("/api/v1/signals?size=1")
    built = []
    original = QuerySet.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "__init__", counting)
    sizes = {}
    for size in (2, 20):
        built.clear()
        data = api.get(f"/api/v1/signals?size={size}&status=all").json()
        assert len(data["results"]) == size and any(item["persons"] for item in data["results"])
        sizes[size] = len(built)
    assert sizes[20] - sizes[2] <= 2 * 18, sizes


def test_bad_sizes_and_cursors_are_refused_by_name(scope, client):
    api = api_client("liaison.zwolle")
    for size in ("0", "-1", str(10 ** 9), "tien"):
        refused = api.get(f"/api/v1/signals?size={size}")
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "size"
    good = api.get("/api/v1/signals?size=2").json()["next"].split("cursor=")[1]
    foreign = keyset.Keyset("notifications", "-latest").cursor({"latest": 5}, keyset.FORWARD)
    for cursor in (good[:-3], good[:-3] + "abc", "vervalst", foreign):
        refused = api.get("/api/v1/signals", {"cursor": cursor})
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "cursor"
        assert verified(client, "liaison.zwolle").get("/signalen", {"cursor": cursor}).status_code == 400


def test_each_list_request_writes_one_log_row_with_its_page(scope, client):
    api = api_client("liaison.zwolle")
    before = AccessLog.objects.count()
    body = api.get("/api/v1/signals?size=3").json()
    rows = list(AccessLog.objects.order_by("-pk")[:AccessLog.objects.count() - before])
    assert len(rows) == 1 and rows[0].action == "list"
    assert rows[0].detail["ids"] == [item["id"] for item in body["results"]]
    before = AccessLog.objects.count()
    verified(client, "liaison.zwolle").get("/signalen")
    listed = AccessLog.objects.filter(action="list").order_by("-pk")
    assert AccessLog.objects.count() - before == 1
    assert listed[0].detail["ids"] == [str(pk) for pk in expected(scope)[:25]]


@pytest.mark.skipif(not is_postgres(), reason="the rank's SQL form is for PostgreSQL (bulk loads, migration)")
def test_the_rank_in_sql_is_the_rank_in_python(scope):
    with connection.cursor() as cursor:
        cursor.execute(f"select inbox_rank, {inbox_rank_sql()} from intake_signalmunicipality")
        pairs = cursor.fetchall()
    assert pairs and all(stored == computed for stored, computed in pairs)


def test_the_acute_route_list_pages_to_its_end(world, client, monkeypatch):
    """Police's list of open acute signals stopped at 100 without saying so."""
    made = [signal("liaison.zwolle", "GM0193", date(2026, 2, 1) + timedelta(days=i % 9)) for i in range(13)]
    Signal.objects.filter(pk__in=[s.pk for s in made]).update(is_acute=True)
    monkeypatch.setattr(views, "ACUTE_PAGE_SIZE", 5)
    verified(client, "police.ijsselland")
    seen, url = [], "/acute-route"
    while url:
        body = client.get(url).content.decode()
        seen += re.findall(r'href="/signalen/([0-9a-f-]{36})/acute-route"', body)
        following = re.search(r'href="(\?cursor=[^"]+)">Volgende', body)
        url = "/acute-route" + html.unescape(following.group(1)) if following else None
    assert sorted(seen) == sorted(str(s.pk) for s in made) and len(seen) == len(set(seen))
    assert "5 van 13 getoond" in client.get("/acute-route").content.decode()
    with CaptureQueriesContext(connection) as small:
        client.get("/acute-route")
    monkeypatch.setattr(views, "ACUTE_PAGE_SIZE", 12)
    with CaptureQueriesContext(connection) as large:
        client.get("/acute-route")
    assert len(small) == len(large)
