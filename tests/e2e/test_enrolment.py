"""An invited person enrols in a real browser: the administrator invites her on the users page, she
opens the link from the e-mail, sets a password, reads the QR code off the page with a QR decoder
(zxing-cpp, on a screenshot of the image the browser rendered), confirms with the code her "app"
computes from it, keeps the recovery codes and logs in. Every page passes check_page."""
import io
from base64 import b32decode
from urllib.parse import parse_qs, urlparse

import zxingcpp
from django.core import mail
from django_otp.oath import totp
from PIL import Image

from ..helpers import NEW_PASSWORD, check_page, link_in, login


def read_qr(page):
    """The text of the QR code as a camera would read it: from the pixels on the screen."""
    shot = page.locator("img[data-qr]").screenshot()
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    return found.text


def app_code(uri, drift=0):
    """What an authenticator app shows for an otpauth:// URI (RFC 6238, SHA-1, 6 digits, 30 s)."""
    query = parse_qs(urlparse(uri).query)
    secret = query["secret"][0]
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, step=int(query.get('period', ['30'])[0]), digits=6, drift=drift):06d}"


def test_invite_enrol_with_the_qr_code_and_log_in(live_world, new_page):
    base = live_world.url
    admin = new_page()
    login(admin, base, "admin.ijsselland")
    admin.goto(f"{base}/inrichting/ijsselland/gebruikers")
    check_page(admin)
    admin.get_by_role("link", name="Iemand uitnodigen").click()
    check_page(admin)
    admin.get_by_label("Voornaam").fill("Noor")
    admin.get_by_label("Achternaam").fill("de Vries")
    admin.get_by_label("E-mailadres").fill("noor@zwolle.example")
    admin.locator('[name="roles-0-role"]').select_option("reporter")
    admin.locator('[name="roles-0-organisation"]').select_option(label="Gemeente Zwolle")
    admin.get_by_role("button", name="Uitnodiging versturen").click()
    admin.wait_for_url("**/inrichting/ijsselland/gebruikers")
    check_page(admin)
    assert admin.locator('[data-user="noor@zwolle.example"] [data-status]').inner_text().strip() == "Uitgenodigd"

    (invitation,) = mail.outbox
    page = new_page()
    page.goto(base + link_in(invitation))
    check_page(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Verder").click()
    page.wait_for_url("**/uitnodiging/app")
    check_page(page)
    uri = read_qr(page)
    assert uri.startswith("otpauth://totp/") and "noor%40zwolle.example" in uri
    typed_secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    assert parse_qs(urlparse(uri).query)["secret"][0] == typed_secret  # the text matches the picture
    page.get_by_label("Code uit uw authenticator-app").fill(app_code(uri))
    page.get_by_role("button", name="Koppelen").click()
    check_page(page)
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("link", name="naar inloggen").click()
    check_page(page)
    page.get_by_label("Gebruikersnaam").fill("noor@zwolle.example")
    page.get_by_label("Wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Code uit uw authenticator-app").fill(app_code(uri, drift=1))  # the next period's code
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/signalen")
    check_page(page)
    page.get_by_role("link", name="Mijn account").click()
    check_page(page)
    assert "Melder" in page.locator("[data-roles]").inner_text()

    page.goto(base + link_in(invitation))  # the link a second time
    check_page(page)
    assert "al gebruikt" in page.content()


def test_forgot_password_pages(live_world, new_page):
    page = new_page()
    page.goto(f"{live_world.url}/inloggen")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    check_page(page)
    page.get_by_label("E-mailadres").fill("liaison.zwolle@demo.ketenzicht.example")
    page.get_by_role("button", name="Link versturen").click()
    check_page(page)
    page.goto(live_world.url + link_in(mail.outbox[-1]))
    check_page(page)
    assert page.locator("#id_new_password1").is_visible() and page.locator("#id_code").is_visible()
