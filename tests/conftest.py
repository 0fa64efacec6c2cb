import os

import pytest
from django.contrib.sessions.models import Session
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from rest_framework.test import APIClient

from ketenzicht.accounts.models import ApiToken, User
from ketenzicht.demo import loader


@pytest.fixture
def world(db):
    """IJsselland and Zeeland with their municipalities, partners and a user for every role; no signals."""
    loader.load(regions=("IJsselland", "Zeeland"), with_signals=False)
    return User.objects


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


def professional_payload(**overrides):
    payload = {
        "kind": "signal",
        "lead_municipality": "GM0193",
        "other_municipalities": ["GM0148"],
        "exploitation_forms": ["labour"],
        "indicators": ["excessive_hours", "withholds_documents"],
        "barriers": ["huisvesting"],
        "location": "Industrieweg, Zwolle",
        "description": "Twaalf arbeidsmigranten in een woning; paspoorten bij de werkgever.",
        "urgency": "normal",
        "persons": [{"role": "victim", "age": 24, "nationality_group": "eu", "gender": "male", "lvb": False}],
    }
    payload.update(overrides)
    return payload


def is_postgres():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def report_as(username, **overrides):
    """A professional's signal through the same form and service the page uses: (signal, receipt code)."""
    from ketenzicht.intake import services
    from ketenzicht.intake.forms import ProfessionalSignalForm
    from ketenzicht.privacy import policy

    account = user(username)
    form = ProfessionalSignalForm(professional_payload(**overrides),
                                  municipalities=policy.reportable_municipalities(account))
    assert form.is_valid(), form.errors
    return services.report(account, form.cleaned_data)


def stored_sessions():
    """Everything the session table holds, decoded and raw, to search for what must not be there."""
    return " ".join(str(s.get_decoded()) + s.session_data for s in Session.objects.all())
