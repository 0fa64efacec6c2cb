"""Care coordination: a 17-year-old from a signal in Deventer, through the case's care track, to a
shelter place and a hand-over; the table sees only the care track's phase."""
import pytest
from django.utils import timezone

from ketenzicht.care.models import Consent, HandOver, Placement, ShelterPlace, Trajectory
from ketenzicht.cases.models import Meeting
from ketenzicht.regions.models import Organisation

from ..helpers import step, verified


def org(name, region="ijsselland"):
    return Organisation.objects.get(name=name, region__slug=region)


@pytest.fixture
def care_track(world, client):
    """A signal in Deventer about a 17-year-old, escalated and decided into a care track (owned by Veilig Thuis)."""
    liaison = verified(client, "liaison.deventer")
    client.post("/signalen/nieuw", {
        "kind": "signal", "lead_municipality": "GM0150", "description": "Meisje van 17 wordt uitgebuit",
        "urgency": "urgent", "exploitation_forms": ["sexual"], "persons-TOTAL_FORMS": "1",
        "persons-INITIAL_FORMS": "0", "persons-0-role": "victim", "persons-0-age": "17",
        "persons-0-is_minor": "unknown", "persons-0-nationality_group": "nl", "persons-0-gender": "female"})
    from ketenzicht.intake.models import Signal

    signal = Signal.objects.get()
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "in_behandeling_nemen"})
    liaison.post(f"/signalen/{signal.pk}/stap", {"transition": "escaleren", "reason": "Minderjarig slachtoffer"})
    case = Signal.objects.get().case
    chair = verified(client, "chair.ijsselland")
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    step(chair, case, "agenderen", meeting=meeting.pk, invited=[org("Politie IJsselland").pk])
    case.refresh_from_db()
    step(chair, case, "besluiten", decision="Zorg + strafrecht", **{
        "tracks-0-kind": "zorg", "tracks-0-owner": org("Veilig Thuis IJsselland").pk,
        "tracks-1-kind": "zorg_strafrecht", "tracks-1-owner": org("Politie IJsselland").pk})
    return case.tracks.get(kind="zorg")


def test_from_care_track_to_placement_and_hand_over(care_track, client):
    case = care_track.case
    care = verified(client, "care.ijsselland")
    assert f"?track={care_track.pk}" in care.get(f"/casussen/{case.pk}").content.decode()
    response = care.post(f"/zorg/nieuw?track={care_track.pk}", {
        "name": "Lisa de Vries", "birth_date": "2009-03-14", "gender": "female", "municipality": "GM0150",
        "exploitation_forms": ["sexual"], "needs": ["shelter", "psychological"]})
    assert response.status_code == 302
    trajectory = Trajectory.objects.get()
    assert trajectory.is_minor and trajectory.track == care_track and trajectory.age_group == "12-17"

    url = f"/zorg/{trajectory.pk}"
    today = timezone.localdate().isoformat()
    care.post(f"{url}/toestemming", {"purpose": "comensha", "form": "written", "given_on": today})
    assert set(Consent.objects.values_list("purpose", flat=True)) == {"comensha"}  # not for the police

    page = care.get(url).content.decode()
    minors = ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="minors")
    adults = ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="women")
    assert f'data-place="{minors.pk}"' in page and f'data-place="{adults.pk}"' not in page
    wrong = care.post(f"{url}/plaatsing", {"place": adults.pk, "start": today})
    assert wrong.status_code == 400 and "past niet" in wrong.content.decode()

    # one rule for placing and handing over: the person's consent to share with that organisation
    shelter = org("Opvang IJsselland")
    missing = "Er is geen toestemming van de betrokkene om gegevens te delen met Opvang IJsselland."
    unconsented = care.post(f"{url}/plaatsing", {"place": minors.pk, "start": today})
    assert unconsented.status_code == 400 and missing in unconsented.content.decode()
    refused = care.post(f"{url}/overdracht", {"organisation": shelter.pk, "contents": "Intake en afspraken"})
    assert refused.status_code == 400 and missing in refused.content.decode() and not Placement.objects.exists()
    care.post(f"{url}/toestemming", {"purpose": "share", "organisation": shelter.pk, "form": "written",
                                     "given_on": today})
    assert care.post(f"{url}/plaatsing", {"place": minors.pk, "start": today}).status_code == 302
    overlap = care.post(f"{url}/plaatsing", {"place": minors.pk, "start": today})
    assert overlap.status_code == 400 and Placement.objects.count() == 1
    assert care.post(f"{url}/overdracht", {"organisation": shelter.pk, "contents": "Intake en afspraken"}
                     ).status_code == 302
    assert HandOver.objects.get().organisation == shelter
    care.post(f"{url}/fase", {"phase": "begeleiding"})

    provider = verified(client, "opvang.ijsselland")
    assert "Lisa de Vries" in provider.get(url).content.decode()  # received the dossier
    police = verified(client, "police.ijsselland")
    case_page = police.get(f"/casussen/{case.pk}").content.decode()
    assert "Zorgspoor: begeleiding en uitvoering, niet geblokkeerd" in case_page
    assert "Lisa" not in case_page and police.get(url).status_code == 404
    assert verified(client, "liaison.deventer").get(url).status_code == 404


