"""The care meeting (zorgoverleg) sees care trajectories, not cases: its members follow the
trajectories of the municipalities it covers, their status and who coordinates them, never their
content; and only while their organisation sits there on a legal basis in force."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ketenzicht.care import access
from ketenzicht.care import services as care
from ketenzicht.cases import tables
from ketenzicht.cases.models import TableKind
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Municipality, Organisation, Region

from ..helpers import user


@pytest.fixture
def meeting(world):
    """A care meeting of IJsselland for Zwolle, the police seated; a trajectory in Zwolle and one in Deventer."""
    admin = user("admin.ijsselland")
    table = tables.create_table(admin, Region.objects.get(slug="ijsselland"), name="Zorgoverleg Zwolle",
                                kind=TableKind.CARE, municipalities=[Municipality.objects.get(name="Zwolle")],
                                chair_organisation=Organisation.objects.get(name="Veilig Thuis IJsselland"))
    tables.add_seat(admin, table, Organisation.objects.get(name="Politie IJsselland"), basis_kind="covenant",
                    legal_basis="Convenant Zorg- en Veiligheidshuis", article="5", valid_from=date(2025, 1, 1),
                    valid_until=None, document=_pdf())
    return table


def _pdf():
    return SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n")


def trajectory(municipality):
    return care.open_trajectory(user("care.ijsselland"), name="Anna B.", municipality=Municipality.objects.get(
        name=municipality), age=24, needs=["shelter"])


def test_members_follow_the_status_of_the_trajectories_of_their_municipalities(meeting):
    zwolle, deventer = trajectory("Zwolle"), trajectory("Deventer")
    police = user("police.ijsselland")
    assert list(access.followed_at_care_meeting(police)) == [zwolle]
    assert access.trajectory_access(police, zwolle) == access.CareAccess.STATUS
    assert policy.can(police, "status", zwolle) and not policy.can(police, "view", zwolle)
    assert access.trajectory_access(police, deventer) == access.CareAccess.NONE
    assert "name" not in access.STATUS_FIELDS and "coordinator" in access.STATUS_FIELDS
    assert zwolle not in policy.visible(police, type(zwolle))  # the content's list stays closed


def test_a_meeting_naming_no_municipality_covers_the_region(meeting):
    meeting.municipalities.clear()
    assert trajectory("Deventer") in access.followed_at_care_meeting(user("police.ijsselland"))


def test_no_seat_in_force_no_trajectories(meeting):
    police = user("police.ijsselland")
    zwolle = trajectory("Zwolle")
    meeting.seats.update(valid_until=timezone.localdate() - timedelta(days=1))
    assert access.trajectory_access(police, zwolle) == access.CareAccess.NONE
    assert not access.followed_at_care_meeting(police).exists()


def test_a_seat_at_a_weighing_table_opens_no_trajectory(world):
    """The police sit at the regional table, not at a care meeting: no trajectory is theirs to follow."""
    assert access.trajectory_access(user("police.ijsselland"), trajectory("Zwolle")) == access.CareAccess.NONE
