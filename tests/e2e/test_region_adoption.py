"""A region adopts Ketenzicht on its own (issue 16, "Done means"), in a real browser from an empty
installation: the platform's first administrator enrols from the one link the installation prints,
sets up region Twente — three municipalities from the CBS list, partners, its own route, a local
meeting handing to a regional table, seats on their legal bases — and invites a liaison and two
chairs; a second administrator approves their roles; the liaison enrols by reading the QR code off
the page; a citizen's report, the region's first signal, goes from the liaison to the local meeting,
is handed on to the regional table and gets a decision there. No shell after the first link, no
Django admin; every page is checked (styles, unique ids, axe WCAG 2.1 AA)."""
import io
import re
from base64 import b32decode
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from ketenzicht.cases.models import Case
from ketenzicht.route.engine import DEFINITIONS_DIR

from ..helpers import NEW_PASSWORD, check_page, code_of, enrol, link_in, take_step


@pytest.fixture
def empty_server(transactional_db, live_server):
    call_command("flush", interactive=False, verbosity=0)
    return live_server


def operator_link(email):
    """The one shell step of a new installation: it prints the first administrator's enrolment link."""
    out = io.StringIO()
    call_command("create_operator", email, stdout=out)
    return "/" + out.getvalue().strip().split("/", 3)[3]


def read_qr(page):
    """The text of the QR code as a camera reads it: from the pixels the browser drew."""
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(page.locator("img[data-qr]").screenshot())))
    return found.text


def app_code(uri, drift=0):
    """What an authenticator app shows for this otpauth:// URI (RFC 6238: SHA-1, 6 digits, 30 s)."""
    secret = parse_qs(urlparse(uri).query)["secret"][0]
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8)), drift=drift):06d}"


