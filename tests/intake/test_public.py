"""The citizen's front door: information, the anonymous form, the receipt code and its status."""
import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command

from ketenzicht.intake import receipts
from ketenzicht.intake.models import Signal
from ketenzicht.notifications import delivery
from ketenzicht.notifications.models import Notification
from ketenzicht.privacy.models import AccessLog

from ..helpers import stored_sessions, verified


def submit(client, **data):
    payload = {"municipality": "GM0193", "description": "Ik zie steeds jonge vrouwen die worden opgehaald."}
    payload.update(data)
    return client.post("/regio/ijsselland/melden", payload)


def receipt_from(client, response):
    assert response.status_code == 302
    page = client.get(response["Location"])
    return re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', page.content.decode()).group(1)


def test_public_page_explains_and_points_to_112(world, client):
    page = client.get("/").content.decode()
    assert "112" in page and "Wat is mensenhandel?" in page
    assert 'href="/regio/ijsselland/melden"' in page


def test_citizen_reports_anonymously_and_reads_status_with_receipt_code(world, client):
    code = receipt_from(client, submit(client))
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code)
    signal = Signal.objects.get()
    assert signal.anonymous and signal.reporter is None and signal.source_sector == "burger"
    assert signal.receipt_hash and code.replace("-", "") not in signal.receipt_hash
    status = client.post("/status", {"receipt_code": code.lower()})
    text = status.content.decode()
    assert status.status_code == 200
    assert "Ontvangen" in text and "Uw melding is ontvangen" in text
    assert signal.description not in text  # the status page shows status and feedback only


def test_thanks_page_shows_code_once(world, client):
    response = submit(client)
    receipt_from(client, response)
    assert client.get(response["Location"]).status_code == 302


def test_new_public_signal_notifies_liaisons_without_personal_data(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        submit(client, description="Geheime details over Jan Jansen")
    assert after_commit == [delivery.deliver_soon] and mail.outbox == []  # the e-mail leaves the request
    assert not Notification.objects.exists()  # and so does deciding who is told
    call_command("deliver_outbox", stdout=io.StringIO())  # what the delivery thread or the worker does
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "liaison.zwolle@demo.ketenzicht.example" in message.to
    assert "Jan Jansen" not in message.body and "/signalen/" in message.body


@pytest.mark.parametrize("data, field, message", [
    ({"municipality": "GM9999"}, "municipality", "Onbekende gemeentecode"),
    ({"municipality": "GM0150x"}, "municipality", "Onbekende gemeentecode"),
    ({"description": ""}, "description", "Dit veld is vereist"),
    ({"description": "x" * 1_000_000}, "description", "is te lang: ten hoogste 20.000 tekens, nu 1.000.000"),
    ({"exploitation_forms": ["piracy"]}, "exploitation_forms", "Onbekende code"),
])
def test_bad_input_is_refused_clearly_and_keeps_what_was_typed(world, client, data, field, message):
    response = submit(client, location="Achter het station", **data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'value="Achter het station"' in text  # nothing typed is lost
    assert Signal.objects.count() == 0


def test_municipality_of_another_region_is_not_offered(world, client):
    response = submit(client, municipality="GM0687")  # Middelburg, Zeeland
    assert response.status_code == 400
    assert Signal.objects.count() == 0


def test_script_is_stored_as_text_and_escaped(world, client):
    code = receipt_from(client, submit(client, description="<script>alert(1)</script> gezien", location="<b>x</b>"))
    liaison = verified(client, "liaison.zwolle")
    page = liaison.get(f"/signalen/{Signal.objects.get().pk}").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert code


def test_flood_from_one_address_is_limited_and_loses_nothing(world, client, settings):
    settings.KETENZICHT_PUBLIC_RATE = 3
    for _ in range(3):
        assert submit(client).status_code == 302
    response = submit(client, description="Mijn vierde melding")
    assert response.status_code == 429
    assert "te veel meldingen" in response.content.decode().lower()
    assert "Mijn vierde melding" in response.content.decode()
    assert Signal.objects.count() == 3


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD", "' OR 1=1 --", "<script>", ""])
def test_forged_receipt_codes_reveal_nothing_and_are_logged(world, client, code):
    receipt_from(client, submit(client))
    response = client.post("/status", {"receipt_code": code})
    assert response.status_code in (400, 404)
    assert "Terugkoppeling" not in response.content.decode()
    if response.status_code == 404:
        assert AccessLog.objects.filter(action="receipt_miss").exists()


def test_security_headers_on_pages(world, client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_receipt_code_and_status_are_never_cached(world, client):
    """The code is a bearer secret and the status is for its holder now: no browser or proxy keeps either."""
    response = submit(client)
    thanks = client.get(response["Location"])
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', thanks.content.decode()).group(1)
    assert "no-store" in thanks["Cache-Control"]
    assert "no-store" in client.get("/status")["Cache-Control"]
    assert "no-store" in client.post("/status", {"receipt_code": code})["Cache-Control"]
    api = client.get(f"/api/v1/public/signals/{code}")
    assert api.status_code == 200 and "no-store" in api["Cache-Control"]


def test_the_session_table_never_holds_a_receipt_code(world, client):
    """Red-team finding: the citizen's receipt code (a bearer secret) was kept in plain text in the
    session table until the thanks page was shown. Now no session is written for a citizen at all,
    and the code crosses the redirect encrypted in a cookie the thanks page deletes."""
    response = submit(client)
    signal = Signal.objects.get()
    carried = client.cookies[receipts.COOKIE].value
    code = receipt_from(client, response)
    assert not Session.objects.exists() and stored_sessions() == ""
    assert signal.receipt_hash and code not in carried and code.replace("-", "") not in carried
    assert client.cookies[receipts.COOKIE].value == ""  # taken out once shown
    assert "data-testid=\"receipt-code\"" not in client.get(response["Location"]).content.decode()


def test_a_forged_or_stale_receipt_cookie_shows_nothing(world, client, monkeypatch):
    response = submit(client)
    kept = client.cookies[receipts.COOKIE].value
    client.cookies[receipts.COOKIE] = kept[:-2] + ("AA" if not kept.endswith("AA") else "BB")
    assert client.get(response["Location"]).status_code == 302  # forged: back to the region's page
    client.cookies[receipts.COOKIE] = kept
    with monkeypatch.context() as later:
        later.setattr(receipts, "MAX_AGE", -1)  # as if it were read after its time
        assert client.get(response["Location"]).status_code == 302
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", receipt_from(client, response))