def test_dormant_not_closed_and_dates_checked(world, client):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Piotr", "gender": "male", "municipality": "GM0193", "third_country": "on"})
    trajectory = Trajectory.objects.get()
    url = f"/zorg/{trajectory.pk}"
    assert care.post(f"{url}/slapend", {"follow_up_on": "2020-01-01"}).status_code == 400
    assert care.post(f"{url}/slapend", {"follow_up_on": "2099-01-01"}).status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.status == "dormant"
    care.post(f"{url}/heropenen")
    trajectory.refresh_from_db()
    assert trajectory.status == "active"
    care.post(f"{url}/bedenktijd", {"reflection_start": "2026-11-01", "residence_status": "B8/3 aangevraagd"})
    trajectory.refresh_from_db()
    assert trajectory.reflection_end.isoformat() == "2027-02-01"
    bad = care.post("/zorg/nieuw", {"name": "X", "gender": "male", "municipality": "GM0193",
                                    "birth_date": "2000-01-01", "is_minor": "on"})
    assert bad.status_code == 400 and Trajectory.objects.count() == 1


@pytest.mark.parametrize("username", ["liaison.zwolle", "police.ijsselland", "chair.ijsselland",
                                      "analyst.ijsselland", "privacy.ijsselland", "care.zeeland"])
def test_only_the_coordinator_of_the_region_sees_care(world, client, username):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Anna", "gender": "female", "municipality": "GM0193"})
    trajectory = Trajectory.objects.get()
    verified(client, username)
    assert client.get(f"/zorg/{trajectory.pk}").status_code == 404
    register = client.get("/zorg")
    assert register.status_code in (403, 200) and "Anna" not in register.content.decode()


def test_the_care_flow_through_the_api(care_track, client):
    from ..helpers import api_client

    care, police, provider = api_client("care.ijsselland"), api_client("police.ijsselland"), api_client(
        "opvang.ijsselland")
    created = care.post("/api/v1/care-trajectories", {"name": "Lisa", "birth_date": "2009-03-14",
                                                      "gender": "female", "municipality": "GM0150"}, format="json")
    assert created.status_code == 201 and created.json()["is_minor"]
    tid = created.json()["id"]
    today = timezone.localdate().isoformat()
    assert care.post(f"/api/v1/care-trajectories/{tid}/consents", {"purpose": "comensha", "form": "written",
                                                                  "given_on": today}, format="json").status_code == 201
    found = care.get(f"/api/v1/shelter-places?trajectory={tid}").json()
    assert found and {p["kind"] for p in found} == {"minors"}
    assert {p["provider"] for p in found} == {"Opvang IJsselland", "Opvang Zeeland"}  # in and outside the region
    minors = next(p["id"] for p in found if p["provider"] == "Opvang IJsselland")
    shelter = str(org("Opvang IJsselland").pk)
    refused = care.post(f"/api/v1/care-trajectories/{tid}/hand-overs", {"organisation": shelter, "contents": "x"},
                        format="json")
    assert refused.status_code == 400 and refused.json()["invalid_params"][0]["name"] == "organisation"
    care.post(f"/api/v1/care-trajectories/{tid}/consents", {"purpose": "share", "organisation": shelter,
                                                           "form": "written", "given_on": today}, format="json")
    placed = care.post(f"/api/v1/care-trajectories/{tid}/placements", {"place": str(minors), "start": today},
                       format="json")
    assert placed.status_code == 201 and placed.json()["placements"][0]["place"] == minors
    assert care.post(f"/api/v1/care-trajectories/{tid}/hand-overs", {"organisation": shelter, "contents": "Dossier"},
                     format="json").status_code == 201
    assert provider.get(f"/api/v1/care-trajectories/{tid}").status_code == 200
    assert police.get(f"/api/v1/care-trajectories/{tid}").status_code == 404
    own = provider.get("/api/v1/shelter-places").json()
    minors_own = next(p for p in own if p["kind"] == "minors")
    assert minors_own["free"] == 1
    place_url = f"/api/v1/shelter-places/{minors_own['id']}"
    assert provider.patch(place_url, {"places": 4}, format="json").status_code == 428  # name the version seen
    updated = provider.patch(place_url, {"places": 4}, format="json", HTTP_IF_MATCH=provider.get(place_url)["ETag"])
    assert updated.status_code == 200 and updated.json()["free"] == 3
    assert police.patch(f"/api/v1/shelter-places/{minors_own['id']}", {"places": 9}, format="json").status_code == 404


