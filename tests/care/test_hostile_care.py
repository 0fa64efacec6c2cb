"""A hostile review of the care meeting rule: a partner seated at the care meeting (here the police)
follows where a trajectory stands, and reads nothing of its content on any page or endpoint."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ketenzicht.care import access
from ketenzicht.care import services as care
from ketenzicht.cases import tables
from ketenzicht.cases.models import TableKind
from ketenzicht.regions.models import Municipality, Organisation, Region

from ..helpers import api_client, user, verified


@pytest.fixture
def trajectory(world):
    admin = user("admin.ijsselland")
    table = tables.create_table(admin, Region.objects.get(slug="ijsselland"), name="Zorgoverleg Zwolle",
                                kind=TableKind.CARE, municipalities=[Municipality.objects.get(name="Zwolle")],
                                chair_organisation=Organisation.objects.get(name="Veilig Thuis IJsselland"))
    tables.add_seat(admin, table, Organisation.objects.get(name="Politie IJsselland"), basis_kind="covenant",
                    legal_basis="Convenant Zorg- en Veiligheidshuis", article="5", valid_from=date(2025, 1, 1),
                    valid_until=None, document=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n"))
    return care.open_trajectory(user("care.ijsselland"), name="Anna Bijzonder", municipality=Municipality.objects.get(
        name="Zwolle"), age=24, needs=["shelter"])


def test_a_care_meeting_member_reads_no_trajectory_content(trajectory):
    police = api_client("police.ijsselland")
    statuses = police.get("/api/v1/care-trajectory-statuses")
    assert statuses.status_code == 200 and len(statuses.json()) == 1
    assert set(statuses.json()[0]) <= {*access.STATUS_FIELDS, "id"}, statuses.json()[0]
    assert "Anna" not in statuses.content.decode()
    assert police.get(f"/api/v1/care-trajectories/{trajectory.pk}").status_code == 404
    for path in ("/consents", "/placements", "/hand-overs"):  # writes: refused as if it did not exist
        assert police.post(f"/api/v1/care-trajectories/{trajectory.pk}{path}", {}, format="json").status_code == 404, path
    assert trajectory.pk not in [t["id"] for t in police.get("/api/v1/care-trajectories").json()]
    page = verified(Client(), "police.ijsselland")
    assert page.get(f"/zorg/{trajectory.pk}").status_code in (403, 404)
    meeting = page.get("/zorgoverleg")
    assert meeting.status_code == 200 and "Anna" not in meeting.content.decode()
    assert page.post(f"/zorg/{trajectory.pk}/afspraken", {"text": "Ik schrijf mee"}).status_code in (403, 404)

