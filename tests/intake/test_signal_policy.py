"""The permission matrix: every demo role x every kind of signal x every action, through the
policy and through HTTP. Expectations are derived from the rules, not listed by hand."""
import itertools

import pytest

from ketenzicht.accounts.models import Role
from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services
from ketenzicht.intake.forms import ProfessionalSignalForm
from ketenzicht.intake.models import Signal
from ketenzicht.privacy import policy
from ketenzicht.privacy.models import AccessLog

from ..helpers import api_client, professional_payload, user, verified

USERS = ["reporter.zwolle", "liaison.zwolle", "liaison.deventer", "liaison.dalfsen", "care.ijsselland",
         "chair.ijsselland", "police.ijsselland", "analyst.ijsselland", "admin.ijsselland", "privacy.ijsselland",
         "liaison.middelburg", "reporter.terneuzen"]
# Signals: (reporter, lead municipality, other municipalities)
SIGNALS = {
    "zwolle_by_reporter": ("reporter.zwolle", "GM0193", []),
    "deventer_with_dalfsen": ("liaison.deventer", "GM0150", ["GM0148"]),
    "middelburg": ("reporter.terneuzen", "GM0687", []),
}


def expected_access(username, signal):
    """The rules of DESIGN.md section 4, restated independently of policy.py."""
    account = user(username)
    liaison_of = {a.municipality.cbs_code for a in account.assignments if a.role == Role.LIAISON}
    if liaison_of & {link.municipality.cbs_code for link in signal.municipality_links.all()}:
        return intake_access.Access.HANDLE
    if signal.reporter_id == account.pk:
        return intake_access.Access.OWN
    return intake_access.Access.NONE


@pytest.fixture
def signals(world):
    made = {}
    for name, (reporter, lead, others) in SIGNALS.items():
        account = user(reporter)
        form = ProfessionalSignalForm(professional_payload(lead_municipality=lead, other_municipalities=others),
                                      municipalities=intake_access.reportable_municipalities(account))
        assert form.is_valid(), form.errors
        made[name], _code = services.report(account, form.cleaned_data)
    return made


def test_matrix_policy(signals):
    checked = 0
    for username, (name, signal), action in itertools.product(USERS, signals.items(), intake_access.SIGNAL_ACTIONS):
        allowed = expected_access(username, signal) >= intake_access.SIGNAL_ACTIONS[action]
        assert policy.can(user(username), action, signal) == allowed, (username, name, action)
        visible = policy.visible(user(username), Signal).filter(pk=signal.pk).exists()
        assert visible == (expected_access(username, signal) > intake_access.Access.NONE), (username, name)
        checked += 1
    assert checked == len(USERS) * len(SIGNALS) * len(intake_access.SIGNAL_ACTIONS)


@pytest.mark.parametrize("username", USERS)
def test_matrix_http(signals, client, username):
    verified(client, username)
    api = api_client(username)
    for name, signal in signals.items():
        access = expected_access(username, signal)
        page = client.get(f"/signalen/{signal.pk}")
        assert page.status_code == (200 if access else 404), (username, name)
        assert api.get(f"/api/v1/signals/{signal.pk}").status_code == (200 if access else 404)
        feedback = client.post(f"/signalen/{signal.pk}/terugkoppeling", {"text": "Test"})
        assert feedback.status_code == (302 if access == intake_access.Access.HANDLE else 404), (username, name)
        note = api.post(f"/api/v1/signals/{signal.pk}/notes", {"text": "x"}, format="json")
        assert note.status_code == (201 if access == intake_access.Access.HANDLE else 404)
        in_list = str(signal.pk) in client.get("/signalen?status=all").content.decode()
        assert in_list == bool(access), (username, name)


@pytest.mark.parametrize("username", USERS)
def test_only_professionals_may_report(world, username):
    account = user(username)
    may = account.has_role(Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER)
    assert intake_access.can_report(account) == may
    zeeland = username.endswith(("middelburg", "terneuzen"))
    response = api_client(username).post("/api/v1/signals", professional_payload(
        lead_municipality="GM0687" if zeeland else "GM0193", other_municipalities=[]), format="json")
    assert response.status_code == (201 if may else 403)


def test_every_look_is_logged_and_denials_too(signals, client):
    signal = signals["zwolle_by_reporter"]
    verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}")
    assert AccessLog.objects.filter(user__username="liaison.zwolle", action="view", object_id=str(signal.pk)).exists()
    verified(client, "liaison.deventer").get(f"/signalen/{signal.pk}")
    assert AccessLog.objects.filter(user__username="liaison.deventer", action="denied",
                                    object_id=str(signal.pk)).exists()


def test_unknown_and_guessed_ids_look_the_same(signals, client):
    verified(client, "liaison.deventer")
    hidden = client.get(f"/signalen/{signals['zwolle_by_reporter'].pk}")
    missing = client.get("/signalen/00000000-0000-4000-8000-000000000000")
    assert hidden.status_code == missing.status_code == 404
    assert client.get("/signalen/1").status_code == 404
    assert Signal.objects.count() == 3


# Pages that are not about one record, and the roles DESIGN.md section 4 and the issues give them.
PAGES = {
    "/privacy/toegangslog": {Role.PRIVACY_OFFICER},
    "/privacy/toegangslog.csv": {Role.PRIVACY_OFFICER},
    "/privacy/bewaartermijnen": {Role.PRIVACY_OFFICER},
    "/noodtoegang": {Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR},
    "/signalen/nieuw": {Role.REPORTER, Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER},
}


@pytest.mark.parametrize("username", USERS)
def test_matrix_pages(world, client, username):
    verified(client, username)
    roles = {a.role for a in user(username).assignments}
    for path, allowed in PAGES.items():
        assert client.get(path).status_code == (200 if roles & allowed else 403), (username, path)


@pytest.mark.parametrize("username", USERS)
def test_no_role_reads_content_through_the_log(signals, client, username):
    """The access log and its export carry ids and actions, never a signal's content."""
    for signal in signals.values():
        verified(client, "liaison.zwolle").get(f"/signalen/{signal.pk}")
    verified(client, username)
    for path in ("/privacy/toegangslog", "/privacy/toegangslog.csv"):
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"arbeidsmigranten" not in body and b"Industrieweg" not in body
