"""The lists of cases, tasks, tracks, a table's waiting list and meetings (pages and API) are read a
page at a time by their keys (issue 17): every row once and in order when the next page is
followed, a page that shows part says how much and links the rest, the same number of queries
whatever the page size, one access-log row per page naming that page's ids, bad sizes and forged
cursors refused, and on PostgreSQL no sequential scan of the national tables."""
import pytest
from django.db import connection

from ketenzicht.cases import lists, views
from ketenzicht.cases.models import NO_DEADLINE, Case, Task, Track
from ketenzicht.lib.keyset import Keyset
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, is_postgres, user, verified
from . import bulk
from .walking import queries_of, scans, sql_of, walk_api, walk_page


def case_order(cases):
    return [str(c.pk) for c in sorted(cases, key=lambda c: (not c.is_acute, c.deadline_at or NO_DEADLINE,
                                                            -c.opened_at.timestamp(), c.pk))]


@pytest.fixture
def many(world):
    """30 cases at IJsselland's table in Zwolle, 5 at Zeeland's; police tracks on 6 of IJsselland's."""
    ijsselland = bulk.cases(30)
    zeeland_place = Municipality.objects.filter(region__slug="zeeland").order_by("cbs_code").first()
    bulk.cases(5, table=bulk.regional_table("zeeland"), municipality=zeeland_place.cbs_code)
    police_tracks = bulk.tracks(9, on=ijsselland[:6])
    bulk.tasks(23, on=police_tracks)
    return ijsselland


@pytest.mark.parametrize("username", ["chair.ijsselland", "liaison.zwolle", "police.ijsselland"])
def test_the_case_list_shows_every_visible_case_once_in_order(many, client, monkeypatch, username):
    monkeypatch.setattr(views, "CASE_PAGE_SIZE", 4)
    visible = many if username != "police.ijsselland" else many[:6]  # police: the cases of its tracks only
    seen, texts = walk_page(verified(client, username), "/casussen", "window", kind="case")
    assert seen == case_order(Case.objects.filter(pk__in=[c.pk for c in visible]))
    assert f"4 van {len(visible)} getoond" in texts[0] and "Volgende" in texts[0] and "Vorige" not in texts[0]
    assert "Vorige" in texts[-1] and "Eerste pagina" in texts[-1]


def test_the_case_list_goes_back_by_its_previous_link(many, client, monkeypatch):
    monkeypatch.setattr(views, "CASE_PAGE_SIZE", 4)
    client = verified(client, "chair.ijsselland")
    first = client.get("/casussen").context["window"]
    second = client.get(f"/casussen?status=open&cursor={first.next_cursor}").context["window"]
    back = client.get(f"/casussen?status=open&cursor={second.previous_cursor}").context["window"]
    assert [c.pk for c in back] == [c.pk for c in first] and back.is_first


def test_the_case_api_walks_every_case_once_and_counts_them(many):
    seen, responses = walk_api(api_client("chair.ijsselland"), "/api/v1/cases?size=7", kind="case")
    assert seen == case_order(many)
    assert all(r.json()["count"] == 30 and r.json()["count_is_exact"] for r in responses)
    numbered = api_client("chair.ijsselland").get("/api/v1/cases?size=7&page=2").json()
    assert [c["id"] for c in numbered["results"]] == seen[7:14]


def test_the_count_of_a_list_of_several_scopes_stops_at_its_limit(many):
    scopes, copies, filters = lists._parts(user("liaison.zwolle"), "open")
    assert lists._count(scopes, copies, filters, limit=10) == (10, False)
    assert lists._count(scopes, copies, filters, limit=30) == (30, True)


def task_order(tasks):
    return [str(t.pk) for t in sorted(tasks, key=lambda t: (t.due_on, t.pk))]


def test_tasks_page_and_api_walk_every_open_task_of_the_organisation(many, client, monkeypatch):
    monkeypatch.setattr(views, "TASK_PAGE_SIZE", 5)
    Task.objects.filter(pk=Task.objects.order_by("pk").first().pk).update(done_at="2026-01-01T00:00Z")
    bulk.tasks(4, assignee="Gemeente Zwolle")  # another organisation's: not on the police's list
    expected = task_order(Task.objects.filter(assignee__name="Politie IJsselland", done_at__isnull=True))
    assert len(expected) == 22
    seen, texts = walk_page(verified(client, "police.ijsselland"), "/taken", "window", kind="task")
    assert seen == expected and "5 van 22 getoond" in texts[0]
    seen, responses = walk_api(api_client("police.ijsselland"), "/api/v1/tasks?size=6", kind="task")
    assert seen == expected and responses[0]["X-Total-Count"] == "22"


