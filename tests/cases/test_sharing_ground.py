"""One rule wherever a case's data goes to a partner (privacy.sharing): an invitation, a consultation,
a track or a task reaches a partner at the table only on a legal basis in force, refused with a Dutch
message naming the partner and what is missing; the minutes list as present only partners with that
ground on the meeting's day."""
from datetime import date

import pytest
from django.utils import timezone

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case, Invitation, Meeting
from ketenzicht.intake import services as intake
from ketenzicht.lib.errors import Invalid
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, report_as, user, verified

MISSING = "Nederlandse Arbeidsinspectie heeft aan deze tafel geen geldige grondslag"


def org_id(name):
    return str(Organisation.objects.get(name=name, region__slug="ijsselland").pk)


def escalated(reason):
    """A signal taken up and escalated: the case it opened."""
    signal = report_as("reporter.zwolle", other_municipalities=[])[0]
    intake.take_transition(user("liaison.zwolle"), signal, "in_behandeling_nemen")
    intake.take_transition(user("liaison.zwolle"), signal, "escaleren", reason=reason)
    return Case.objects.get()


def api_step(client, url, body):
    etag = client.get(url.rsplit("/", 1)[0])["ETag"]
    return client.post(url, body, format="json", HTTP_IF_MATCH=etag)


def test_an_invitation_without_legal_basis_is_refused_through_the_api(world):
    chair = api_client("chair.ijsselland")
    case = escalated("Grondslag")
    meeting = chair.post(f"/api/v1/tables/{case.table_id}/meetings", {"starts_at": "2026-12-01 10:00"},
                         format="json").json()
    steps = f"/api/v1/cases/{case.pk}/transitions"
    refused = api_step(chair, steps, {"transition": "agenderen", "meeting": str(meeting["id"]),
                                      "invited": [org_id("Politie IJsselland"), org_id("Nederlandse Arbeidsinspectie")]})
    assert refused.status_code == 400
    assert refused.json()["invalid_params"][0]["name"] == "invited" and MISSING in refused.json()["invalid_params"][0]["reason"]
    case.refresh_from_db()
    assert case.stage == "aangemeld" and not Invitation.objects.exists()


def test_consultations_and_tasks_follow_the_same_rule(world):
    case = escalated("Spoed")
    consulted = api_client("liaison.zwolle").post(f"/api/v1/cases/{case.pk}/consultations", {
        "question": "Weet u meer?", "invited": [org_id("Nederlandse Arbeidsinspectie")]}, format="json")
    assert consulted.status_code == 400 and MISSING in consulted.json()["invalid_params"][0]["reason"]
    chair, meeting = user("chair.ijsselland"), Meeting.objects.create(table=case.table, starts_at=timezone.now())
    cases.take_transition(chair, case, "agenderen", meeting=meeting, invited=[])
    inspectorate = case.table.partners(any_basis=True).get(name="Nederlandse Arbeidsinspectie")
    with pytest.raises(Invalid, match=MISSING):
        cases.take_transition(chair, case, "besluiten", decision="Arbeid", tracks=[{"kind": "zorg",
                                                                                   "owner": inspectorate}])


def test_the_minutes_list_as_present_only_partners_with_a_ground(world, client):
    case = escalated("Notulen")
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    cases.take_transition(user("chair.ijsselland"), case, "agenderen", meeting=meeting,
                          invited=[case.table.partners().get(name="Politie IJsselland")])
    seat = case.table.seats.get(organisation__name="Politie IJsselland")
    Invitation.objects.create(item=case.agenda_items.get(), organisation=case.table.partners(any_basis=True).get(
        name="Nederlandse Arbeidsinspectie"))  # invited before the rule, or its basis lapsed since
    page = verified(client, "chair.ijsselland").get(f"/overleggen/{meeting.pk}").content.decode()
    present = page.split("Aanwezig voor deze casus:")[1].split("</p>")[0]
    assert "Politie IJsselland" in present and "Nederlandse Arbeidsinspectie" not in present
    seat.valid_until = date(2020, 1, 1)
    seat.save()
    page = client.get(f"/overleggen/{meeting.pk}").content.decode()
    assert "Politie IJsselland" not in page.split("Aanwezig voor deze casus:")[1].split("</p>")[0]
