"""A hostile review of the chain across tables: a chair or an administrator sending a case where
its data must not go, with ids forged from another region. Each test fails if the path is open."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ketenzicht.cases import tables
from ketenzicht.cases.models import Case, Meeting, Table, TableKind
from ketenzicht.demo import loader
from ketenzicht.intake import services as intake
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, user, verified
from ..helpers import signal as report_signal


@pytest.fixture
def case(world):
    """A case at IJsselstreek's local meeting."""
    loader.load(regions=("IJsselstreek",), with_signals=False)
    liaison = user("liaison.zutphen")
    signal = report_signal("liaison.zutphen", "GM0301", timezone.localdate())
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    return intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen").case


def test_a_chair_cannot_hand_a_case_to_another_regions_table(case):
    chair = api_client("chair.ijsselstreek")
    other = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    etag = chair.get(f"/api/v1/cases/{case.pk}")["ETag"]
    answer = chair.post(f"/api/v1/cases/{case.pk}/handovers", {"to_table": str(other.pk), "reason": "Weg ermee"},
                        format="json", HTTP_IF_MATCH=etag)
    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    assert "to_table" in str(answer.json())
    assert Case.objects.get(pk=case.pk).table == case.table and not case.handovers.exists()


def test_a_chair_cannot_put_another_regions_meeting_or_partner_on_the_agenda(case):
    chair = api_client("chair.ijsselstreek")
    steps = f"/api/v1/cases/{case.pk}/transitions"
    elsewhere = Meeting.objects.create(table=Table.objects.get(name="Weeg- en monitortafel IJsselland"),
                                       starts_at=timezone.now())
    own = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    police = Organisation.objects.get(name="Politie IJsselland")
    for body in ({"transition": "agenderen", "meeting": str(elsewhere.pk)},
                 {"transition": "agenderen", "meeting": str(own.pk), "invited": [police.pk]}):
        etag = chair.get(f"/api/v1/cases/{case.pk}")["ETag"]
        answer = chair.post(steps, body, format="json", HTTP_IF_MATCH=etag)
        assert answer.status_code in (400, 404, 409), (body, answer.status_code)
    assert not elsewhere.items.exists() and not own.items.exists()
    assert not api_client("police.ijsselland").get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_a_table_with_open_cases_does_not_become_a_steering_group_or_care_meeting(case):
    """Its cases would then sit at a table that must see no case; retire-or-hand-on applies as for retiring."""
    table = case.table
    for kind in (TableKind.STEERING, TableKind.CARE):
        with pytest.raises(Invalid) as refused:
            tables.update_table(user("admin.ijsselstreek"), table, name=table.name, kind=kind,
                                municipalities=list(table.municipalities.all()),
                                chair_organisation=table.chair_organisation)
        assert "kind" in refused.value.errors
        assert Table.objects.get(pk=table.pk).kind == table.kind
    assert AccessLog.objects.filter(action="refused", reason="update_table", object_id=str(table.pk)).count() == 2


def test_without_open_cases_the_kind_may_change(world):
    table = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    table.hands_to.clear()
    for earlier in Table.objects.filter(hands_to=table):
        earlier.hands_to.remove(table)
    changed = tables.update_table(user("admin.ijsselland"), table, name=table.name, kind=TableKind.STEERING,
                                  chair_organisation=table.chair_organisation)
    assert changed.kind == TableKind.STEERING


def test_the_directory_names_no_other_regions_organisations_tables_or_meetings(world):
    zeeland_meeting = Meeting.objects.create(table=Table.objects.filter(region__slug="zeeland").first(),
                                             starts_at=timezone.now())
    reader = api_client("police.ijsselland")
    organisations = reader.get("/api/v1/organisations?region=zeeland&pageSize=200")
    assert organisations.status_code == 200 and organisations.json() == []
    names = {o["region"] for o in reader.get("/api/v1/organisations?pageSize=200").json()}
    assert names == {"ijsselland"}
    assert reader.get(f"/api/v1/meetings/{zeeland_meeting.pk}").status_code == 404
    assert zeeland_meeting.pk not in [m["id"] for m in reader.get("/api/v1/meetings?pageSize=200").json()]
    zeeland_table = zeeland_meeting.table
    assert reader.get(f"/api/v1/tables/{zeeland_table.pk}").status_code == 404


def test_a_covenant_is_downloaded_only_through_its_own_regions_set_up(world):
    table = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    organisation = Organisation.objects.filter(region=table.region, active=True).exclude(
        pk__in=table.seats.values("organisation_id")).first()
    seat = tables.add_seat(user("admin.ijsselland"), table, organisation, basis_kind="covenant",
                           legal_basis="Convenant Zorg- en Veiligheidshuis", article="5", valid_from=date(2025, 1, 1),
                           valid_until=None, document=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n"))
    own = f"/inrichting/ijsselland/tafels/{table.pk}/plaatsen/{seat.pk}/convenant"
    assert verified(Client(), "admin.ijsselland").get(own).status_code == 200
    zeeland = verified(Client(), "admin.zeeland")
    assert zeeland.get(own).status_code in (403, 404)
    assert zeeland.get(f"/inrichting/zeeland/tafels/{table.pk}/plaatsen/{seat.pk}/convenant").status_code == 404
    for username in ("chair.ijsselland", "police.ijsselland", "privacy.ijsselland"):
        assert verified(Client(), username).get(own).status_code in (403, 404), username
    assert not AccessLog.objects.filter(action="download", object_type="covenant").exclude(
        user=user("admin.ijsselland")).exists()
