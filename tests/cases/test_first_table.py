"""A signal goes first to the table the region's route names: IJsselstreek's escalation to the local
meeting covering the signal's municipality, IJsselland's to its regional table. Where no such table
is set up, the liaison is told so and nothing changes."""
import pytest
from django.utils import timezone

from ketenzicht.cases import tables
from ketenzicht.cases.models import Case, Table, TableKind
from ketenzicht.demo import loader
from ketenzicht.intake import services as intake
from ketenzicht.lib.errors import Refused
from ketenzicht.regions.models import Municipality, Organisation, Region
from ketenzicht.route import engine

from ..helpers import report_as, user, verified
from ..helpers import signal as report_signal


@pytest.fixture
def ijsselstreek(world):
    loader.load(regions=("IJsselstreek",), with_signals=False)
    return Region.objects.get(slug="ijsselstreek")


def escalate(liaison, signal):
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    return intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen")


def test_ijsselstreek_opens_the_case_at_the_local_meeting(ijsselstreek):
    signal = report_signal("liaison.zutphen", "GM0301", timezone.localdate())
    case = escalate(user("liaison.zutphen"), signal).case
    assert case.table.name == "Lokaal ondermijningsoverleg IJsselstreek" and case.table.kind == TableKind.LOCAL
    assert not Case.objects.filter(table__kind=TableKind.RIEC_PLAZA).exists()


def test_the_local_meeting_of_the_signals_municipality_is_chosen(ijsselstreek):
    """Two local meetings: the one covering the municipality takes the case, not the first one made."""
    zutphen = Municipality.objects.get(cbs_code="GM0301")
    Table.objects.get(name="Lokaal ondermijningsoverleg IJsselstreek").municipalities.remove(zutphen)
    own = tables.create_table(user("admin.ijsselstreek"), ijsselstreek, name="Lokaal overleg Zutphen",
                              kind=TableKind.LOCAL, municipalities=[zutphen],
                              chair_organisation=Organisation.objects.get(name="Gemeente Zutphen"))
    signal = report_signal("liaison.zutphen", "GM0301", timezone.localdate())
    assert escalate(user("liaison.zutphen"), signal).case.table == own


def test_ijsselland_opens_the_case_at_its_regional_table_even_beside_a_local_meeting(world):
    region = Region.objects.get(slug="ijsselland")
    tables.create_table(user("admin.ijsselland"), region, name="Lokaal overleg Zwolle", kind=TableKind.LOCAL,
                        municipalities=[Municipality.objects.get(name="Zwolle")],
                        chair_organisation=Organisation.objects.get(name="Gemeente Zwolle"))
    signal, _code = report_as("reporter.zwolle")
    case = escalate(user("liaison.zwolle"), signal).case
    assert case.table.name == "Weeg- en monitortafel IJsselland"


def test_no_table_for_the_municipality_is_a_clear_refusal_and_changes_nothing(ijsselstreek, client):
    Table.objects.get(name="Lokaal ondermijningsoverleg IJsselstreek").municipalities.remove(
        Municipality.objects.get(cbs_code="GM0301"))
    signal = report_signal("liaison.zutphen", "GM0301", timezone.localdate())
    liaison = user("liaison.zutphen")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    signal.refresh_from_db()
    with pytest.raises(Refused, match="Er is geen tafel van de soort ‘Lokaal signalerings- of "
                                      "ondermijningsoverleg’ ingericht voor Zutphen"):
        intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen", expected_version=signal.version)
    signal.refresh_from_db()
    assert signal.stage == "verrijking" and not Case.objects.filter(region=ijsselstreek).exists()
    page = verified(client, "liaison.zutphen").post(f"/signalen/{signal.pk}/stap", {
        "transition": "escaleren", "reason": "Sterke signalen", "version": signal.version}, follow=True)
    assert "ingericht voor Zutphen" in page.content.decode()
    signal.refresh_from_db()
    assert signal.stage == "verrijking"


def test_a_route_naming_an_unknown_table_kind_is_refused():
    definition = engine.load_file("ijsselstreek")
    escalation = next(t for t in definition["signal"]["transitions"] if t["name"] == "escaleren")
    escalation["table"] = "stuurgroep"
    with pytest.raises(engine.RouteError, match="unknown table kind"):
        engine.parse(definition)
    assert engine.parse(engine.load_file("ijsselstreek")).signal.transitions["escaleren"].table == "local"
