"""The acute route's status on the case page: the table, told of an intervention, finds on the case
who has and has not recorded theirs, without the texts of other organisations, also when it may not
open the signal (and so not the acute route's own page)."""
import pytest
from django.utils import timezone

from ketenzicht.cases import acute as case_acute
from ketenzicht.cases import services as case_services
from ketenzicht.cases.models import Meeting
from ketenzicht.intake import acute, services
from ketenzicht.notifications.models import Notification
from ketenzicht.regions.models import Organisation

from ..helpers import report_as, user, verified

POLICE_TEXT = "Woning betreden, twee personen in veiligheid gebracht."


@pytest.fixture
def acute_case(world):
    """An acute signal in Deventer escalated to the IJsselland table, the police invited; the police
    recorded their intervention."""
    signal, _code = report_as("liaison.deventer", lead_municipality="GM0150", other_municipalities=[])
    liaison, chair = user("liaison.deventer"), user("chair.ijsselland")
    services.set_acute(liaison, signal, True)
    services.take_transition(liaison, signal, "in_behandeling_nemen")
    case = services.take_transition(liaison, signal, "escaleren", reason="Acuut").case
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    case_services.take_transition(chair, case, "agenderen", meeting=meeting,
                                  invited=[Organisation.objects.get(name="Politie IJsselland")])
    acute.record_intervention(user("police.ijsselland"), case.signals.get(), POLICE_TEXT)
    return case


def test_the_chair_is_sent_to_the_case_and_finds_who_has_recorded_there(acute_case, client):
    notice = Notification.objects.get(user__username="chair.ijsselland", kind="acute")
    assert notice.url == f"/casussen/{acute_case.pk}"
    chair = verified(client, "chair.ijsselland")
    signal = acute_case.signals.get()
    assert chair.get(f"/signalen/{signal.pk}/acute-route").status_code == 404  # the signal is not hers
    html = chair.get(notice.url).content.decode()
    assert 'data-testid="case-acute-status"' in html and 'data-testid="case-acute-route"' not in html
    police = Organisation.objects.get(name="Politie IJsselland")
    row = html.split(f'data-organisation="{police.pk}"')[1].split("</tr>")[0]
    assert "Ja: ingegrepen" in row and "Gedeeld aan tafel" in row
    assert POLICE_TEXT not in html  # another organisation's text
    assert html.count("Nog niet") == len(acute.access.acute_parties(signal)) - 1


def test_the_police_read_their_own_text_and_the_liaison_opens_the_route(acute_case, client):
    police_html = verified(client, "police.ijsselland").get(f"/casussen/{acute_case.pk}").content.decode()
    assert POLICE_TEXT in police_html and 'data-testid="case-acute-route"' in police_html
    client.logout()
    liaison_html = verified(client, "liaison.deventer").get(f"/casussen/{acute_case.pk}").content.decode()
    assert 'data-testid="case-acute-status"' in liaison_html and 'data-testid="case-acute-route"' in liaison_html


def test_who_may_not_see_the_case_is_neither_told_nor_shown(acute_case, client):
    assert not Notification.objects.filter(user__username="liaison.zwolle", kind="acute").exists()
    assert verified(client, "liaison.zwolle").get(f"/casussen/{acute_case.pk}").status_code == 404
    assert acute.access.is_acute(acute_case.signals.get())
    assert case_acute.route_status(user("liaison.zwolle"), acute_case) == []
