"""The lists of notifications, the access log, users and municipalities read a page at a time
(issue 17): every row once when following the pages, a count that says how many there are (or
"more than"), nothing cut silently, the same number of queries at any page size, one access-log
row per page with that page's ids, and forged or foreign cursors refused."""
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ketenzicht.accounts import users_views
from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.lib import keyset
from ketenzicht.notifications import views as notification_views
from ketenzicht.notifications.models import Notification
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import views as privacy_views
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Region

from .helpers import user, verified

NEXT = re.compile(r'href="(\?[^"]*cursor=[^"]+)">Volgende')


def walk_pages(client, path, marker):
    """Follow a page's 'Volgende' links to the end: the markers' values, page by page."""
    pages, url = [], path
    while url:
        body = client.get(url).content.decode()
        pages.append(re.findall(marker, body))
        following = NEXT.search(body)
        url = path.split("?")[0] + html.unescape(following.group(1)) if following else None
        assert len(pages) < 50
    return pages, body


def same_queries_at_two_sizes(monkeypatch, module, name, fetch):
    monkeypatch.setattr(module, name, 2)
    with CaptureQueriesContext(connection) as small:
        fetch()
    monkeypatch.setattr(module, name, 20)
    with CaptureQueriesContext(connection) as large:
        fetch()
    assert len(small) == len(large), [q["sql"][:120] for q in large.captured_queries]


@pytest.fixture
def told(world):
    chair = user("chair.ijsselland")
    Notification.objects.bulk_create([Notification(user=chair, kind="agenda", url=f"/casussen/{n}", params={})
                                      for n in range(130)])
    for _ in range(3):  # the same group: one line
        notify([chair], "agenda", "/casussen/7")
    return chair


def test_every_notification_group_is_listed_across_pages(told, client, monkeypatch):
    verified(client, "chair.ijsselland")
    groups = Notification.objects.filter(user=told).values("kind", "url").distinct().count()
    pages, last = walk_pages(client, "/berichten", r'data-testid="notification"><a class="utrecht-link" '
                                                   r'href="/berichten/(\d+)')
    seen = [pk for page in pages for pk in page]
    assert len(seen) == len(set(seen)) == groups > 100  # no longer cut at 100
    assert f"van {groups} getoond" in last
    same_queries_at_two_sizes(monkeypatch, notification_views, "PAGE_SIZE", lambda: client.get("/berichten"))


def test_a_forged_or_foreign_cursor_is_a_400_page(told, client):
    verified(client, "chair.ijsselland")
    inbox_cursor = keyset.Keyset("inbox", "inbox_rank", "signal_id").cursor(
        {"inbox_rank": "1", "signal_id": "x"}, keyset.FORWARD)
    for cursor in ("vervalst", inbox_cursor):
        assert client.get("/berichten", {"cursor": cursor}).status_code == 400
    verified(client, "privacy.ijsselland")
    assert client.get("/privacy/toegangslog", {"cursor": inbox_cursor}).status_code == 400
    verified(client, "admin.ijsselland")
    assert client.get("/inrichting/ijsselland/gebruikers", {"cursor": "vervalst"}).status_code == 400


def test_the_access_log_pages_to_its_end_and_logs_each_page_once(world, client, monkeypatch):
    region = Region.objects.get(slug="ijsselland")
    AccessLog.objects.bulk_create([AccessLog(action="view", object_type="signal", object_id=str(n), region=region)
                                   for n in range(120)])
    verified(client, "privacy.ijsselland")
    monkeypatch.setattr(privacy_views, "LOG_PAGE_SIZE", 40)
    before = AccessLog.objects.filter(action="list", object_type="accesslog").count()
    total = AccessLog.objects.filter(region=region).count()
    pages, _last = walk_pages(client, "/privacy/toegangslog", r'data-entry="(\d+)"')
    seen = [int(pk) for page in pages for pk in page]
    assert len(seen) == len(set(seen)) and len(seen) >= total
    assert seen == sorted(seen, reverse=True)  # all written in one go: newest first is highest first
    logged = list(AccessLog.objects.filter(action="list", object_type="accesslog").order_by("pk")[before:])
    assert len(logged) == len(pages)
    assert [entry.detail["ids"] for entry in logged] == pages
    same_queries_at_two_sizes(monkeypatch, privacy_views, "LOG_PAGE_SIZE",
                              lambda: client.get("/privacy/toegangslog"))


def test_the_users_page_and_its_waiting_approvals_say_how_many(world, client, monkeypatch):
    admin = user("admin.ijsselland")
    organisation = admin.assignments[0].organisation
    zwolle = Municipality.objects.get(cbs_code="GM0193")
    for n in range(55):
        made = User.objects.create_user(f"wacht{n:02d}", last_name=f"Wacht {n:02d}")
        RoleAssignment.objects.create(user=made, role=Role.LIAISON, organisation=organisation, municipality=zwolle)
    verified(client, "admin.ijsselland")
    page = client.get("/inrichting/ijsselland/gebruikers").content.decode()
    waiting = RoleAssignment.objects.filter(organisation__region__slug="ijsselland").awaiting_approval().count()
    assert waiting > users_views.PENDING_SHOWN
    assert f"De oudste {users_views.PENDING_SHOWN} van {waiting} getoond" in page
    pages, _last = walk_pages(client, "/inrichting/ijsselland/gebruikers", r'<tr class="utrecht-table__row" '
                                                                           r'data-user="([^"]+)"')
    seen = [name for page in pages for name in page]
    expected = User.objects.filter(role_assignments__organisation__region__slug="ijsselland").distinct()
    assert len(seen) == len(set(seen)) == expected.count()
    same_queries_at_two_sizes(monkeypatch, users_views, "PAGE_SIZE",
                              lambda: client.get("/inrichting/ijsselland/gebruikers"))


def test_municipalities_page_by_cursor_and_headers(world):
    client = APIClient()
    first = client.get("/api/v1/municipalities?size=3")
    assert first["X-Total-Count"] == str(Municipality.objects.count()) and first["X-Total-Count-Exact"] == "true"
    seen, response = [], first
    while True:
        seen += [m["code"] for m in response.json()]
        following = re.search(r'<([^>]+)>; rel="next"', response.get("Link", ""))
        if not following:
            break
        response = client.get(following.group(1))
    assert sorted(seen) == sorted(Municipality.objects.values_list("cbs_code", flat=True)) and len(seen) == len(
        set(seen))
    refused = client.get("/api/v1/municipalities", {"cursor": "vervalst"})
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "cursor"
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/municipalities?size=2")
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/municipalities?size=20")
    assert len(small) == len(large)
