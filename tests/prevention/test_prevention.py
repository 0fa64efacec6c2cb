"""Training and awareness: IJsselland's catalogue from seed 001, who reads and records what (other
regions find nothing), bad input refused with nothing changed, and the figures: trained staff per
sector beside signals per sector, the never-trained sectors included."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ketenzicht.insights.figures import publish
from ketenzicht.insights.selection import Selection
from ketenzicht.lib.errors import Invalid
from ketenzicht.prevention import access, figures, services
from ketenzicht.prevention.models import Intervention, Participants, TrainingSession
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality, Organisation, Region, Sector

from ..helpers import signal, user, verified

TODAY = timezone.localdate()


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


def municipality(name):
    return Municipality.objects.get(name=name)


def session_data(where="Zwolle", **overrides):
    return {"municipality": municipality(where), "held_on": TODAY - timedelta(days=10), "intervention": None,
            "organisations": [], "participants": [(Sector.POLICE, 12), (Sector.CARE, 5)], "evaluation": "Goed",
            "score": 8, **overrides}


def test_ijsselland_has_the_thirteen_interventions_of_seed_001_word_for_word(ijsselland):
    catalogue = list(Intervention.objects.filter(region=ijsselland).order_by("order"))
    assert len(catalogue) == 13
    assert catalogue[0].name == "THINK" and catalogue[0].scale == "lokaal"
    keuzekaart = catalogue[1]
    assert keuzekaart.target_group == "Leerlingen, docenten, professionals en ouders"
    assert keuzekaart.provider == "GGD i.s.m. andere partners"
    assert sorted(f.code for f in keuzekaart.forms.all()) == ["criminal", "sexual"]
    assert catalogue[11].name == "Signalenkaarten mensenhandel, specifiek voor IJsselland"
    assert catalogue[11].name_en.startswith("Human trafficking signal cards")
    assert not Intervention.objects.filter(region__slug="zeeland").exists()


@pytest.mark.parametrize("username, reads, records", [
    ("analyst.ijsselland", True, False), ("liaison.zwolle", True, True), ("burgemeester.zwolle", True, False),
    ("admin.ijsselland", True, True), ("police.ijsselland", False, False), ("reporter.zwolle", False, False),
    ("privacy.ijsselland", False, False), ("analyst.zeeland", False, False), ("admin.zeeland", False, False),
])
def test_who_reads_and_records_for_zwolle(ijsselland, username, reads, records):
    someone = user(username)
    assert access.reads(someone, ijsselland) is reads
    assert access.records(someone, ijsselland, municipality("Zwolle")) is records


def test_the_liaison_records_for_her_own_municipality_only(ijsselland):
    liaison = user("liaison.zwolle")
    session = services.record_session(liaison, ijsselland, session_data())
    assert session.total == 17 and session.municipality.name == "Zwolle"
    with pytest.raises(PermissionDenied):
        services.record_session(liaison, ijsselland, session_data("Deventer"))
    with pytest.raises(Invalid) as refused:  # region-wide is the administrator's: a field error, not a 403
        services.record_activity(liaison, ijsselland, {"municipality": None, "kind": "campaign", "title": "X",
                                                       "starts_on": TODAY, "audience": ["publiek"], "reach": 5})
    assert refused.value.field == "municipality"
    assert AccessLog.objects.filter(action="denied", object_type="prevention_session").exists()
    assert TrainingSession.objects.count() == 1


@pytest.mark.parametrize("overrides, field", [
    ({"participants": []}, "participants"),
    ({"participants": [(Sector.POLICE, 0)]}, "participants"),
    ({"participants": [(Sector.POLICE, -3)]}, "participants"),
    ({"participants": [(Sector.POLICE, 10_000_001)]}, "participants"),
    ({"participants": [("horeca", 4)]}, "participants"),
    ({"participants": [(Sector.POLICE, 4), (Sector.POLICE, 2)]}, "participants"),
    ({"held_on": TODAY + timedelta(days=3)}, "held_on"),
    ({"held_on": date(1999, 12, 31)}, "held_on"),
    ({"score": 11}, "score"),
])
def test_bad_sessions_are_refused_naming_the_field_and_change_nothing(ijsselland, overrides, field):
    with pytest.raises(Invalid) as refused:
        services.record_session(user("liaison.zwolle"), ijsselland, session_data(**overrides))
    assert field in refused.value.errors
    assert not TrainingSession.objects.exists() and not Participants.objects.exists()


def test_another_regions_organisation_or_intervention_is_refused(ijsselland):
    zeeland_org = Organisation.objects.filter(region__slug="zeeland").first()
    with pytest.raises(Invalid) as refused:
        services.record_session(user("liaison.zwolle"), ijsselland, session_data(organisations=[zeeland_org]))
    assert "organisations" in refused.value.errors
    zeeland = Region.objects.get(slug="zeeland")
    foreign = services.add_intervention(user("admin.zeeland"), zeeland, {
        "name": "Eigen training", "name_en": "Own", "target_group": "Wijkteams", "target_group_en": "Teams",
        "scale": "regionaal", "provider": "GGD"})
    with pytest.raises(Invalid) as refused:
        services.record_session(user("liaison.zwolle"), ijsselland, session_data(intervention=foreign))
    assert "intervention" in refused.value.errors
    with pytest.raises(PermissionDenied):
        services.add_intervention(user("admin.zeeland"), ijsselland, {
            "name": "X", "name_en": "X", "target_group": "Y", "target_group_en": "Y", "scale": "lokaal",
            "provider": "Z"})


def test_activities_check_their_dates_audience_and_reach(ijsselland):
    admin = user("admin.ijsselland")
    base = {"municipality": None, "kind": "campaign", "title": "Campagne", "starts_on": TODAY,
            "audience": ["publiek", Sector.EMPLOYER], "reach": 1000}
    for overrides, field in (({"ends_on": TODAY - timedelta(days=1)}, "ends_on"), ({"audience": ["x"]}, "audience"),
                             ({"audience": []}, "audience"), ({"reach": -1}, "reach"), ({"kind": "feest"}, "kind")):
        with pytest.raises(Invalid) as refused:
            services.record_activity(admin, ijsselland, {**base, **overrides})
        assert field in refused.value.errors
    activity = services.record_activity(admin, ijsselland, base)
    assert activity.municipality is None and activity.audience_labels == ["Inwoners (algemeen publiek)",
                                                                                   "Werkgever / bedrijf"]


def test_trained_staff_and_counts_per_period_and_municipality(ijsselland):
    liaison = user("liaison.zwolle")
    services.record_session(liaison, ijsselland, session_data())
    services.record_session(liaison, ijsselland, session_data(held_on=TODAY - timedelta(days=400),
                                                              participants=[(Sector.POLICE, 7)]))
    services.record_session(user("liaison.deventer"), ijsselland, session_data("Deventer",
                                                                               participants=[(Sector.CARE, 3)]))
    year = (TODAY - timedelta(days=364), TODAY)
    assert figures.trained_staff(ijsselland, *year) == 20
    assert figures.trained_staff(ijsselland, *year, municipality=municipality("Zwolle")) == 17
    assert figures.trained_staff(ijsselland, TODAY - timedelta(days=800), TODAY) == 27
    assert figures.trained_staff(Region.objects.get(slug="zeeland"), *year) == 0
    counts = figures.counts(ijsselland, *year)
    assert counts["sessions"] == 2 and counts["by_sector"] == {Sector.POLICE: 12, Sector.CARE: 8}


def test_the_training_table_puts_trained_staff_beside_signals_for_every_sector(ijsselland):
    services.record_session(user("liaison.zwolle"), ijsselland, session_data(held_on=date(2026, 3, 2)))
    for day in range(6):
        signal("liaison.zwolle", "GM0193", date(2026, 3, 3 + day))
    sel = Selection(ijsselland, date(2026, 1, 1), date(2026, 6, 30))
    table = publish(sel, ["training"], ijsselland.suppression_threshold)[0]
    rows = {row.key: cells for row, cells in table.rows}
    assert len(rows) == len(Sector.values)  # the never-trained sectors are rows too
    assert rows[Sector.POLICE][0].text == "12" and rows[Sector.EDUCATION][0].text == "0"
    assert sum(1 for cells in rows.values() if cells[1].text not in ("0", "<5", "·")) >= 1
    sel_deventer = Selection(ijsselland, date(2026, 1, 1), date(2026, 6, 30), municipality=municipality("Deventer"))
    deventer = {row.key: cells for row, cells in publish(sel_deventer, ["training"])[0].rows}
    assert deventer[Sector.POLICE][0].text == "0"


def test_pages_for_the_analyst_and_the_liaison_and_404_for_another_region(ijsselland, client):
    services.record_session(user("liaison.zwolle"), ijsselland, session_data())
    verified(client, "analyst.ijsselland")
    overview = client.get(reverse("prevention:overview", args=["ijsselland"]))
    assert overview.status_code == 200 and "Zwolle" in overview.content.decode()
    assert "Deventer" in overview.content.decode().split("Geen medewerkers getraind in:")[1].split("</p>")[0]
    listed = client.get(reverse("prevention:sessions", args=["ijsselland"]))
    assert "Politie: 12" in listed.content.decode()
    assert client.get(reverse("prevention:new_session", args=["ijsselland"])).status_code == 403
    assert client.get(reverse("prevention:overview", args=["zeeland"])).status_code == 404
    assert client.get(reverse("prevention:setup_catalogue", args=["ijsselland"])).status_code == 404


def test_the_liaison_records_a_session_and_bad_input_keeps_what_she_typed(ijsselland, client):
    verified(client, "liaison.zwolle")
    url = reverse("prevention:new_session", args=["ijsselland"])
    form = {"municipality": "GM0193", "held_on": str(TODAY), "evaluation": "Nuttig", "score": "9",
            "participants-TOTAL_FORMS": "4", "participants-INITIAL_FORMS": "0",
            "participants-0-sector": "politie", "participants-0-participants": "-4"}
    refused = client.post(url, form)
    assert refused.status_code == 400 and "Nuttig" in refused.content.decode()
    assert not TrainingSession.objects.exists()
    done = client.post(url, {**form, "participants-0-participants": "11", "participants-1-sector": "zorg",
                             "participants-1-participants": "4"})
    assert done.status_code == 302
    assert TrainingSession.objects.get().total == 15
    other = client.post(url, {**form, "municipality": "GM0150", "participants-0-participants": "3"})
    assert other.status_code == 400 and TrainingSession.objects.count() == 1


def test_the_administrator_keeps_the_catalogue(ijsselland, client):
    verified(client, "admin.ijsselland")
    url = reverse("prevention:setup_catalogue", args=["ijsselland"])
    page = client.get(url)
    assert page.status_code == 200 and "Mensenhandel Academy" in page.content.decode()
    refused = client.post(url, {"add-name": "<script>", "add-name_en": "X", "add-target_group": "Y",
                                "add-target_group_en": "Y", "add-scale": "lokaal", "add-provider": "Z"})
    assert refused.status_code == 400 and Intervention.objects.filter(region=ijsselland).count() == 13
    client.post(url, {"add-name": "Training arbeidsuitbuiting", "add-name_en": "Labour exploitation training",
                      "add-exploitation_forms": ["labour"], "add-target_group": "Handhavers",
                      "add-target_group_en": "Enforcement officers", "add-scale": "regionaal",
                      "add-provider": "Arbeidsinspectie"})
    added = Intervention.objects.get(name="Training arbeidsuitbuiting")
    assert [f.code for f in added.forms.all()] == ["labour"]


def test_an_intervention_taken_out_of_the_catalogue_is_no_longer_offered(ijsselland, client):
    think = Intervention.objects.get(region=ijsselland, name="THINK")
    verified(client, "admin.ijsselland")
    url = reverse("prevention:setup_intervention", args=["ijsselland", think.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "THINK", "name_en": "THINK", "target_group": "Leerlingen VO",
                                 "target_group_en": "Secondary school pupils", "scale": "lokaal",
                                 "provider": "THINK"})  # "in het aanbod" left unticked
    assert response.status_code == 302
    think.refresh_from_db()
    assert not think.active
    verified(client, "liaison.zwolle")
    form = client.get(reverse("prevention:new_session", args=["ijsselland"])).content.decode()
    assert "Mensenhandel Academy" in form and ">THINK<" not in form
    assert client.get(url).status_code == 404  # the liaison does not keep the catalogue
