"""Break-the-glass and the privacy officer's access log."""
import csv
import io

import pytest
from django.test import Client
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment
from ketenzicht.demo.loader import password
from ketenzicht.intake import emergency
from ketenzicht.privacy.models import AccessLog, EmergencyAccess
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, current_code, report_as, user, verified

REASON = "Slachtoffer staat nu aan de balie van het Zorg- en Veiligheidshuis"


@pytest.fixture
def signal(world):
    """A Zwolle signal: outside the scope of liaison.deventer, care and chair."""
    return report_as("reporter.zwolle", other_municipalities=[])[0]


def ask(client, reference, reason=REASON):
    return client.post("/noodtoegang", {"reference": reference, "reason": reason})


@pytest.mark.parametrize("username", ["liaison.deventer", "care.ijsselland", "chair.ijsselland"])
def test_break_the_glass_opens_the_signal_and_flags_every_use(signal, client, username):
    verified(client, username)
    assert client.get(f"/signalen/{signal.pk}").status_code == 404
    response = ask(client, signal.reference)
    assert response.status_code == 302 and response["Location"] == f"/signalen/{signal.pk}"
    page = client.get(f"/signalen/{signal.pk}")
    assert page.status_code == 200 and "Noodtoegang verleend" in page.content.decode()
    client.post(f"/signalen/{signal.pk}/informatie", {"text": "Opvang geregeld"})
    flagged = AccessLog.objects.filter(user__username=username, flagged=True)
    assert set(flagged.values_list("action", flat=True)) >= {"break_glass", "view", "note"}
    assert all(entry.region_id == signal.region_id for entry in flagged)
    assert api_client(username).get(f"/api/v1/signals/{signal.pk}").status_code == 200


def test_the_grant_expires(signal, client):
    verified(client, "liaison.deventer")
    ask(client, signal.reference)
    EmergencyAccess.objects.update(expires_at="2020-01-01T00:00:00Z")
    assert client.get(f"/signalen/{signal.pk}").status_code == 404


@pytest.mark.parametrize("username", ["analyst.ijsselland", "police.ijsselland", "privacy.ijsselland",
                                      "reporter.zwolle"])
def test_roles_without_break_the_glass_are_refused(signal, client, username):
    verified(client, username)
    assert ask(client, signal.reference).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_other_regions_and_bad_requests_change_nothing(signal, client):
    verified(client, "liaison.middelburg")  # Zeeland: may break the glass, but not for IJsselland
    response = ask(client, signal.reference)
    assert response.status_code == 400 and "Geen signaal gevonden" in response.content.decode()
    verified(client, "liaison.deventer")
    short = ask(client, signal.reference, reason="nood")
    assert short.status_code == 400 and 'value="' + signal.reference in short.content.decode()
    for reference in ("", "zzzzzzzz", "<script>", "1" * 40, str(signal.pk)[:7]):
        assert ask(client, reference).status_code == 400
    assert not EmergencyAccess.objects.exists()
    assert ask(client, str(signal.pk)).status_code == 302  # the full id works as well as the reference


def test_liaison_of_the_signal_does_not_need_the_glass(signal, client):
    verified(client, "liaison.zwolle")
    assert ask(client, signal.reference).status_code == 400


