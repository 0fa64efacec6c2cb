"""What the tests share, in one place: who is signed in, how a signal is reported, how a page is
checked. Fixtures live in the conftest files; a test module imports from here, never from another
test module."""
import json
import os
import re
import threading
from datetime import datetime, time
from html import unescape
from pathlib import Path

import flask
import jwt
import oidc_provider_mock
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from jwt.algorithms import RSAAlgorithm
from rest_framework.test import APIClient

from ketenzicht.accounts.models import ApiToken, User
from ketenzicht.cases import services as case_services
from ketenzicht.cases.models import Meeting
from ketenzicht.demo.loader import password
from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services
from ketenzicht.intake.forms import ProfessionalSignalForm
from ketenzicht.intake.models import ExploitationForm, Indicator
from ketenzicht.regions.models import Municipality, Organisation
from ketenzicht.route import engine

AXE = Path(__file__).parent / "e2e" / "vendor" / "axe.min.js"


# ------------------------------------------------------------------------------- who is signed in
def user(username):
    return User.objects.get(username=username)


def current_code(username):
    device = user(username).totpdevice_set.get()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verified(client, username):
    """Log a test client in as a user who passed the second factor."""
    account = user(username)
    client.force_login(account)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = account.totpdevice_set.get().persistent_id
    session.save()
    return client


def api_client(username):
    _token, plain = ApiToken.issue(user(username))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    return client


def stored_sessions():
    """Everything the session table holds, decoded and raw, to search for what must not be there."""
    return " ".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())


def is_postgres():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


# ------------------------------------------------------------------------------------ signals
def professional_payload(**overrides):
    payload = {
        "kind": "signal",
        "lead_municipality": "GM0193",
        "other_municipalities": ["GM0148"],
        "exploitation_forms": ["labour"],
        "indicators": ["excessive_hours", "withholds_documents"],
        "barriers": ["housing"],
        "location": "Industrieweg, Zwolle",
        "description": "Twaalf arbeidsmigranten in een woning; paspoorten bij de werkgever.",
        "urgency": "normal",
        "persons": [{"role": "victim", "age": 24, "nationality_group": "eu", "gender": "male", "lvb": False}],
    }
    payload.update(overrides)
    return payload


def report_as(username, **overrides):
    """A professional's signal through the same form and service the page uses: (signal, receipt code)."""
    account = user(username)
    form = ProfessionalSignalForm(professional_payload(**overrides),
                                  municipalities=intake_access.reportable_municipalities(account))
    assert form.is_valid(), form.errors
    return services.report(account, form.cleaned_data)


def case_with_care_track(decision="Zorg"):
    """A minor's signal in Deventer taken to the IJsselland table, the police invited, and a care
    track decided for Veilig Thuis: where the care walks start. Returns the case."""
    signal, _code = report_as("liaison.deventer", lead_municipality="GM0150", other_municipalities=[],
                              persons=[{"role": "victim", "age": 17, "gender": "female"}])
    liaison, chair = user("liaison.deventer"), user("chair.ijsselland")
    services.take_transition(liaison, signal, "in_behandeling_nemen")
    case = services.take_transition(liaison, signal, "escaleren", reason="Minderjarig").case
    meeting = Meeting.objects.create(table=case.table, starts_at=timezone.now())
    case_services.take_transition(chair, case, "agenderen", meeting=meeting,
                                  invited=[Organisation.objects.get(name="Politie IJsselland")])
    case_services.take_transition(chair, case, "besluiten", decision=decision, tracks=[
        {"kind": "zorg", "owner": Organisation.objects.get(name="Veilig Thuis IJsselland")}])
    return case


def report_page(client, **overrides):
    """A professional's signal through the page's form, as the client that is signed in."""
    data = {
        "kind": "signal", "lead_municipality": "GM0193", "description": "Signaal via het formulier",
        "urgency": "normal", "exploitation_forms": ["sexual"], "indicators": ["online_ads"],
        "persons-TOTAL_FORMS": "3", "persons-INITIAL_FORMS": "0",
        "persons-0-role": "victim", "persons-0-age": "17", "persons-0-is_minor": "unknown",
        "persons-0-nationality_group": "nl", "persons-0-gender": "female",
    }
    data.update(overrides)
    return client.post("/signalen/nieuw", data)


def at(day):
    return timezone.make_aware(datetime.combine(day, time(10)))


def signal(username, code, day, form="labour", kind="signal", persons=None, others=()):
    """A signal received on `day` (10:00, or the moment when `day` is one), for the figures: one
    victim of 24 unless told otherwise."""
    municipality = Municipality.objects.get(cbs_code=code)
    cleaned = {"lead_municipality": municipality, "description": "Signaal voor de cijfers.", "kind": kind,
               "other_municipalities": list(Municipality.objects.filter(cbs_code__in=others)),
               "exploitation_forms": [ExploitationForm.objects.get(code=form)],
               "indicators": list(Indicator.objects.filter(code="withholds_documents")), "barriers": [],
               "location": "", "urgency": "normal"}
    if persons is None:
        persons = [{"role": "victim", "age": 24, "is_minor": False, "lvb": False, "nationality_group": "eu",
                    "gender": "female", "residence": municipality}]
    moment = day if isinstance(day, datetime) else at(day)
    return services.report(user(username), cleaned, persons, received_at=moment)[0]


# -------------------------------------------------------------------------------------- cases
def step(client, case, transition, **data):
    """A case step through the case page's form, as the client that is signed in."""
    return client.post(f"/casussen/{case.pk}/stap", {"transition": transition, "version": case.version,
                                                     "tracks-TOTAL_FORMS": "3", "tracks-INITIAL_FORMS": "0",
                                                     **data})


