"""The chain holds between the steps on the pages: the signal and its case link to each other and
share a reference, the acute mark carries over and comes first, the chair's case page shows what
the table weighs."""
import pytest
from django.utils import timezone

from ketenzicht.cases.models import Case
from ketenzicht.intake import services as intake

from ..helpers import report_as, user, verified
from ..helpers import signal as report_signal


def escalate(signal):
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen van arbeidsuitbuiting")
    signal.refresh_from_db()
    return signal.case


@pytest.fixture
def signal(world):
    return report_as("reporter.zwolle", urgency="urgent")[0]


def test_the_case_has_the_signals_reference_and_they_link_to_each_other(signal, client):
    case = escalate(signal)
    assert case.reference == signal.reference
    liaison = verified(client, "liaison.zwolle")
    assert f'href="/casussen/{case.pk}"' in liaison.get(f"/signalen/{signal.pk}").content.decode()
    assert f'href="/signalen/{signal.pk}"' in liaison.get(f"/casussen/{case.pk}").content.decode()
    reporter = verified(client, "reporter.zwolle")  # may see the signal, not the case: no dead link
    assert f"/casussen/{case.pk}" not in reporter.get(f"/signalen/{signal.pk}").content.decode()


def test_the_acute_mark_carries_over_and_comes_first_at_the_table(signal, client):
    calm = escalate(report_as("reporter.zwolle")[0])
    intake.set_acute(user("liaison.zwolle"), signal, True)
    signal.refresh_from_db()
    acute = escalate(signal)
    assert acute.is_acute and not calm.is_acute
    chair = verified(client, "chair.ijsselland")
    table = chair.get(f"/tafels/{acute.table_id}").content.decode()
    assert table.index(acute.reference) < table.index(calm.reference)
    listed = chair.get("/casussen").content.decode()
    assert listed.index(acute.reference) < listed.index(calm.reference)


def test_the_chair_sees_what_the_table_weighs(world, client):
    signal = report_signal("reporter.zwolle", "GM0193", timezone.localdate())
    case = escalate(signal)
    page = verified(client, "chair.ijsselland").get(f"/casussen/{case.pk}").content.decode()
    assert "Signaal voor de cijfers." in page  # the signal's summary
    assert "Normaal" in page and "Arbeidsuitbuiting" in page  # urgency and the form of exploitation
    assert "Mogelijk slachtoffer: 23–29 jaar, vrouw, EU/EER" in page  # the person in scope, without a name
    assert f'href="/signalen/{signal.pk}"' not in page  # the chair does not open the signal itself
    assert Case.objects.get(pk=case.pk).signals.get() == signal
