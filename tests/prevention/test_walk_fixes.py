"""What a browser walk found on the prevention pages (issue 19): a choice the form offers is never
refused with a 403, and the lists and catalogue say what they hold."""
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ketenzicht.lib.errors import Invalid
from ketenzicht.prevention import services
from ketenzicht.prevention.models import AwarenessActivity, Intervention, TrainingSession
from ketenzicht.regions.models import Municipality, Organisation, Region

from ..helpers import user, verified

TODAY = timezone.localdate()


def activity_form(**overrides):
    return {"kind": "activity", "title": "Voorlichting", "municipality": "", "starts_on": TODAY.isoformat(),
            "audience": ["publiek"], "reach": "40", **overrides}


def test_the_liaison_is_not_offered_the_region_wide_choice_and_gets_a_field_error(world, client):
    verified(client, "liaison.zwolle")
    url = reverse("prevention:new_activity", args=["ijsselland"])
    page = client.get(url).content.decode()
    assert "hele regio" not in page.lower()
    refused = client.post(url, activity_form())
    assert refused.status_code == 400
    assert "Kies de gemeente" in refused.content.decode() and 'value="Voorlichting"' in refused.content.decode()
    assert not AwarenessActivity.objects.filter(title="Voorlichting").exists()
    assert client.post(url, activity_form(municipality="GM0193")).status_code == 302


def test_the_administrator_is_offered_the_whole_region(world, client):
    verified(client, "admin.ijsselland")
    url = reverse("prevention:new_activity", args=["ijsselland"])
    assert "De hele regio" in client.get(url).content.decode()
    assert client.post(url, activity_form()).status_code == 302
    assert AwarenessActivity.objects.get(title="Voorlichting").municipality is None


def test_the_catalogue_holds_each_intervention_once_with_the_seeds_names(world):
    names = list(Intervention.objects.filter(region__slug="ijsselland").values_list("name", flat=True))
    assert len(names) == len(set(names)) == 13
    assert "Workshop mensenhandel" in names and not any(n.startswith("Gerelateerd") for n in names)


def test_the_catalogue_refuses_the_same_name_twice(world):
    region = Region.objects.get(slug="ijsselland")
    with pytest.raises(Invalid) as refused:
        services.add_intervention(user("admin.ijsselland"), region, {
            "name": "  mensenhandel\nACADEMY ", "name_en": "X", "target_group": "Andere doelgroep",
            "target_group_en": "Y", "scale": "landelijk", "provider": "Z", "exploitation_forms": []})
    assert refused.value.field == "name" and "Mensenhandel Academy" in refused.value.message


def test_liaisons_and_analysts_read_the_catalogue(world, client):
    url = reverse("prevention:catalogue", args=["ijsselland"])
    for username in ("liaison.zwolle", "analyst.ijsselland"):
        page = verified(Client(), username).get(url)
        assert page.status_code == 200 and "Mensenhandel Academy" in page.content.decode()
        assert "/inrichting/" not in page.content.decode().split("<main")[-1]
    assert verified(Client(), "police.ijsselland").get(url).status_code == 404


def session_form(**rows):
    return {"municipality": "GM0193", "held_on": str(TODAY), "evaluation": "", "score": "",
            "participants-TOTAL_FORMS": "4", "participants-INITIAL_FORMS": "0", **rows}


def test_the_sector_blocks_are_not_each_required_and_errors_name_the_sector(world, client):
    verified(client, "liaison.zwolle")
    url = reverse("prevention:new_session", args=["ijsselland"])
    page = client.get(url).content.decode()
    blocks = page.split("Deelnemers, sector 1")[1]
    assert "verplicht" not in blocks.split("</form>")[0]
    refused = client.post(url, session_form(**{"participants-1-sector": "politie",
                                               "participants-1-participants": "0"}))
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Deelnemers, sector 2: Deelnemers (Politie)" in text


def test_the_sessions_list_names_the_organisations(world, client):
    region = Region.objects.get(slug="ijsselland")
    organisation = Organisation.objects.filter(region=region, active=True).first()
    services.record_session(user("liaison.zwolle"), region, {
        "municipality": Municipality.objects.get(cbs_code="GM0193"),
        "held_on": TODAY, "organisations": [organisation], "participants": [("politie", 3)]})
    assert TrainingSession.objects.filter(organisations=organisation).exists()
    page = verified(client, "analyst.ijsselland").get(reverse("prevention:sessions", args=["ijsselland"]))
    assert organisation.name in page.content.decode()


def test_activity_wording(world, client):
    verified(client, "admin.ijsselland")
    listed = client.get(reverse("prevention:activities", args=["ijsselland"])).content.decode()
    page = client.get(reverse("prevention:new_activity", args=["ijsselland"])).content.decode()
    assert "Activiteit of campagne vastleggen" in listed and "Activiteit of campagne vastleggen" in page
    assert "Inwoners (algemeen publiek)" in page and "Voor wie" in page


def test_an_end_before_the_start_shows_with_the_other_errors(world, client):
    verified(client, "admin.ijsselland")
    refused = client.post(reverse("prevention:new_activity", args=["ijsselland"]),
                          activity_form(title="", ends_on=(TODAY - timezone.timedelta(days=3)).isoformat()))
    text = refused.content.decode()
    assert refused.status_code == 400 and "De einddatum ligt voor de begindatum." in text and "Titel" in text


def test_the_activity_form_names_the_missing_fields(world, client):
    verified(client, "liaison.zwolle")
    refused = client.post(reverse("prevention:new_activity", args=["ijsselland"]),
                          activity_form(municipality="GM0193", starts_on="", reach=""))
    text = refused.content.decode()
    assert "Vul ‘Datum’ in." in text and "Vul ‘Bereik’ in." in text and "Dit veld is vereist" not in text
