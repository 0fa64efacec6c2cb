"""The steering group sees only figures: its members open the region's dashboard, never a case or a
signal, and no case can be opened at or handed to a steering group."""
from datetime import date

import pytest
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.cases import tables
from ketenzicht.cases.models import Case, Table, TableKind
from ketenzicht.demo import loader
from ketenzicht.insights import access
from ketenzicht.intake import services as intake
from ketenzicht.intake.models import Signal
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Organisation, Region
from ketenzicht.route import engine

from ..helpers import report_as, user, verified


@pytest.fixture
def steering(world):
    """IJsselland's steering group, the municipality of Zwolle seated; its alderman's adviser a member."""
    region = Region.objects.get(slug="ijsselland")
    table = tables.create_table(user("admin.ijsselland"), region, name="Stuurgroep", kind=TableKind.STEERING,
                                chair_organisation=Organisation.objects.get(name="Regiobureau IJsselland"))
    zwolle = Organisation.objects.get(name="Gemeente Zwolle")
    tables.add_seat(user("admin.ijsselland"), table, zwolle, basis_kind="law", legal_basis="Gemeentewet",
                    article="160", valid_from=date(2025, 1, 1), valid_until=None)
    member = loader._user("stuurgroep.zwolle", "Stuurgroep", zwolle, Role.TABLE_MEMBER)
    RoleAssignment.objects.filter(user=member).update(approved_at=timezone.now())
    return table


def test_members_see_the_regions_figures_and_no_case_or_signal(steering, client):
    signal, _code = report_as("reporter.zwolle")
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen")
    member = user("stuurgroep.zwolle")
    assert list(access.figure_regions(member)) == [steering.region]
    assert Case.objects.exists() and not policy.visible(member, Case).exists()
    assert not policy.visible(member, Signal).exists()
    page = verified(client, "stuurgroep.zwolle")
    assert page.get("/casussen").content.decode().count("/casussen/") == 0
    assert page.get(f"/casussen/{signal.case.pk}").status_code == 404


def test_no_case_goes_to_a_steering_group(steering):
    regional = Table.objects.get(name="Weeg- en monitortafel IJsselland")
    with pytest.raises(Invalid, match="casussen wegen"):
        tables.update_table(user("admin.ijsselland"), regional, name=regional.name, kind=regional.kind,
                            chair_organisation=regional.chair_organisation, hands_to=[steering])
    definition = engine.load_file("ijsselland")
    next(t for t in definition["signal"]["transitions"] if t["name"] == "escaleren")["table"] = "steering"
    with pytest.raises(engine.RouteError):
        engine.parse(definition)
