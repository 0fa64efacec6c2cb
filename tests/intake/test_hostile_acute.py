"""A hostile review of the acute route: who reads the text of another organisation's intervention.
The text is its own organisation's, for those who act on the route for it (their role, not merely
working there), and for those who see the signal."""
import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.intake import access, acute, services
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, report_as, user


@pytest.fixture
def acute_signal(world):
    signal, _code = report_as("reporter.zwolle")
    return services.set_acute(user("liaison.zwolle"), signal, True)


def _texts(client, signal):
    route = client.get(f"/api/v1/signals/{signal.pk}/acute-route")
    assert route.status_code == 200, route.json()
    return {p["organisation_name"]: p["text"] for p in route.json()["parties"]}


def test_police_reads_no_other_organisations_text(acute_signal):
    acute.record_intervention(user("liaison.zwolle"), acute_signal, "Burgemeester: woning gesloten.")
    acute.record_intervention(user("care.ijsselland"), acute_signal, "Zorg: opvangplek geregeld.")
    acute.record_intervention(user("police.ijsselland"), acute_signal, "Politie: aanhouding.")
    texts = _texts(api_client("police.ijsselland"), acute_signal)
    assert "Politie: aanhouding." in texts.values()
    assert not {"Burgemeester: woning gesloten.", "Zorg: opvangplek geregeld."} & set(texts.values())


def test_a_role_elsewhere_at_the_mayors_organisation_does_not_open_its_text(acute_signal):
    """A police officer who also reports for the municipality (a reporter's role there) acts on the
    route for the police only: the mayor's text stays the mayor's office's."""
    acute.record_intervention(user("liaison.zwolle"), acute_signal, "Burgemeester: woning gesloten.")
    police = user("police.ijsselland")
    RoleAssignment.objects.create(user=police, role=Role.REPORTER, approved_at=timezone.now(),
                                  organisation=Organisation.objects.get(name="Gemeente Zwolle"))
    police = User.objects.get(pk=police.pk)
    mayor = acute_signal.acute_interventions.get()
    assert not access.reads_intervention(police, acute_signal, mayor)
    assert "Burgemeester: woning gesloten." not in _texts(api_client("police.ijsselland"), acute_signal).values()


def test_another_regions_police_does_not_see_the_route(acute_signal):
    assert api_client("police.zeeland").get(f"/api/v1/signals/{acute_signal.pk}/acute-route").status_code == 404