def test_referral_needs_consent_and_the_provider_answers(care_track, client):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Eva", "gender": "female", "municipality": "GM0150", "needs": ["shelter"]})
    trajectory = Trajectory.objects.get()
    url = f"/zorg/{trajectory.pk}"
    shelter = org("Opvang IJsselland")
    refused = care.post(f"{url}/verwijzing", {"organisation": shelter.pk, "need": "shelter"})
    assert refused.status_code == 400 and "geen toestemming" in refused.content.decode()
    care.post(f"{url}/toestemming", {"purpose": "share", "organisation": shelter.pk, "form": "verbal",
                                     "given_on": timezone.localdate().isoformat()})
    assert care.post(f"{url}/verwijzing", {"organisation": shelter.pk, "need": "shelter"}).status_code == 302
    provider = verified(client, "opvang.ijsselland")
    page = provider.get("/opvangplekken").content.decode()
    assert trajectory.reference in page and "Eva" not in page
    referral = trajectory.referrals.get()
    provider.post(f"/verwijzingen/{referral.pk}/antwoord", {"answer": "accepted"})
    referral.refresh_from_db()
    assert referral.answer == "accepted" and trajectory.needs.get(kind="shelter").met
    assert verified(client, "opvang.zeeland").post(f"/verwijzingen/{referral.pk}/antwoord",
                                                   {"answer": "declined"}).status_code == 403


def test_sharing_a_summary_with_the_table_needs_a_reason(care_track, client):
    care = verified(client, "care.ijsselland")
    care.post(f"/zorg/nieuw?track={care_track.pk}", {"name": "Lisa", "gender": "female", "municipality": "GM0150"})
    trajectory = Trajectory.objects.get()
    url = f"/zorg/{trajectory.pk}"
    no_reason = care.post(f"{url}/samenvatting", {"text": "Stabiel, in opvang", "reason": "x"})
    assert no_reason.status_code == 400
    assert care.post(f"{url}/samenvatting", {"text": "Stabiel, in opvang",
                                             "reason": "Nodig voor de planning van het verhoor"}).status_code == 302
    police = verified(client, "police.ijsselland")
    assert "Stabiel, in opvang" in police.get(f"/casussen/{care_track.case.pk}").content.decode()
    from ketenzicht.privacy.models import AccessLog

    assert AccessLog.objects.filter(action="share_care_summary", user__username="care.ijsselland").exists()


def test_care_reminders(world, client):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command

    from ketenzicht.notifications.models import Notification

    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Piotr", "gender": "male", "municipality": "GM0193", "third_country": "on"})
    trajectory = Trajectory.objects.get()
    today = timezone.localdate()
    from ketenzicht.lib.dates import add_months

    Trajectory.objects.filter(pk=trajectory.pk).update(reflection_start=add_months(today + timedelta(days=7), -3),
                                                       review_on=today - timedelta(days=1))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    kinds = set(Notification.objects.filter(user__username="care.ijsselland").values_list("kind", flat=True))
    assert kinds == {"reflection_end", "care_review"}


def test_closing_and_retention_of_care(world, client):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command

    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Maria Jansen", "gender": "female", "municipality": "GM0193"})
    trajectory = Trajectory.objects.get()
    url = f"/zorg/{trajectory.pk}"
    care.post(f"{url}/afsluiten")
    trajectory.refresh_from_db()
    assert trajectory.status == "active"  # only from the closing phase
    care.post(f"{url}/fase", {"phase": "afsluiting"})
    care.post(f"{url}/afspraken", {"text": "Afgerond, terug naar familie"})
    care.post(f"{url}/afsluiten")
    trajectory.refresh_from_db()
    assert trajectory.status == "closed" and trajectory.closed_at
    Trajectory.objects.filter(pk=trajectory.pk).update(closed_at=timezone.now() - timedelta(days=6 * 366))
    call_command("apply_retention", stdout=StringIO())
    trajectory.refresh_from_db()
    assert trajectory.name == "" and not trajectory.notes.exists() and trajectory.anonymised_at
    assert trajectory.age_group and trajectory.municipality.cbs_code == "GM0193"  # still counted


