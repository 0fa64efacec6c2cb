"""The care meeting's page and API: its members follow where the trajectories of their
municipalities stand (phase, status, review date, coordinator), never their content, never another
region's; whoever sits at no care meeting is not offered the list."""
import pytest

from ketenzicht.accounts import menu
from ketenzicht.care import services as care
from ketenzicht.cases.models import Table
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, user, verified

MEMBER = "zorgoverleg.ijsselland"  # the demo's GGD member of Zorgoverleg IJsselland


def open_trajectory(coordinator, municipality, name):
    trajectory = care.open_trajectory(user(coordinator), name=name, age=24, needs=["shelter"],
                                      municipality=Municipality.objects.get(name=municipality))
    care.add_note(user(coordinator), trajectory, "Vertelt over schulden bij de werkgever.")
    return trajectory


@pytest.fixture
def trajectories(world):
    """The care meeting covers Zwolle only; trajectories in Zwolle, Deventer and Middelburg (Zeeland)."""
    Table.objects.get(name="Zorgoverleg IJsselland").municipalities.set([Municipality.objects.get(name="Zwolle")])
    return {"zwolle": open_trajectory("care.ijsselland", "Zwolle", "Anna Bakker"),
            "deventer": open_trajectory("care.ijsselland", "Deventer", "Bea Claes"),
            "middelburg": open_trajectory("care.zeeland", "Middelburg", "Cor Dekker")}


def test_a_member_sees_the_status_of_its_municipalities_trajectories_and_no_content(trajectories, client):
    page = verified(client, MEMBER).get("/zorgoverleg")
    html = page.content.decode()
    assert page.status_code == 200
    zwolle = trajectories["zwolle"]
    assert f'data-trajectory="{zwolle.reference}"' in html and "Zorgcoördinator" in html
    assert f'data-trajectory="{trajectories["deventer"].reference}"' not in html
    assert f'data-trajectory="{trajectories["middelburg"].reference}"' not in html  # another region's: never
    for content in ("Anna", "Bakker", "schulden", str(zwolle.pk), "/zorg/"):
        assert content not in html
    logged = AccessLog.objects.get(user__username=MEMBER, action="list", object_type="trajectory")
    assert logged.reason == "care_meeting" and logged.detail["ids"] == [str(zwolle.pk)]


def test_the_care_meeting_is_the_members_start_and_offered_to_nobody_else(trajectories, client):
    member = user(MEMBER)
    assert menu.navigation(member)["care_meeting"] and menu.start_page(member) == "/zorgoverleg"
    assert 'href="/zorgoverleg"' in verified(client, MEMBER).get("/casussen").content.decode()
    for other in ("liaison.zwolle", "chair.ijsselland", "police.ijsselland", "analyst.ijsselland",
                  "care.zeeland"):
        assert not menu.navigation(user(other))["care_meeting"], other
        client.logout()
        assert verified(client, other).get("/zorgoverleg").status_code == 403, other


def test_the_api_answers_the_same_rows_with_only_the_status_fields(trajectories):
    response = api_client(MEMBER).get("/api/v1/care-trajectory-statuses")
    assert response.status_code == 200 and response["X-Total-Count"] == "1"
    (row,) = response.json()
    assert set(row) == {"reference", "municipality", "phase", "status", "blocked", "review_on", "coordinator"}
    assert row["reference"] == trajectories["zwolle"].reference and row["municipality"] == "GM0193"
    assert api_client("police.ijsselland").get("/api/v1/care-trajectory-statuses").json() == []
    too_big = api_client(MEMBER).get("/api/v1/care-trajectory-statuses?size=500")
    assert too_big.status_code == 400 and "size" in too_big.json()["invalid_params"][0]["name"]
