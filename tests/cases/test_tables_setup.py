"""The regional administrator sets up the region's tables and seats on pages: every kind the seeds
name, which table hands cases to which (never to itself, never in a circle), seats only on a legal
basis in force, the covenant kept encrypted; each change audited once, each refusal logged."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ketenzicht.accounts import setup
from ketenzicht.accounts.access import administers
from ketenzicht.cases import tables
from ketenzicht.cases.models import Seat, Table, TableKind
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions import services as region_services
from ketenzicht.regions.models import Municipality, Organisation, Region

from ..helpers import user, verified

PDF = b"%PDF-1.4\n% covenant signed by both parties\n%%EOF\n"


@pytest.fixture
def region(world):
    return Region.objects.get(slug="ijsselland")


def org(name):
    return Organisation.objects.get(name=name)


def new_table(region, name, kind=TableKind.REGIONAL, **data):
    return tables.create_table(user("admin.ijsselland"), region, name=name, kind=kind,
                               chair_organisation=data.pop("chair", org("Zorg- en Veiligheidshuis IJsselland")),
                               **data)


def logged(action):
    return AccessLog.objects.filter(action=action)


def test_the_administrator_sets_up_a_local_meeting_on_the_page(region, client):
    admin = verified(client, "admin.ijsselland")
    regional = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    zwolle, kampen = Municipality.objects.get(name="Zwolle"), Municipality.objects.get(name="Kampen")
    response = admin.post("/inrichting/ijsselland/tafels", {
        "name": "Lokaal overleg Zwolle-Kampen", "kind": "local", "municipalities": [zwolle.pk, kampen.pk],
        "chair_organisation": org("Gemeente Zwolle").pk, "rhythm": "elke 4 weken, dinsdag",
        "hands_to": [regional.pk]})
    assert response.status_code == 302
    table = Table.objects.get(name="Lokaal overleg Zwolle-Kampen")
    assert table.kind == TableKind.LOCAL and set(table.municipalities.all()) == {zwolle, kampen}
    assert list(table.hands_to.all()) == [regional] and table.rhythm == "elke 4 weken, dinsdag"
    assert logged("create_table").filter(object_id=str(table.pk), region=region).count() == 1
    page = admin.get("/inrichting/ijsselland/tafels").content.decode()
    assert "Lokaal overleg Zwolle-Kampen" in page and "Lokaal signalerings- of ondermijningsoverleg" in page
    assert 'href="/inrichting/ijsselland"' in page  # back to the region's set-up
    assert 'href="/inrichting/ijsselland/tafels"' in admin.get("/inrichting/ijsselland").content.decode()


def test_the_section_is_offered_to_the_regions_administrator_only(region, client):
    names = [s["name"] for s in setup.sections(user("admin.ijsselland"), region, administers)]
    assert "tables" in names
    assert not [s for s in setup.sections(user("admin.zeeland"), region, administers) if s["name"] == "tables"]
    assert verified(client, "chair.ijsselland").get("/inrichting/ijsselland/tafels").status_code == 403
    assert verified(client, "admin.zeeland").get("/inrichting/ijsselland/tafels").status_code == 403


def test_a_table_never_hands_to_itself_nor_in_a_circle(region, client):
    local = new_table(region, "Lokaal overleg Zwolle", TableKind.LOCAL,
                      municipalities=[Municipality.objects.get(name="Zwolle")])
    regional = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    admin = verified(client, "admin.ijsselland")
    data = {"name": local.name, "kind": "local", "municipalities": [m.pk for m in local.municipalities.all()],
            "chair_organisation": local.chair_organisation_id, "rhythm": "maandelijks"}
    itself = admin.post(f"/inrichting/ijsselland/tafels/{local.pk}", {**data, "hands_to": [local.pk]})
    assert itself.status_code == 400
    assert "Een tafel kan casussen niet aan zichzelf overdragen." in itself.content.decode()
    assert "maandelijks" in itself.content.decode()  # what was typed stays
    local.refresh_from_db()
    assert not local.hands_to.exists() and local.rhythm == ""
    tables.update_table(user("admin.ijsselland"), local, **{**data, "municipalities": local.municipalities.all(),
                                                           "chair_organisation": local.chair_organisation,
                                                           "hands_to": [regional]})
    with pytest.raises(Invalid, match="kring"):
        tables.update_table(user("admin.ijsselland"), regional, name=regional.name, kind=regional.kind,
                            chair_organisation=regional.chair_organisation, hands_to=[local])
    assert not regional.hands_to.exists()
    refused = logged("refused").filter(reason="update_table", region=region)
    assert refused.count() == 2 and refused.first().detail["fields"] == ["hands_to"]


def test_the_care_meeting_and_steering_group_take_no_cases(region):
    care = new_table(region, "Zorgoverleg", TableKind.CARE, chair=org("Veilig Thuis IJsselland"))
    regional = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    with pytest.raises(Invalid, match="casussen wegen"):
        tables.update_table(user("admin.ijsselland"), regional, name=regional.name, kind=regional.kind,
                            chair_organisation=regional.chair_organisation, hands_to=[care])
    with pytest.raises(Invalid, match="Alleen een tafel die casussen weegt"):
        new_table(region, "Stuurgroep", TableKind.STEERING, hands_to=[regional])
    assert not Table.objects.filter(name="Stuurgroep").exists()


def test_a_local_meeting_names_its_municipalities(region):
    with pytest.raises(Invalid) as refused:
        new_table(region, "Lokaal overleg", TableKind.LOCAL)
    assert "municipalities" in refused.value.errors


def seat_data(**overrides):
    data = {"basis_kind": "law", "legal_basis": "Politiewet 2012", "article": "18", "valid_from": date(2025, 1, 1),
            "valid_until": None}
    data.update(overrides)
    return data


def test_a_seat_needs_a_legal_basis_in_force(region, client):
    table = new_table(region, "RIEC-informatieplein IJsselland", TableKind.RIEC_PLAZA, chair=org("RIEC IJsselland"))
    admin, police = user("admin.ijsselland"), org("Politie IJsselland")
    with pytest.raises(Invalid) as missing:
        tables.add_seat(admin, table, police, **seat_data(legal_basis="", article=""))
    assert set(missing.value.errors) == {"legal_basis", "article"}
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(Invalid, match="verlopen"):
        tables.add_seat(admin, table, police, **seat_data(valid_until=yesterday))
    assert not table.seats.exists() and police not in table.partners()
    assert logged("refused").filter(reason="add_seat", region=region).count() == 2
    seat = tables.add_seat(admin, table, police, **seat_data())
    assert police in table.partners() and seat.basis == "Politiewet 2012, art. 18"
    assert logged("add_seat").filter(object_id=str(table.pk)).count() == 1
    page = verified(client, "admin.ijsselland").post(f"/inrichting/ijsselland/tafels/{table.pk}/plaatsen", {
        "organisation": org("Openbaar Ministerie IJsselland").pk, "basis_kind": "law", "legal_basis": "Wjsg",
        "valid_from": "2025-01-01"})
    assert page.status_code == 400 and "Vul het artikel van de grondslag in." in page.content.decode()


def test_a_seat_whose_basis_has_ended_no_longer_counts(region):
    table = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    seat = table.seats.get(organisation__name="Politie IJsselland")
    Seat.objects.filter(pk=seat.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert seat.organisation not in table.partners()


def test_a_covenant_is_attached_encrypted_and_downloaded_by_the_administrator(region, client):
    table = new_table(region, "Zorgoverleg IJsselland-Oost", TableKind.CARE, chair=org("Veilig Thuis IJsselland"))
    admin = verified(client, "admin.ijsselland")
    url = f"/inrichting/ijsselland/tafels/{table.pk}/plaatsen"
    ggd = org("GGD IJsselland")
    data = {"organisation": ggd.pk, "basis_kind": "covenant", "legal_basis": "Convenant Zorg- en Veiligheidshuis",
            "article": "5", "valid_from": "2025-01-01"}
    without = admin.post(url, data)
    assert without.status_code == 400 and "Voeg het ondertekende convenant toe (PDF)." in without.content.decode()
    not_pdf = admin.post(url, {**data, "covenant_document": SimpleUploadedFile("c.pdf", b"plain text")})
    assert not_pdf.status_code == 400 and "als PDF-bestand" in not_pdf.content.decode()
    assert admin.post(url, {**data, "covenant_document": SimpleUploadedFile("c.pdf", PDF)}).status_code == 302
    seat = table.seats.get(organisation=ggd)
    with open(seat.covenant_document.storage.path(seat.covenant_document.name), "rb") as handle:
        assert b"%PDF" not in handle.read()  # encrypted on disk
    download = admin.get(f"{url}/{seat.pk}/convenant")
    assert b"".join(download.streaming_content) == PDF
    assert logged("download").filter(object_type="covenant", object_id=str(seat.pk)).count() == 1
    assert verified(client, "chair.ijsselland").get(f"{url}/{seat.pk}/convenant").status_code == 403


def test_a_seat_is_ended_on_its_page(region, client):
    table = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    seat = table.seats.get(organisation__name="Politie IJsselland")
    admin = verified(client, "admin.ijsselland")
    until = timezone.localdate() + timedelta(days=30)
    response = admin.post(f"/inrichting/ijsselland/tafels/{table.pk}/plaatsen/{seat.pk}", {
        "basis_kind": "law", "legal_basis": "Politiewet 2012", "article": "18", "valid_from": "2021-01-01",
        "valid_until": until.isoformat()})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.valid_until == until and seat.article == "18"
    assert logged("update_seat").filter(object_id=str(table.pk)).count() == 1


def test_a_table_is_retired_not_deleted(region, client):
    local = new_table(region, "Lokaal overleg Kampen", TableKind.LOCAL,
                      municipalities=[Municipality.objects.get(name="Kampen")])
    regional = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    tables.update_table(user("admin.ijsselland"), regional, name=regional.name, kind=regional.kind,
                        chair_organisation=regional.chair_organisation, hands_to=[local])
    response = verified(client, "admin.ijsselland").post(f"/inrichting/ijsselland/tafels/{local.pk}/opheffen")
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.retired_at is not None and not regional.hands_to.exists()
    assert logged("retire_table").filter(object_id=str(local.pk)).count() == 1


def test_a_retired_organisation_gets_no_seat_and_chairs_no_new_table(region):
    admin, police = user("admin.ijsselland"), org("Politie IJsselland")
    region_services.set_organisation_active(admin, region, police, False)
    table = new_table(region, "RIEC-informatieplein IJsselland", TableKind.RIEC_PLAZA, chair=org("RIEC IJsselland"))
    with pytest.raises(Invalid) as refused:
        tables.add_seat(admin, table, police, **seat_data())
    assert "organisation" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        new_table(region, "Lokaal overleg Zwolle", chair=police)
    assert "chair_organisation" in refused.value.errors
    assert not table.seats.exists() and not Table.objects.filter(name="Lokaal overleg Zwolle").exists()