def test_the_tasks_page_shows_part_of_the_tracks_and_links_the_rest(many, client, monkeypatch):
    monkeypatch.setattr(views, "TRACK_PAGE_SIZE", 4)
    client = verified(client, "police.ijsselland")
    page = client.get("/taken").content.decode()
    assert "4 van 9 sporen getoond." in page and "/taken/sporen?cursor=" in page
    expected = [str(t.pk) for t in Track.objects.filter(owner__name="Politie IJsselland", is_open=True)
                .order_by("opened_at", "pk")]
    seen, _texts = walk_page(client, "/taken/sporen", "window")
    assert seen == expected


def test_a_tables_waiting_list_and_meetings_show_part_and_link_the_rest(many, client, monkeypatch):
    monkeypatch.setattr(views, "WAITING_PAGE_SIZE", 4)
    monkeypatch.setattr(views, "MEETING_PAGE_SIZE", 7)
    table = bulk.regional_table()
    made = bulk.meetings(25)
    client = verified(client, "chair.ijsselland")
    waiting = sorted(many, key=lambda c: (not c.is_acute, c.deadline_at or NO_DEADLINE, c.opened_at, c.pk))
    seen, texts = walk_page(client, f"/tafels/{table.pk}", "waiting", kind="case")
    assert seen == [str(c.pk) for c in waiting] and "4 van 30 getoond" in texts[0]
    assert "De nieuwste 20 van 25 overleggen." in texts[0] and f"/tafels/{table.pk}/overleggen?cursor=" in texts[0]
    newest = [str(m.pk) for m in sorted(made, key=lambda m: (m.starts_at, m.pk), reverse=True)]
    seen, texts = walk_page(client, f"/tafels/{table.pk}/overleggen", "window")
    assert seen == newest and "7 van 25 getoond" in texts[0]
    api_seen, _ = walk_api(api_client("chair.ijsselland"), f"/api/v1/tables/{table.pk}/meetings?size=6")
    assert api_seen == newest
    directory, _ = walk_api(api_client("police.ijsselland"), f"/api/v1/meetings?table={table.pk}&size=6",
                            kind="meeting")
    assert directory == newest


def test_the_organisations_walk_in_order(world):
    seen, responses = walk_api(api_client("liaison.zwolle"), "/api/v1/organisations?size=5", kind="organisation")
    everything = api_client("liaison.zwolle").get("/api/v1/organisations?size=200").json()
    assert seen == [str(o["id"]) for o in everything] and len(seen) == int(responses[0]["X-Total-Count"]) > 5
    assert [o["region"] for o in everything] == sorted(o["region"] for o in everything)


PAGES = ["/casussen", "/taken", "/taken/sporen", "/tafels/{table}", "/tafels/{table}/overleggen"]
SIZES = {"/casussen": "CASE_PAGE_SIZE", "/taken": "TASK_PAGE_SIZE", "/taken/sporen": "TRACK_PAGE_SIZE",
         "/tafels/{table}": "WAITING_PAGE_SIZE", "/tafels/{table}/overleggen": "MEETING_PAGE_SIZE"}
APIS = ["/api/v1/cases", "/api/v1/tasks", "/api/v1/meetings", "/api/v1/tables/{table}/meetings",
        "/api/v1/organisations", "/api/v1/tables"]


@pytest.fixture
def crowded(many):
    """Every list of a chair and of the police with more than 20 rows, each case with tracks and tasks."""
    bulk.meetings(25)
    for username in ("chair.ijsselland", "police.ijsselland"):
        organisation = user(username).primary_organisation.name
        on = bulk.tracks(30, owner=organisation, on=many)
        bulk.tasks(30, assignee=organisation, on=on)
    return bulk.regional_table()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_makes_as_many_queries_for_2_rows_as_for_20(crowded, client, monkeypatch, path):
    client = verified(client, "chair.ijsselland")
    url = path.format(table=crowded.pk)
    monkeypatch.setattr(views, SIZES[path], 2)
    few = queries_of(client, url)
    monkeypatch.setattr(views, SIZES[path], 20)
    assert len(client.get(url).context["waiting" if path == "/tafels/{table}" else "window"]) == 20
    assert queries_of(client, url) == few


@pytest.mark.parametrize("path", APIS)
@pytest.mark.parametrize("username", ["chair.ijsselland", "police.ijsselland"])
def test_an_api_list_makes_as_many_queries_for_2_rows_as_for_20(crowded, path, username):
    if "{table}" in path and username != "chair.ijsselland":
        return  # a table's meetings are its chair's
    client = api_client(username)
    url = path.format(table=crowded.pk)
    body = client.get(f"{url}?size=20").json()
    if path != "/api/v1/tables":  # a region's few tables
        assert len(body["results"] if isinstance(body, dict) else body) == 20
    assert queries_of(client, f"{url}?size=2") == queries_of(client, f"{url}?size=20")


