"""What a partner system reads to fill in ids (issue 16): the organisations of its region(s), the
tables with their seats, organisation ids and legal bases, and the meetings with their agendas;
scoped by the policy, the reads logged."""
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ketenzicht.cases.models import Meeting, Table
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, case_with_care_track


def test_organisations_of_the_users_region_only(world):
    response = api_client("liaison.zwolle").get("/api/v1/organisations")
    assert response.status_code == 200
    found = response.json()
    assert {o["region"] for o in found} == {"ijsselland"}
    assert len(found) == Organisation.objects.filter(region__slug="ijsselland").count()
    police = next(o for o in found if o["name"] == "Politie IJsselland")
    assert police == {"id": Organisation.objects.get(name="Politie IJsselland").pk, "name": "Politie IJsselland",
                      "sector": "politie", "municipality": None, "region": "ijsselland"}
    zwolle = next(o for o in found if o["name"] == "Gemeente Zwolle")
    assert zwolle["municipality"] == "GM0193"
    assert AccessLog.objects.filter(action="list", object_type="organisation").count() == 1
    by_sector = api_client("liaison.zwolle").get("/api/v1/organisations?sector=politie").json()
    assert [o["name"] for o in by_sector] == ["Politie IJsselland"]
    for unknown in ("bakker", ""):  # an empty sector is no sector either (it was ignored)
        refused = api_client("liaison.zwolle").get(f"/api/v1/organisations?sector={unknown}")
        assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "sector"


def test_tables_with_seat_and_organisation_ids(world):
    found = api_client("police.ijsselland").get("/api/v1/tables").json()
    assert found and {t["region"] for t in found} == {"ijsselland"}
    table = Table.objects.get(pk=found[0]["id"])
    seat = next(s for s in found[0]["seats"] if s["organisation"] == "Politie IJsselland")
    stored = table.seats.get(organisation__name="Politie IJsselland")
    assert seat["id"] == stored.pk and seat["organisation_id"] == stored.organisation_id
    assert seat["legal_basis"] == stored.legal_basis and seat["has_valid_basis"] is True
    assert {"kind", "municipalities", "hands_to", "chaired", "valid_from", "valid_until"} <= set(found[0]) | set(seat)
    assert not found[0]["chaired"]  # the police sits at the table, it does not chair it
    assert api_client("chair.ijsselland").get("/api/v1/tables").json()[0]["chaired"]
    assert {t["region"] for t in api_client("chair.zeeland").get("/api/v1/tables").json()} == {"zeeland"}


def test_meetings_show_only_the_cases_the_reader_may_see(world):
    case = case_with_care_track()  # Deventer's case, police invited
    meeting = case.agenda_items.get().meeting
    other = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    chair, deventer, zwolle = (api_client(u) for u in ("chair.ijsselland", "liaison.deventer", "liaison.zwolle"))
    listed = {m["id"]: m for m in chair.get(f"/api/v1/meetings?table={case.table_id}").json()}
    assert set(listed) >= {meeting.pk, other.pk}
    assert [item["case"] for item in listed[meeting.pk]["agenda"]] == [str(case.pk)]
    assert [item["case"] for item in deventer.get(f"/api/v1/meetings/{meeting.pk}").json()["agenda"]] == [str(case.pk)]
    assert zwolle.get(f"/api/v1/meetings/{meeting.pk}").json()["agenda"] == []  # nothing told of Deventer's case
    assert api_client("chair.zeeland").get(f"/api/v1/meetings/{meeting.pk}").status_code == 404  # another region
    assert AccessLog.objects.filter(action="view", object_type="meeting", object_id=str(meeting.pk)).count() == 2
    refused = chair.get("/api/v1/meetings?table=een")
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "table"


def test_an_id_no_database_holds_finds_nothing_instead_of_failing(world):
    """A table id beyond 64 bits (as a fuzzer sends) names no table: an empty list, not a server error."""
    client = api_client("chair.ijsselland")
    for table in ("-260681798512056272353755136", str(2 ** 63)):
        response = client.get(f"/api/v1/meetings?table={table}")
        assert response.status_code in (200, 400), response.status_code
        if response.status_code == 200:
            assert response.json() == []


def test_a_page_of_meetings_reads_a_fixed_number_of_queries_and_says_who_is_invited(world):
    """The meetings list builds its answer from plain rows: the same queries for 2 meetings as for
    20, each meeting's agenda with the invited organisations, sorted."""
    case = case_with_care_track()
    meeting = case.agenda_items.get().meeting
    for days in range(25):
        Meeting.objects.create(table=case.table, starts_at=timezone.now() - timedelta(days=days + 1))
    chair = api_client("chair.ijsselland")
    found = {m["id"]: m for m in chair.get(f"/api/v1/meetings?table={case.table_id}&size=100").json()}
    police = Organisation.objects.get(name="Politie IJsselland").pk
    item = case.agenda_items.get()
    assert found[meeting.pk]["agenda"] == [{"id": item.pk, "case": str(case.pk),
                                            "invited": sorted(item.invitations.values_list("organisation_id",
                                                                                           flat=True))}]
    assert police in found[meeting.pk]["agenda"][0]["invited"]
    assert found[meeting.pk]["table_name"] == case.table.name and found[meeting.pk]["starts_at"].endswith(
        ("Z", "+01:00", "+02:00"))
    counts = []
    for size in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            assert len(chair.get(f"/api/v1/meetings?size={size}").json()) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_page_of_meetings_holds_25_unless_asked_for_more(world):
    """Each meeting carries its agenda, so the default page is small: 25 meetings, the next page
    linked; `size` asks for up to 200."""
    table = case_with_care_track().table
    for days in range(30):
        Meeting.objects.create(table=table, starts_at=timezone.now() - timedelta(days=days + 1))
    chair = api_client("chair.ijsselland")
    first = chair.get(f"/api/v1/meetings?table={table.pk}")
    assert len(first.json()) == 25
    assert 'rel="next"' in first["Link"]
    assert len(chair.get(f"/api/v1/meetings?table={table.pk}&size=200").json()) == table.meetings.count() > 25