# ------------------------------------------------------------------------------------ browser
def login(page, base, username):
    """Sign in through the login page of a real browser (Playwright), with password and code."""
    page.goto(f"{base}/inloggen")
    check_page(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password())
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(username))
    page.get_by_role("button", name="Inloggen").click()


def take_step(page, label, **fields):
    """Take a step on the signal page: open the step by its name, fill its fields (by label), click it."""
    name = re.compile(rf"^\s*{re.escape(label)}\s*(\(|$)")
    step = page.locator("details.kz-step", has=page.locator("summary", has_text=name))
    step.locator("summary").click()
    for field_label, value in fields.items():
        step.get_by_label(field_label).fill(value)
    step.get_by_role("button", name=label, exact=True).click()


def check_page(page):
    """What every page must be, checked on every page the browser tests open: styled by the NL Design
    System (its stylesheets loaded and applied, not only answered), every id once (a label must tick
    its own form's field), and no WCAG 2.1 A/AA violation axe-core finds."""
    page.wait_for_load_state()  # after a click the next page may still be on its way (a loaded machine)
    styles = page.evaluate("""() => ({
        sheets: [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0 } catch (e) { return false } })
            .map(s => s.href),
        font: getComputedStyle(document.body).fontFamily,
        margin: getComputedStyle(document.body).marginTop,
    })""")
    assert sum("/static/vendor/utrecht/" in (href or "") for href in styles["sheets"]) == 2, (page.url, styles)
    assert any("/static/ketenzicht/app.css" in (href or "") for href in styles["sheets"]), (page.url, styles)
    assert "Times" not in styles["font"] and styles["margin"] == "0px", (page.url, styles)  # the browser's defaults
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert sorted({i for i in ids if ids.count(i) > 1}) == [], (page.url, ids)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"{page.url}: {violations}"


# ------------------------------------------------------------------------------------ words
def visible_text(html):
    """What a reader sees of a page: its text without tags, attributes, styles or scripts."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"(?s)<[^>]+>", " ", html)))


def internal_codes(text):
    """Codes people should never read: snake_case names and arrows between codes."""
    return re.findall(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+ → [a-z_]+\b", text)


def dutch_route_texts(definition):
    """Every Dutch text of a route definition that has an English translation."""
    from_route = (engine.texts(holder[key]) for holder, key in engine.text_slots(definition))
    return {t["nl"] for t in from_route if t.get("en") and t["en"] != t["nl"]}


# ------------------------------------------------------------------------------------ enrolment
NEW_PASSWORD = "Drie losse woorden op dinsdag"


def link_in(mail):
    """The path of the one link in an e-mail the product sent (`/uitnodiging/…`, `/wachtwoord-…`)."""
    (url,) = re.findall(r"https?://\S+", mail.body)
    return "/" + url.split("/", 3)[3]


def enrolling_device(client):
    """The TOTP device a client is enrolling (after step 1 of an invitation), read from its session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.get(pk=client.session["kz_enrol_device"])


def code_of(device, drift=0):
    """The app's code now; `drift=1`: the next period's, which the device also accepts (a code once
    used is not accepted again, so a login right after enrolling needs the next one)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def enrol(client, link, password=NEW_PASSWORD):
    """Follow an invitation link to the end through the pages: password, app, recovery codes.
    Returns the recovery codes as the page shows them."""
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/uitnodiging/app", {"code": code_of(enrolling_device(client))})
    assert response.status_code == 200, response.content.decode()[:2000]
    return re.findall(r"<li><code>([a-z2-7]{4} [a-z2-7]{4})</code></li>", response.content.decode())


# ------------------------------------------------------------------------- an OpenID provider
class OidcProvider:
    """A real OpenID Connect provider (oidc-provider-mock) on 127.0.0.1, in a thread of the test
    process: the product signs in against it over HTTP as against a municipality's. `tamper`, when
    set, rewrites the ID token the token endpoint hands out — `tamper(claims)` returns the claims and
    the key to sign them with (`self.key` is the provider's own) — for the refusals a real provider
    never produces on request: a forged signature, another audience, a wrong nonce, an expired token."""

    def __init__(self):
        self.app = oidc_provider_mock.app(require_nonce=True)
        self.app.after_request(self._tamper)
        self.tamper = None
        with self.app.test_request_context():
            self.app.preprocess_request()  # the provider's storage, and so its signing key, per app
            self.key = self._pem(flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True))
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @staticmethod
    def _pem(jwk):
        return RSAAlgorithm.from_jwk(json.dumps(jwk))

    @staticmethod
    def other_key():
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def _tamper(self, response):
        if self.tamper is None or flask.request.path != "/oauth2/token" or response.status_code != 200:
            return response
        data = response.get_json()
        header = jwt.get_unverified_header(data["id_token"])
        claims, key = self.tamper(jwt.decode(data["id_token"], options={"verify_signature": False}))
        kid = {"kid": header["kid"]} if "kid" in header else None
        data["id_token"] = jwt.encode(claims, key, algorithm="RS256", headers=kid)
        response.set_data(json.dumps(data))
        return response

    def user(self, sub, **claims):
        """Who signs in as `sub`, with these claims (groups, amr, email, ...) in the ID token."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def authorize(self, authorization_url, sub):
        """What the person does on the provider's page: sign in as `sub`. Returns where the provider
        sends the browser back (the product's callback, with code and state)."""
        answer = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)
