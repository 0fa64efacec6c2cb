"""The webhook pages: only the region's administrator, for organisations of their region; a new
subscription's secret shown once; bad addresses refused in Dutch with the input kept; every change in the
access log; another region's subscription is a 404 however its id is forged."""
import pytest

from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation
from ketenzicht.webhooks import ssrf
from ketenzicht.webhooks.models import Subscription

from ..helpers import user, verified

PAGE = "/inrichting/{}/webhooks"


def zwolle():
    return Organisation.objects.get(municipality__cbs_code="GM0193", sector="gemeente")


@pytest.fixture
def public_dns(monkeypatch):
    """partner.example resolves to a public address; anything else as the test says."""
    answers = {"hooks.partner.example": ["93.184.216.34"], "intern.partner.example": ["192.168.10.4"],
               "ketenzicht.example.nl": ["93.184.216.35"], "localhost": ["127.0.0.1"]}
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: answers.get(host) or [host])
    return answers


def create(client, url, region="ijsselland", organisation=None, events=("signal.received",)):
    return client.post(PAGE.format(region), {"organisation": (organisation or zwolle()).pk, "url": url,
                                             "events": list(events)})


def test_the_administrator_creates_sees_the_secret_once_rotates_pauses_and_deletes(world, client, public_dns):
    verified(client, "admin.ijsselland")
    assert client.get(PAGE.format("ijsselland")).status_code == 200
    page = create(client, "https://hooks.partner.example/in")
    assert page.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.secret.startswith("whsec_") and subscription.secret in page.content.decode()
    assert subscription.events == ["signal.received"] and subscription.organisation == zwolle()
    detail = PAGE.format("ijsselland") + f"/{subscription.pk}"
    shown = client.get(detail)
    assert shown.status_code == 200 and subscription.secret not in shown.content.decode()
    assert subscription.secret not in client.get(PAGE.format("ijsselland")).content.decode()

    rotated = client.post(detail, {"action": "rotate"})
    subscription.refresh_from_db()
    assert subscription.secret in rotated.content.decode() and subscription.previous_secret != subscription.secret
    assert subscription.secrets() == [subscription.secret, subscription.previous_secret]  # the overlap
    assert client.post(detail, {"action": "pause"}).status_code == 302
    assert not Subscription.objects.get().active
    assert client.post(detail, {"action": "resume"}).status_code == 302
    assert Subscription.objects.get().active
    assert client.post(detail, {"action": "delete"}).status_code == 302
    assert not Subscription.objects.exists()
    actions = set(AccessLog.objects.filter(user=user("admin.ijsselland"), object_type="webhook_subscription",
                                           object_id=str(subscription.pk)).values_list("action", flat=True))
    assert actions == {"webhook_create", "webhook_rotate", "webhook_pause", "webhook_resume", "webhook_delete"}


@pytest.mark.parametrize("url, message", [
    ("http://hooks.partner.example/in", "Het adres moet beginnen met https://."),
    ("https://10.0.0.8/in", "intern of gereserveerd netwerkadres"),
    ("https://169.254.169.254/latest/meta-data", "intern of gereserveerd netwerkadres"),
    ("https://[::1]/in", "intern of gereserveerd netwerkadres"),
    ("https://[::ffff:10.0.0.1]/in", "intern of gereserveerd netwerkadres"),
    ("https://[2002:a9fe:a9fe::]/in", "intern of gereserveerd netwerkadres"),  # 6to4 of 169.254.169.254
    ("https://[2001:0:4136:e378:8000:63bf:f5ff:fff6]/in", "intern of gereserveerd netwerkadres"),  # Teredo 10.0.0.9
    ("https://224.0.0.1/in", "intern of gereserveerd netwerkadres"),
    ("https://100.64.0.1/in", "intern of gereserveerd netwerkadres"),
    ("https://0.0.0.0/in", "intern of gereserveerd netwerkadres"),
    ("https://localhost/in", "niet naar Ketenzicht zelf"),  # in ALLOWED_HOSTS, and loopback
    ("https://intern.partner.example/in", "intern of gereserveerd netwerkadres"),
    ("https://ketenzicht.example.nl/api/v1/signals", "niet naar Ketenzicht zelf"),
    ("https://ketenzicht.example.nl./api/v1/signals", "niet naar Ketenzicht zelf"),
    ("https://user:pw@hooks.partner.example/in", "gebruikersnaam of wachtwoord"),
    ("ftp://hooks.partner.example/in", "Het adres moet beginnen met https://."),
])
def test_internal_and_own_addresses_are_refused_in_dutch_and_nothing_is_made(world, client, public_dns, settings,
                                                                             url, message):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "ketenzicht.example.nl"]
    verified(client, "admin.ijsselland")
    page = create(client, url)
    text = page.content.decode()
    assert page.status_code == 400 and message in text and "Adres (URL)" in text
    assert f'value="{url}"'.replace("&", "&amp;") in text  # the input kept
    assert not Subscription.objects.exists()


def test_loopback_over_http_only_with_the_explicit_setting(world, client, settings):
    verified(client, "admin.ijsselland")
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = False
    assert create(client, "http://127.0.0.1:9/hook").status_code == 400
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = True
    assert create(client, "http://127.0.0.1:9/hook").status_code == 200
    assert create(client, "http://10.0.0.1:9/hook").status_code == 400  # loopback only, nothing else


def test_an_organisation_of_another_region_and_missing_fields_are_refused(world, client, public_dns):
    verified(client, "admin.ijsselland")
    other = Organisation.objects.filter(region__slug="zeeland").first()
    page = create(client, "https://hooks.partner.example/in", organisation=other)
    assert page.status_code == 400 and "Kies een organisatie uit de lijst." in page.content.decode()
    page = client.post(PAGE.format("ijsselland"), {"organisation": zwolle().pk, "url": ""})
    text = page.content.decode()
    assert "Vul het adres in." in text and "Kies ten minste één gebeurtenis." in text
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("username", ["admin.zeeland", "liaison.zwolle", "privacy.ijsselland"])
def test_a_forged_id_or_another_region_is_not_found(world, client, public_dns, username):
    verified(client, "admin.ijsselland")
    create(client, "https://hooks.partner.example/in")
    ours = Subscription.objects.get()
    client.logout()
    verified(client, username)
    for region in ("ijsselland", "zeeland"):
        detail = PAGE.format(region) + f"/{ours.pk}"
        assert client.get(detail).status_code == 404
        for action in ("pause", "rotate", "delete"):
            assert client.post(detail, {"action": action}).status_code == 404
    assert client.get(PAGE.format("ijsselland")).status_code == 404
    assert create(client, "https://hooks.partner.example/in").status_code == 404
    still = Subscription.objects.get()
    assert still.active and still.secret == ours.secret


def test_the_set_up_overview_offers_the_page(world, client):
    verified(client, "admin.ijsselland")
    assert PAGE.format("ijsselland") in client.get("/inrichting/ijsselland").content.decode()