def test_privacy_officer_reads_filters_reviews_and_exports_without_content(signal, client):
    verified(client, "liaison.deventer")
    ask(client, signal.reference)
    verified(client, "liaison.middelburg")
    client.get("/signalen")  # Zeeland's log is not IJsselland's officer's business
    officer = verified(client, "privacy.ijsselland")
    page = officer.get("/privacy/toegangslog?flagged=on").content.decode()
    assert REASON in page and "liaison.deventer" in page and "liaison.middelburg" not in page
    assert signal.description not in page and "Industrieweg" not in page
    entry = AccessLog.objects.get(action="break_glass")
    response = officer.post(f"/privacy/toegangslog/{entry.pk}/beoordeling", {"note": "Terecht, acute opvang"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.reviewed_by.username == "privacy.ijsselland" and entry.reviewed_at
    unreviewed = officer.get("/privacy/toegangslog?unreviewed=on").content.decode()
    assert f'data-entry="{entry.pk}"' not in unreviewed
    export = b"".join(officer.get("/privacy/toegangslog.csv?username=deventer").streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(export)))
    assert rows and {r["gebruiker"] for r in rows} == {"liaison.deventer"}
    assert AccessLog.objects.filter(user__username="privacy.ijsselland", action="export").exists()


def test_log_filters_report_bad_input(signal, client):
    officer = verified(client, "privacy.ijsselland")
    response = officer.get("/privacy/toegangslog?since=2026-13-45&until=2020-01-01&action=view")
    assert response.status_code == 400 and "Vanaf" in response.content.decode()


@pytest.mark.parametrize("username", ["liaison.zwolle", "analyst.ijsselland", "admin.ijsselland", "chair.ijsselland"])
def test_only_the_privacy_officer_reads_the_log(world, client, username):
    verified(client, username)
    assert client.get("/privacy/toegangslog").status_code == 403
    assert client.get("/privacy/toegangslog.csv").status_code == 403


def test_review_of_another_regions_entry_is_refused(signal, client):
    verified(client, "liaison.middelburg")
    client.get("/signalen")
    entry = AccessLog.objects.filter(user__username="liaison.middelburg").first()
    AccessLog.objects.filter(pk=entry.pk).update(flagged=True)
    officer = verified(client, "privacy.ijsselland")
    assert officer.post(f"/privacy/toegangslog/{entry.pk}/beoordeling", {"note": "x"}).status_code == 403


def test_csv_export_neutralises_formulas(signal, client):
    from ketenzicht.privacy import audit

    audit.record(user("liaison.zwolle"), "view", "signal", "x", reason="=HYPERLINK(\"http://evil\")")
    officer = verified(client, "privacy.ijsselland")
    export = b"".join(officer.get("/privacy/toegangslog.csv").streaming_content).decode()
    assert "'=HYPERLINK" in export


def test_failed_logins_and_lockouts_reach_the_privacy_officer(world, client):
    """Red-team finding: failed logins, lock-outs and second-factor failures were not visible."""
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(3):
        attacker.post("/inloggen", {"username": "liaison.zwolle", "password": "verkeerd-wachtwoord",
                                    "otp_token": "123456"})
    attacker.post("/inloggen", {"username": "liaison.zwolle", "password": password(), "otp_token": "000000"
                                if current_code("liaison.zwolle") != "000000" else "111111"})
    attacker.post("/inloggen", {"username": "liaison.zwolle", "password": "verkeerd-wachtwoord",
                                "otp_token": "123456"})  # the fifth failure locks the account
    attacker.post("/inloggen", {"username": "liaison.zwolle", "password": password(),
                                "otp_token": current_code("liaison.zwolle")})  # refused: locked
    officer = verified(client, "privacy.ijsselland")
    page = officer.get("/privacy/toegangslog", {"category": "login_failures"}).content.decode()
    assert page.count("liaison.zwolle") >= 6 and "192.0.2.66" in page
    for reason in ("Verkeerd wachtwoord", "Verkeerde code (tweede factor)", "Account geblokkeerd"):
        assert f">{reason}" in page  # the reason in words, not its code
    assert "login_locked" in page and ">login<" not in page
    zeeland = verified(Client(), "privacy.zeeland").get("/privacy/toegangslog", {"category": "login_failures"})
    assert "liaison.zwolle" not in zeeland.content.decode()


def test_nobody_reviews_her_own_flagged_entries(signal, client):
    """Review finding: an administrator who made herself privacy officer marked her own trace reviewed."""
    officer = user("privacy.ijsselland")
    RoleAssignment.objects.create(user=officer, role=Role.LIAISON, organisation=officer.primary_organisation,
                                  municipality=Municipality.objects.get(cbs_code="GM0150"), approved_at=timezone.now())
    emergency.break_glass(user("privacy.ijsselland"), signal, REASON)
    own = AccessLog.objects.filter(user=officer, flagged=True).first()
    assert own is not None
    verified(client, "privacy.ijsselland").post(f"/privacy/toegangslog/{own.pk}/beoordeling", {"note": "Terecht"})
    own.refresh_from_db()
    assert own.reviewed_at is None