def test_a_full_place_takes_no_one_and_dates_in_the_wrong_order_are_refused(world, client):
    care = verified(client, "care.ijsselland")
    minors = ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="minors")
    today = timezone.localdate().isoformat()
    for name in ("Een", "Twee", "Drie"):
        care.post("/zorg/nieuw", {"name": name, "gender": "female", "municipality": "GM0193", "is_minor": "on"})
    by_name = {t.name: t for t in Trajectory.objects.all()}  # names are encrypted: no lookup in SQL
    first, second, third = by_name["Een"], by_name["Twee"], by_name["Drie"]
    for t in (first, second, third):
        care.post(f"/zorg/{t.pk}/toestemming", {"purpose": "share", "organisation": minors.organisation_id,
                                                "form": "written", "given_on": today})
    for t in (first, second):
        assert care.post(f"/zorg/{t.pk}/plaatsing", {"place": minors.pk, "start": today}).status_code == 302
    full = care.post(f"/zorg/{third.pk}/plaatsing", {"place": minors.pk, "start": today})
    assert full.status_code == 400 and "niet vrij" in full.content.decode()
    from django.core.exceptions import ValidationError

    from ketenzicht.care import services

    placement = first.placements.get()
    with pytest.raises(ValidationError, match="vóór het begin"):
        services.end_placement(first.coordinator, placement, timezone.localdate() - timezone.timedelta(days=1))


def test_nonsense_trajectory_ids_are_not_found(world):
    from ..helpers import api_client

    care = api_client("care.ijsselland")
    for nonsense in ("ʇǝɯɐ", "1", "00000000-0000-4000-8000-000000000000", "x" * 300):
        assert care.get("/api/v1/shelter-places", {"trajectory": nonsense}).status_code == 404


def test_nonsense_sources_open_a_trajectory_without_source(world, client):
    care = verified(client, "care.ijsselland")
    for query in ("?track=abc", "?signal=zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "?signal=1", "?track=99999"):
        assert care.get(f"/zorg/nieuw{query}").status_code == 200


def test_withdrawn_consent_stops_what_rested_on_it_and_placements_end(world, client):
    care = verified(client, "care.ijsselland")
    care.post("/zorg/nieuw", {"name": "Olena", "gender": "female", "municipality": "GM0193"})
    trajectory = Trajectory.objects.get()
    url = f"/zorg/{trajectory.pk}"
    shelter = org("Opvang IJsselland")
    today = timezone.localdate().isoformat()
    care.post(f"{url}/toestemming", {"purpose": "share", "organisation": shelter.pk, "form": "written",
                                     "given_on": today})
    consent = trajectory.consents.get()
    women = ShelterPlace.objects.get(organisation=shelter, kind="women")
    care.post(f"{url}/plaatsing", {"place": women.pk, "start": today})
    placement = trajectory.placements.get()
    assert care.post(f"{url}/toestemming/{consent.pk}/intrekking").status_code == 302
    refused = care.post(f"{url}/overdracht", {"organisation": shelter.pk, "contents": "Dossier"})
    assert refused.status_code == 400 and not HandOver.objects.exists()
    assert care.post(f"{url}/plaatsing/{placement.pk}/einde").status_code == 302
    placement.refresh_from_db()
    assert placement.end is not None
    assert verified(client, "care.zeeland").post(f"{url}/toestemming/{consent.pk}/intrekking").status_code == 404


def test_an_empty_date_is_refused_not_taken_for_none(world):
    """Found by schemathesis: "" passed as a birth date although the document says a date or null."""
    from ..helpers import api_client

    care = api_client("care.ijsselland")
    body = {"name": "Lisa", "gender": "female", "municipality": "GM0150"}
    response = care.post("/api/v1/care-trajectories", {**body, "birth_date": ""}, format="json")
    assert response.status_code == 400 and response.json()["invalid_params"][0]["name"] == "birth_date"
    assert care.post("/api/v1/care-trajectories", {**body, "birth_date": None}, format="json").status_code == 201


def test_a_track_opens_a_trajectory_only_for_who_may_open_from_it(care_track, client):
    """The coordinator of another region, and a liaison who does not see the case, get an empty form:
    the track (and the case's reference) is not theirs to start from."""
    for username in ("care.zeeland", "liaison.zwolle"):
        page = verified(client, username).get(f"/zorg/nieuw?track={care_track.pk}")
        assert care_track.case.reference not in page.content.decode(), username
        assert page.status_code == (200 if username == "care.zeeland" else 403), username  # an empty form; no care role: refused
    mine = verified(client, "care.ijsselland").get(f"/zorg/nieuw?track={care_track.pk}")
    assert care_track.case.reference in mine.content.decode()
