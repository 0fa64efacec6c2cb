"""Every list of the API, walked to its end with a tiny page size (issue 17): every GET operation
of the OpenAPI document that takes `size`, as users who see data in it, following `next` (lists
answered as objects) or the `Link: rel="next"` header (lists answered as arrays). Every item once,
the walk ends, and a stated exact count matches what was walked."""
import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from ketenzicht.care import services as care
from ketenzicht.cases import services as cases
from ketenzicht.cases import tables
from ketenzicht.cases.models import TableKind
from ketenzicht.inspections import services as inspections
from ketenzicht.linkage import services as linkage
from ketenzicht.measures import services as measures
from ketenzicht.measures.models import LegalGround
from ketenzicht.permits import services as permits
from ketenzicht.prevention import services as prevention
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.webhooks import services as webhooks

from ..helpers import api_client, case_with_care_track, report_as, signal, user

USERS = ("liaison.zwolle", "liaison.deventer", "chair.ijsselland", "care.ijsselland", "police.ijsselland",
         "admin.ijsselland", "opvang.ijsselland", "zorgoverleg.ijsselland", "vergunningen.zwolle")
NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')

# Lists still being converted to keyset pages by another change; none now.
NOT_YET = {}


def list_paths():
    document = APIClient().get("/api/v1/openapi.json").json()
    return sorted(path for path, operations in document["paths"].items()
                  if "get" in operations and any(p["name"] == "size" for p in operations["get"].get("parameters", [])))


@pytest.fixture
def busy(world, settings):
    """Some of everything: signals in two municipalities, a case with a care track, a meeting, tasks,
    care trajectories at a care table, and signals whose persons match (first: their deadlines come first)."""
    _linkage()
    track = case_with_care_track().tracks.get(kind="zorg")
    police = Organisation.objects.get(name="Politie IJsselland")
    for n in range(3):
        cases.add_task(user("chair.ijsselland"), track, f"Taak {n}", police, timezone.localdate())
    admin, zwolle = user("admin.ijsselland"), Municipality.objects.get(name="Zwolle")
    table = tables.create_table(admin, Region.objects.get(slug="ijsselland"), name="Zorgoverleg Zwolle",
                                kind=TableKind.CARE, municipalities=[zwolle],
                                chair_organisation=Organisation.objects.get(name="Veilig Thuis IJsselland"))
    tables.add_seat(admin, table, police, basis_kind="covenant", legal_basis="Convenant", article="5",
                    valid_from=date(2025, 1, 1), valid_until=None,
                    document=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n"))
    for name in ("Anna", "Bram", "Cem"):
        care.open_trajectory(user("care.ijsselland"), name=name, municipality=zwolle, age=24, needs=["shelter"])
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = True  # subscriptions to 127.0.0.1; nothing is sent here
    administrator = user("admin.ijsselland")
    administrator.is_verified = lambda: True  # as the second-factor middleware marks a verified session
    for n in range(3):
        webhooks.create(administrator, zwolle.region, Organisation.objects.get(name="Gemeente Zwolle"),
                        f"http://127.0.0.1:9/ontvanger-{n}", ["signal.received"])
    for _ in range(3):  # each a delivery to every subscription
        report_as("reporter.zwolle")
    report_as("liaison.deventer", lead_municipality="GM0150", other_municipalities=["GM0193"])
    _instruments(zwolle, police)
    _prevention(zwolle)


def _linkage():
    """Four signals in Zwolle, each with a victim recorded as the same person: each signal's
    possible matches a list of its own, more than a page of two (issue 20)."""
    liaison = user("liaison.zwolle")
    for _ in range(4):
        person = signal("liaison.zwolle", "GM0193", timezone.now()).persons.get()
        linkage.record(liaison, person, {"given_name": "Anna", "family_name": "Berg", "date_of_birth": "1990-02-28",
                                         "phones": "0612345678"})


def _instruments(zwolle, police):
    """Three measures, inspections, permits and Bibob requests of Zwolle (issue 18)."""
    closure = LegalGround.objects.get(code="gemeentewet-174", region__isnull=True)
    for n in range(3):
        measures.record(user("burgemeester.zwolle"), zwolle, {
            "kind": "closure", "ground": closure, "decided_on": date(2026, 1, 1 + n), "address": f"Straat {n}"})
        inspections.plan(user("liaison.zwolle"), zwolle, {"planned_on": date(2026, 2, 1), "address": f"Weg {n}",
                                                           "partners": [police]})
        permits.register_permit(user("vergunningen.zwolle"), zwolle, {
            "kind": "escort", "business_name": f"Escort {n}", "kvk_number": f"8000000{n}", "address": f"Kade {n}",
            "valid_from": date(2026, 1, 1), "valid_until": date(2027, 1, 1)})
        permits.create_bibob(user("vergunningen.zwolle"), zwolle, {
            "subject_name": f"Escort {n}", "kvk_number": f"8000000{n}", "reason": "Aanvraag"})


def _prevention(zwolle):
    """Three training sessions and three awareness activities of Zwolle (issue 19)."""
    liaison, region = user("liaison.zwolle"), zwolle.region
    for n in range(3):
        prevention.record_session(liaison, region, {"municipality": zwolle, "held_on": date(2026, 3, 1 + n),
                                                    "participants": [("politie", 5 + n)]})
        prevention.record_activity(liaison, region, {"municipality": zwolle, "kind": "activity", "title": f"Markt {n}",
                                                     "starts_on": date(2026, 4, 1 + n), "audience": ["publiek"],
                                                     "reach": 100})


def key(item):
    return str(item.get("id") or item.get("code") or json.dumps(item, sort_keys=True))


def walk(client, url):
    """(items' keys, stated count or None, whether it is exact) of a list followed to its end."""
    seen, count, exact = [], None, True
    for _ in range(500):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        body = response.json()
        if isinstance(body, dict):
            items, following = body["results"], body["next"]
            count, exact = body["count"], body.get("count_is_exact", True)
        else:
            items = body
            found = NEXT.search(response.get("Link", ""))
            following = found.group(1) if found else None
            if "X-Total-Count" in response:
                count, exact = int(response["X-Total-Count"]), response.get("X-Total-Count-Exact", "true") == "true"
        assert len(items) <= 2, url
        seen += [key(item) for item in items]
        if not following:
            return seen, count, exact
        url = following
    raise AssertionError(f"{url}: the walk did not end")


def concrete(path, client):
    """The path with its `{id}` filled from the first item of the collection above it."""
    if "{" not in path:
        return path
    parent = path.split("/{")[0]
    response = client.get(f"/api/v1{parent}?size=1")
    items = response.json() if response.status_code == 200 else []
    items = items["results"] if isinstance(items, dict) else items
    return path.replace("{id}", str(items[0]["id"])) if items else None


@pytest.mark.parametrize("path", list_paths())
def test_every_list_walks_to_its_end_with_every_item_once(busy, path, request):
    if path in NOT_YET:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET[path], strict=False))
    walked = 0
    for username in USERS:
        client = api_client(username)
        filled = concrete(path, client)
        if filled is None or client.get(f"/api/v1{filled}?size=1").status_code != 200:
            continue
        seen, count, exact = walk(client, f"/api/v1{filled}?size=2")
        assert len(seen) == len(set(seen)), (path, username, seen)
        if count is not None and exact:
            assert len(seen) == count, (path, username, count, seen)
        walked += len(seen)
    assert walked, f"{path}: no user saw anything to walk"
