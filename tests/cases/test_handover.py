"""The chair of a table hands a case on to a table hers hands cases to (IJsselstreek: the local
meeting to the RIEC plaza), with a reason: on the page, and through the API with If-Match. The
history and the access log record it, the receiving chair is told and sees it, its members once it
is on their agenda; the handing chair no longer sees it."""
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.cases import access, handovers
from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Case, Meeting, Table
from ketenzicht.demo import loader
from ketenzicht.intake import services as intake
from ketenzicht.lib.errors import Invalid
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import api_client, user, verified
from ..helpers import signal as report_signal


@pytest.fixture
def case(world):
    """A case at IJsselstreek's local meeting, a chair and a member for its RIEC plaza."""
    loader.load(regions=("IJsselstreek",), with_signals=False)
    riec = Organisation.objects.get(name="RIEC IJsselstreek")
    for username, role in (("chair.riec", Role.TABLE_CHAIR), ("member.riec", Role.TABLE_MEMBER)):
        account = loader._user(username, username, riec, role)
        RoleAssignment.objects.filter(user=account).update(approved_at=timezone.now())
    liaison = user("liaison.zutphen")
    signal = report_signal("liaison.zutphen", "GM0301", timezone.localdate())
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    return intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen").case


def plaza():
    return Table.objects.get(name="RIEC-informatieplein IJsselstreek")


def test_the_chair_hands_the_case_to_the_riec_plaza(case):
    chair = user("chair.ijsselstreek")
    handovers.hand_over(chair, case, plaza(), "Ondermijning: informatie van meerdere partners nodig")
    case.refresh_from_db()
    assert case.table == plaza() and case.stage == "aangemeld" and case.version == 2
    step = case.history.get(transition="overdragen")
    assert step.actor == chair and step.reason.startswith("Ondermijning")
    assert case.handovers.get().from_table.name == "Lokaal ondermijningsoverleg IJsselstreek"
    assert AccessLog.objects.filter(action="hand_over", object_id=str(case.pk)).count() == 1
    assert Notification.objects.filter(user=user("chair.riec"), kind="handover").count() == 1
    # The receiving chair sees it and takes its steps; the handing chair no longer does.
    assert policy.can(user("chair.riec"), "transition", case)
    assert not policy.can(chair, "view", case)
    # The plaza's member sees it once it is on the plaza's agenda, as for any agenda.
    member = user("member.riec")
    assert not policy.can(member, "view", case)
    meeting = Meeting.objects.create(table=plaza(), starts_at=timezone.now())
    cases.take_transition(user("chair.riec"), case, "agenderen", meeting=meeting,
                          invited=[Organisation.objects.get(name="RIEC IJsselstreek")])
    assert policy.can(member, "view_all", case)


def test_a_case_waits_at_its_table_until_planned_and_again_at_the_table_it_is_handed_to(case, client):
    """The waiting list is a table's open cases on none of its own agendas: put on an agenda, a case
    leaves it; handed on, it waits at the receiving table although it was on the handing one's."""
    chair, local = user("chair.ijsselstreek"), case.table
    assert list(access.waiting_at(local)) == [case]
    meeting = Meeting.objects.create(table=local, starts_at=timezone.now())
    cases.take_transition(chair, case, "agenderen", meeting=meeting, invited=[])
    assert not access.waiting_at(local).exists()
    page = verified(client, "chair.ijsselstreek").get(f"/tafels/{local.pk}").content.decode()
    assert case.reference not in page
    handovers.hand_over(chair, case, plaza(), "Ondermijning: informatie van meerdere partners nodig")
    assert list(access.waiting_at(plaza())) == [case] and not access.waiting_at(local).exists()
    page = verified(client, "chair.riec").get(f"/tafels/{plaza().pk}").content.decode()
    assert case.reference in page