@pytest.mark.parametrize("path", APIS[:5])
def test_an_api_list_refuses_a_bad_size_or_cursor_naming_it(crowded, path):
    client = api_client("chair.ijsselland")
    url = path.format(table=crowded.pk)
    for size in ("0", "-1", str(10 ** 9), "tien", "2.5"):
        refused = client.get(url, {"size": size})
        assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json", (url, size)
        assert refused.json()["invalid_params"][0]["name"] == "size"
    foreign = client.get("/api/v1/organisations?size=1" if "organisations" not in path else "/api/v1/cases?size=1")
    other_cursor = foreign.json()["next"] if isinstance(foreign.json(), dict) else \
        foreign["Link"].split("cursor=")[1].split(">")[0].split("&")[0]
    for cursor in ("vervalst", other_cursor, "x" * 3000):
        refused = client.get(url, {"cursor": cursor})
        assert refused.status_code == 400, (url, cursor)
        assert refused.json()["invalid_params"][0]["name"] == "cursor"
    assert client.get(url, {"page": "nul"}).json()["invalid_params"][0]["name"] == "page"


@pytest.mark.parametrize("path", PAGES)
def test_a_page_refuses_a_forged_or_foreign_cursor(crowded, client, path):
    client = verified(client, "chair.ijsselland")
    url = path.format(table=crowded.pk)
    foreign = Keyset("another-list", "id").cursor({"id": 1}, "n")  # signed, but for another list
    for cursor in ("vervalst", foreign):
        assert client.get(url, {"cursor": cursor}).status_code == 400, (url, cursor)


NATIONAL = {"cases_case", "cases_task", "cases_track", "cases_agendaitem"}
NATIONAL_CASES = 30_000  # at a few thousand PostgreSQL reads a whole table rather than an index, rightly


@pytest.mark.skipif(not is_postgres(), reason="the plans are PostgreSQL's")
def test_a_tables_waiting_list_reads_only_the_waiting_cases_by_an_index(world, client):
    """The waiting list (a table's open cases on none of its agendas) and its count read the waiting
    cases by an index, without looking up every open case of the table among the agenda items (at 3M
    signals 1,911 lookups for 218 waiting cases, 40 ms of SQL). At 3M PostgreSQL reads them from their
    partial index (cases_case_waiting) in the list's order; at this test's size the table's index is
    as good."""
    bulk.national(NATIONAL_CASES)
    bulk.national(200, region="ijsselland")
    client = verified(client, "chair.ijsselland")
    found = [sql for sql in sql_of(client, f"/tafels/{bulk.regional_table().pk}")
             if '"cases_case"."planned"' in sql]
    assert len(found) == 2  # the page and its count
    with connection.cursor() as cursor:
        for sql in found:
            assert "cases_agendaitem" not in sql
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on cases_case" not in plan, plan


@pytest.mark.skipif(not is_postgres(), reason="the plans are PostgreSQL's")
@pytest.mark.parametrize(("username", "url"), [
    ("chair.ijsselland", "/casussen"), ("chair.ijsselland", "/casussen?status=closed"),
    ("police.ijsselland", "/casussen"), ("liaison.zwolle", "/casussen"),
    ("police.ijsselland", "/taken"), ("police.ijsselland", "/api/v1/tasks"), ("chair.ijsselland", "/api/v1/cases"),
    ("liaison.zwolle", "/api/v1/cases"), ("police.ijsselland", "/api/v1/cases"), ("chair.ijsselland", "/tafels/{table}"),
])
def test_no_list_scans_a_national_table(world, client, username, url):
    """Tens of thousands of cases, tracks and tasks in the country, a small share in the user's
    scope: every query of the request finds its rows by an index."""
    bulk.national(NATIONAL_CASES)
    mine = bulk.cases(60)
    bulk.tasks(40, on=bulk.tracks(40, on=mine))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_case, cases_casemunicipality, cases_track, cases_task")
    client = verified(client, username) if not url.startswith("/api") else api_client(username)
    for sql in sql_of(client, url.format(table=bulk.regional_table().pk)):
        if sql.lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
            assert scans(sql, NATIONAL) == [], sql


def test_the_copies_of_the_list_keys_follow_the_case(world, client):
    """A case's municipalities and tracks carry its list keys (cases.lists reads the liaison's and
    the track owners' cases from them): a closed case leaves the liaison's open list at once."""
    from django.utils import timezone

    from ketenzicht.cases.models import CaseMunicipality, sync_list_keys

    case = bulk.cases(1)[0]
    bulk.tracks(1, on=[case])
    deadline = timezone.now().replace(microsecond=0)
    Case.objects.filter(pk=case.pk).update(is_open=False, deadline_at=deadline)
    sync_list_keys(case.pk)
    link = CaseMunicipality.objects.get(case=case)
    track = Track.objects.get(case=case)
    assert (link.is_open, link.deadline_key, track.case_is_open, track.case_deadline_key) == (False, deadline,
                                                                                           False, deadline)
    assert str(case.pk) not in verified(client, "liaison.zwolle").get("/casussen").content.decode()
    assert case.reference in verified(client, "liaison.zwolle").get("/casussen?status=closed").content.decode()
