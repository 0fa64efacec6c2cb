"""Care shares with an organisation only on the person's consent to share with it — a placement
tells the shelter provider who comes, so it follows the same rule as a hand-over (privacy.sharing)."""
from django.utils import timezone

from ketenzicht.care.models import Placement, ShelterPlace

from ..helpers import api_client


def test_a_placement_without_consent_is_refused_through_the_api_and_allowed_with_it(world):
    care = api_client("care.ijsselland")
    tid = care.post("/api/v1/care-trajectories", {"name": "Iris", "gender": "female", "municipality": "GM0193"},
                    format="json").json()["id"]
    women = ShelterPlace.objects.get(organisation__name="Opvang IJsselland", kind="women")
    today = timezone.localdate().isoformat()
    refused = care.post(f"/api/v1/care-trajectories/{tid}/placements", {"place": str(women.pk), "start": today},
                        format="json")
    assert refused.status_code == 400 and not Placement.objects.exists()
    problem = refused.json()["invalid_params"][0]
    assert problem["name"] == "place" and "geen toestemming van de betrokkene" in problem["reason"]
    assert "Opvang IJsselland" in problem["reason"]
    care.post(f"/api/v1/care-trajectories/{tid}/consents", {"purpose": "share", "organisation": str(women.organisation_id),
                                                           "form": "written", "given_on": today}, format="json")
    assert care.post(f"/api/v1/care-trajectories/{tid}/placements", {"place": str(women.pk), "start": today},
                     format="json").status_code == 201