def test_only_the_chair_hands_on_to_a_table_hers_hands_to_with_a_reason(case):
    with pytest.raises(PermissionDenied):
        handovers.hand_over(user("liaison.zutphen"), case, plaza(), "Waarom niet")
    assert AccessLog.objects.filter(action="denied", reason="hand_over", object_id=str(case.pk)).exists()
    chair = user("chair.ijsselstreek")
    with pytest.raises(Invalid, match="Kies een tafel"):
        handovers.hand_over(chair, case, case.table, "Naar mezelf")
    with pytest.raises(Invalid, match="Kies een tafel"):
        handovers.hand_over(chair, case, Table.objects.get(name="Weeg- en monitortafel IJsselland"), "Andere regio")
    with pytest.raises(Invalid, match="reden"):
        handovers.hand_over(chair, case, plaza(), "  ")
    case.refresh_from_db()
    assert case.table.name == "Lokaal ondermijningsoverleg IJsselstreek" and not case.handovers.exists()
    refused = AccessLog.objects.filter(action="refused", reason="hand_over", object_id=str(case.pk))
    assert refused.count() == 3 and refused.order_by("pk").last().detail["fields"] == ["reason"]


def test_the_chair_hands_on_with_the_button_on_the_case_page(case, client):
    chair = verified(client, "chair.ijsselstreek")
    page = chair.get(f"/casussen/{case.pk}").content.decode()
    assert "Overdragen aan een andere tafel" in page and "RIEC-informatieplein IJsselstreek" in page
    missing = chair.post(f"/casussen/{case.pk}/overdragen", {"to_table": plaza().pk, "reason": "",
                                                            "version": case.version})
    assert missing.status_code == 400 and "Reden van de overdracht" in missing.content.decode()
    done = chair.post(f"/casussen/{case.pk}/overdragen", {"to_table": plaza().pk, "reason": "Naar het RIEC",
                                                         "version": case.version})
    assert done.status_code == 302 and done["Location"] == f"/tafels/{Case.objects.get(pk=case.pk).handovers.get().from_table_id}"
    assert Case.objects.get(pk=case.pk).table == plaza()
    table_page = chair.get(done["Location"]).content.decode()  # the chair's table says where it hands to
    assert "Draagt over aan" in table_page and "RIEC-informatieplein IJsselstreek" in table_page
    riec = verified(client, "chair.riec").get(f"/casussen/{case.pk}").content.decode()
    assert "Overgedragen aan een andere tafel" in riec and "Naar het RIEC" in riec  # history and hand-overs


def test_the_api_hands_on_with_if_match(case):
    chair = api_client("chair.ijsselstreek")
    url = f"/api/v1/cases/{case.pk}/handovers"
    body = {"to_table": str(plaza().pk), "reason": "Naar het informatieplein"}
    assert chair.post(url, body, format="json").status_code == 428
    stale = chair.post(url, body, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412
    etag = chair.get(f"/api/v1/cases/{case.pk}")["ETag"]
    wrong = chair.post(url, {"to_table": "999999", "reason": "x"}, format="json", HTTP_IF_MATCH=etag)
    assert wrong.status_code == 400 and wrong["Content-Type"] == "application/problem+json"
    assert "to_table" in str(wrong.json())
    made = chair.post(url, body, format="json", HTTP_IF_MATCH=etag)
    assert made.status_code == 201, made.json()
    assert made.json()["to_table"] == plaza().pk and made.json()["reason"] == "Naar het informatieplein"
    assert chair.get(f"/api/v1/cases/{case.pk}").status_code == 404  # no longer hers
    assert api_client("chair.riec").get(url).json()[0]["from_table"] == made.json()["from_table"]


def test_partners_invited_at_the_handing_table_no_longer_see_the_case(case):
    """Need-to-know follows the table: a partner invited at the local meeting sees the case while it is
    there; once it is handed on, only an invitation at the receiving table opens it again."""
    chair, police = user("chair.ijsselstreek"), user("police.ijsselstreek")
    local = case.table
    meeting = Meeting.objects.create(table=local, starts_at=timezone.now())
    cases.take_transition(chair, case, "agenderen", meeting=meeting,
                          invited=[Organisation.objects.get(name="Politie IJsselstreek")])
    assert policy.can(police, "view_all", case)
    handovers.hand_over(chair, case, plaza(), "Ondermijning: naar het informatieplein")
    case.refresh_from_db()
    assert not policy.can(police, "view", case)
    assert case not in policy.visible(police, Case)