def enrol_in_browser(page, base, link):
    """Password, the app from the QR code on the screen, the recovery codes; returns the app's URI."""
    page.goto(base + link)
    check_page(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/uitnodiging/app")
    check_page(page)
    uri = read_qr(page)
    page.get_by_label("Code uit uw authenticator-app").fill(app_code(uri))
    page.get_by_role("button", name="Koppelen").click()
    check_page(page)
    assert len(page.locator("[data-recovery-codes] code").all_inner_texts()) == 10
    return uri


def sign_in(page, base, username, code):
    page.goto(f"{base}/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    check_page(page)


def submit(page, button):
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    check_page(page)


def section(page, name):
    page.get_by_role("link", name="Inrichting van Twente").click()
    page.get_by_role("link", name=name, exact=True).click()
    check_page(page)


def twente_route():
    """Twente's own route, as a region writes one: IJsselland's, but a signal goes first to the local
    meeting (a file uploaded on the route's set-up page; no code)."""
    text = (DEFINITIONS_DIR / "ijsselland.toml").read_text(encoding="utf-8")
    text = text.replace('name = "IJsselland"', 'name = "Twente"', 1)
    text = text.replace('label = {nl = "Escaleren naar de weeg- en monitortafel", '
                        'en = "Escalate to the assessment and monitoring table"}',
                        'label = {nl = "Inbrengen in het lokale overleg", en = "Bring into the local meeting"}', 1)
    return text.replace('effect = "open_case"\ntable = "regional"', 'effect = "open_case"\ntable = "local"', 1)


def make_table(page, name, kind, chair, municipalities=(), hands_to=()):
    form = page.get_by_role("region", name="Nieuwe tafel")
    form.get_by_label("Naam").fill(name)
    form.get_by_label(kind, exact=True).check()
    for municipality in municipalities:
        form.get_by_label(municipality, exact=True).check()
    form.get_by_label("Organisatie van de voorzitter").select_option(label=chair)
    form.get_by_label("Ritme").fill("elke 4 weken, dinsdag")
    for table in hands_to:
        form.get_by_label(table, exact=True).check()
    submit(page, "Tafel inrichten")
    assert "Tafel ingericht." in page.locator(".kz-messages").inner_text()


def seat(page, table, partner, law, article):
    page.get_by_role("link", name=table).click()
    form = page.locator("form", has=page.get_by_role("button", name="Plaats toevoegen"))
    form.get_by_label("Partner").select_option(label=partner)
    form.get_by_label("Wet", exact=True).check()
    form.get_by_label("Wet of convenant").fill(law)
    form.get_by_label("Artikel").fill(article)
    form.get_by_label("Geldig vanaf").fill("2025-01-01")
    submit(page, "Plaats toevoegen")
    assert f"{law}, art. {article}" in page.locator(f"[data-seat='{partner}']").inner_text()
    page.get_by_role("link", name="Tafels en plaatsen").first.click()


def invite(page, first_name, email, role, organisation, municipality=None):
    page.get_by_role("link", name="Iemand uitnodigen").click()
    check_page(page)
    page.get_by_label("Voornaam").fill(first_name)
    page.get_by_label("Achternaam").fill("Twente")
    page.get_by_label("E-mailadres").fill(email)
    page.locator('[name="roles-0-role"]').select_option(role)
    page.locator('[name="roles-0-organisation"]').select_option(label=organisation)
    if municipality:
        page.locator('[name="roles-0-municipality"]').select_option(label=municipality)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url("**/inrichting/twente/gebruikers")
    check_page(page)


def test_twente_adopts_ketenzicht_from_an_empty_installation(empty_server, new_page):
    base = empty_server.url
    first, second = operator_link("beheer@ketenzicht.example"), operator_link("tweede@ketenzicht.example")

    # The platform's first administrator enrols with the QR code and signs in: the set-up is her start.
    admin = new_page()
    uri = enrol_in_browser(admin, base, first)
    sign_in(admin, base, "beheer@ketenzicht.example", app_code(uri, drift=1))
    assert admin.url == f"{base}/inrichting"

    admin.get_by_role("link", name="Nieuwe regio aanmaken").click()
    check_page(admin)
    admin.get_by_label("Naam").fill("Twente")
    admin.get_by_label("Webadres (kort, kleine letters)").fill("twente")
    admin.get_by_label("Contact voor het publiek").fill("Veilig Thuis Twente: 0800-2000")
    submit(admin, "Regio aanmaken")
    assert admin.url == f"{base}/inrichting/twente"

    admin.get_by_role("link", name="Gemeenten", exact=True).click()
    check_page(admin)
    for code, inhabitants in (("GM0153", "162000"), ("GM0164", "82000"), ("GM0141", "74000")):
        admin.get_by_label("Gemeente (CBS-lijst 2025)").select_option(code)
        admin.get_by_label("Inwoners", exact=True).fill(inhabitants)
        admin.get_by_label("Inwoners per (peildatum)").fill("2025-01-01")
        submit(admin, "Toevoegen")
    assert admin.locator("tr[data-municipality]").count() == 3

    section(admin, "Partnerorganisaties")
    for name, sector, municipality in (("Gemeente Enschede", "gemeente", "Enschede"), ("Politie Twente", "politie", None),
                                       ("Openbaar Ministerie Oost-Nederland", "om", None),
                                       ("Zorg- en Veiligheidshuis Twente", "zvh", None)):
        admin.get_by_label("Naam").fill(name)
        admin.get_by_label("Sector").select_option(sector)
        if municipality:
            admin.get_by_label("Gemeente (voor een gemeentelijke organisatie)").select_option(label=municipality)
        submit(admin, "Toevoegen")
    assert admin.locator("tr[data-organisation]").count() == 4

    section(admin, "Route")
    admin.get_by_label("Eigen route (TOML-bestand)").set_input_files(files=[
        {"name": "twente.toml", "mimeType": "application/toml", "buffer": twente_route().encode()}])
    submit(admin, "Nieuwe versie invoeren")
    assert "Inbrengen in het lokale overleg" in admin.content()

    section(admin, "Tafels en plaatsen")
    make_table(admin, "Weeg- en monitortafel Twente", "Regionale weeg- en monitortafel",
               "Zorg- en Veiligheidshuis Twente")
    make_table(admin, "Lokaal overleg Enschede", "Lokaal signalerings- of ondermijningsoverleg", "Gemeente Enschede",
               municipalities=["Enschede"], hands_to=["Weeg- en monitortafel Twente"])
    seat(admin, "Weeg- en monitortafel Twente", "Politie Twente", "Politiewet 2012", "18")
    seat(admin, "Weeg- en monitortafel Twente", "Openbaar Ministerie Oost-Nederland",
         "Wet justitiële en strafvorderlijke gegevens", "39f")
    seat(admin, "Lokaal overleg Enschede", "Politie Twente", "Politiewet 2012", "18")

    section(admin, "Gebruikers en rollen")
    invite(admin, "Lotte", "lotte@enschede.example", "liaison", "Gemeente Enschede", "Enschede")
    invite(admin, "Lokaal", "lokaal@enschede.example", "table_chair", "Gemeente Enschede")
    invite(admin, "Regio", "regio@zvhtwente.example", "table_chair", "Zorg- en Veiligheidshuis Twente")
    assert admin.locator("[data-pending] li[data-assignment]").count() == 3  # waiting for a second person
    invitations = {message.to[0]: link_in(message) for message in mail.outbox if "/uitnodiging/" in message.body}

    # The second administrator approves the three roles that open personal data.
    enrol(Client(), second)  # she enrols like anyone (here without a browser: the first one showed how)
    approver = new_page()
    sign_in(approver, base, "tweede@ketenzicht.example",
            code_of(TOTPDevice.objects.get(user__username="tweede@ketenzicht.example"), drift=1))
    approver.goto(f"{base}/inrichting/twente/gebruikers")
    check_page(approver)
    for _ in range(3):
        approver.locator("[data-pending] li[data-assignment]").first.get_by_role("button", name=re.compile(
            "^Goedkeuren")).click()
        approver.wait_for_load_state()
        check_page(approver)
    assert approver.locator("[data-pending] li[data-assignment]").count() == 0

    # The liaison enrols by reading the QR code; the chairs enrol too.
    liaison = new_page()
    liaison_uri = enrol_in_browser(liaison, base, invitations["lotte@enschede.example"])
    sign_in(liaison, base, "lotte@enschede.example", app_code(liaison_uri, drift=1))
    assert liaison.url == f"{base}/signalen"
    chairs = {}
    for email in ("lokaal@enschede.example", "regio@zvhtwente.example"):
        enrol(Client(), invitations[email])
        chairs[email] = new_page()
        sign_in(chairs[email], base, email, code_of(TOTPDevice.objects.get(user__username=email), drift=1))

    # The region's first signal: a citizen reports on Twente's public page.
    citizen = new_page()
    citizen.goto(f"{base}/regio/twente/melden")
    check_page(citizen)
    citizen.get_by_label("In welke gemeente speelt het?").select_option(label="Enschede")
    citizen.get_by_label("Wat heeft u gezien of gehoord?").fill("Elke nacht worden vrouwen naar een pand gebracht.")
    submit(citizen, "Melding versturen")
    assert citizen.get_by_test_id("receipt-code").inner_text()

    liaison.goto(f"{base}/signalen")
    check_page(liaison)
    first_row = liaison.locator("tbody tr").first
    assert "Enschede" in first_row.inner_text() and "Nieuw" in first_row.inner_text()
    first_row.get_by_role("link").click()
    check_page(liaison)
    take_step(liaison, "In behandeling nemen")
    check_page(liaison)
    take_step(liaison, "Inbrengen in het lokale overleg", Reden="Signalen van seksuele uitbuiting")
    check_page(liaison)
    case = Case.objects.get()
    assert case.table.name == "Lokaal overleg Enschede"

    local = chairs["lokaal@enschede.example"]
    local.goto(f"{base}/casussen/{case.pk}")
    check_page(local)
    handover = local.get_by_role("region", name="Overdragen aan een andere tafel")
    handover.get_by_label("Naar tafel").select_option(label="Weeg- en monitortafel Twente")
    handover.get_by_label("Reden van de overdracht").fill("Politie en OM nodig: naar de regionale tafel")
    submit(local, "Overdragen")
    assert "overgedragen aan Weeg- en monitortafel Twente" in local.locator(".kz-messages").inner_text()

    regional = chairs["regio@zvhtwente.example"]
    regional.goto(f"{base}/casussen")
    check_page(regional)
    regional.get_by_role("link", name="Weeg- en monitortafel Twente").click()
    check_page(regional)
    regional.get_by_label("Datum en tijd").fill("2026-12-08T10:00")
    submit(regional, "Overleg plannen")
    regional.goto(f"{base}/casussen/{case.pk}")
    check_page(regional)
    assert "Politie en OM nodig" in regional.get_by_role("region", name="Overdrachten").inner_text()
    regional.get_by_label("Overleg", exact=True).select_option(index=1)
    regional.get_by_role("region", name="Volgende stap").get_by_label("Politie Twente").check()
    submit(regional, "Agenderen")
    regional.get_by_label("Besluit", exact=True).fill("Strafrechtelijk onderzoek door de politie.")
    regional.locator("#id_tracks-0-kind").select_option("zorg_strafrecht")
    regional.locator("#id_tracks-0-owner").select_option(label="Politie Twente")
    submit(regional, "Besluit vastleggen")
    assert regional.get_by_test_id("case-stage").inner_text() == "Sporen in uitvoering (monitoring)"
    case.refresh_from_db()
    assert case.table.name == "Weeg- en monitortafel Twente" and case.decisions.count() == 1
