"""Hardening that is not about one feature: CSRF everywhere, quiet error pages."""
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from ketenzicht.demo.loader import password
from ketenzicht.intake.models import Signal
from ketenzicht.privacy.models import AccessLog
from ketenzicht.ratelimit import client_address

from .helpers import api_client, current_code, verified


def test_forms_without_csrf_token_are_refused(world):
    client = verified(Client(enforce_csrf_checks=True), "reporter.zwolle")
    response = client.post("/regio/ijsselland/melden", {"municipality": "GM0193", "description": "Zonder token"})
    assert response.status_code == 403
    response = client.post("/signalen/nieuw", {"lead_municipality": "GM0193", "description": "Zonder token",
                                               "kind": "signal", "urgency": "normal"})
    assert response.status_code == 403
    assert Signal.objects.count() == 0


def test_api_with_a_browser_session_needs_csrf_too(world):
    client = verified(Client(enforce_csrf_checks=True), "reporter.zwolle")
    response = client.post("/api/v1/signals", {"lead_municipality": "GM0193", "description": "x"},
                           content_type="application/json")
    assert response.status_code == 403 and Signal.objects.count() == 0


def test_error_pages_show_nothing_of_the_inside(world, client):
    response = client.get("/signalen/niet-een-id")
    text = response.content.decode()
    assert response.status_code == 404 and "Traceback" not in text and "settings" not in text.lower()


def test_post_to_an_unknown_api_path_is_a_problem_json_404(world):
    """Not Django's CSRF page: an unknown path is unknown whatever the method."""
    client = Client(enforce_csrf_checks=True)
    for path in ("/api/v1/nothing-here", "/api/v1/signals/not-a-uuid/notes"):
        response = client.post(path, {"text": "x"}, content_type="application/json")
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", path


def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(world, settings):
    """Red-team finding: keyed on REMOTE_ADDR, all citizens behind the proxy shared one bucket."""
    settings.KETENZICHT_PUBLIC_RATE = 2
    settings.KETENZICHT_TRUSTED_PROXIES = "10.0.0.0/8"
    body = {"municipality": "GM0193", "description": "Verdachte situatie in een woning"}

    def post(forwarded, remote="10.0.0.2"):
        return APIClient(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).post(
            "/api/v1/public/signals", body, format="json").status_code

    assert [post("198.51.100.7") for _ in range(3)] == [201, 201, 429]  # one person reaches the limit
    assert post("203.0.113.9") == 201  # another citizen behind the same proxy is not blocked
    # What the client writes itself is not believed: the proxy appends the address it saw.
    assert post("203.0.113.50, 198.51.100.7") == 429
    # Nor is the header of someone who is not a trusted proxy.
    assert [post(f"192.0.2.{n}", remote="198.51.100.99") for n in range(3)] == [201, 201, 429]
    assert Signal.objects.count() == 5


def test_failed_logins_are_limited_per_address_and_per_account(world, client, settings):
    """Per address over all accounts (password spraying), per account from any address."""
    settings.KETENZICHT_LOGIN_FAILURES_PER_ADDRESS = 3
    accounts = ["liaison.zwolle", "liaison.deventer", "care.ijsselland", "chair.ijsselland"]
    codes = [client.post("/inloggen", {"username": name, "password": "verkeerd-wachtwoord", "otp_token": "123456"},
                         REMOTE_ADDR="192.0.2.10").status_code for name in accounts]
    assert codes == [400, 400, 400, 429]
    # the limit is the address's: another address may still try
    assert client.post("/inloggen", {"username": "police.ijsselland", "password": "verkeerd-wachtwoord",
                                     "otp_token": "123456"}, REMOTE_ADDR="192.0.2.11").status_code == 400
    # one account attacked from many addresses is locked after five failures
    for n in range(5):
        client.post("/inloggen", {"username": "analyst.ijsselland", "password": "verkeerd-wachtwoord",
                                  "otp_token": "123456"}, REMOTE_ADDR=f"198.51.100.{n}")
    locked = client.post("/inloggen", {"username": "analyst.ijsselland", "password": password(),
                                       "otp_token": current_code("analyst.ijsselland")}, REMOTE_ADDR="198.51.100.200")
    assert locked.status_code == 429


def test_addresses_as_proxies_write_them_share_no_bucket_and_escape_none(world, settings):
    """Review finding: IPv6 gave every address its own bucket, a mapped or ported proxy address was not trusted."""
    settings.KETENZICHT_TRUSTED_PROXIES = "10.0.0.0/8"

    def address(remote, forwarded=""):
        return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded))

    assert address("2001:db8::1") == address("2001:db8::ffff:1") == "2001:db8::/64"
    assert address("2001:db8:0:1::1") != address("2001:db8::1")
    assert address("::ffff:10.0.0.5", "198.51.100.7") == "198.51.100.7"  # the proxy, IPv4 mapped, is trusted
    assert address("10.0.0.5", "198.51.100.7:51234") == "198.51.100.7"
    assert address("10.0.0.5", "[2001:db8::7]:443") == "2001:db8::/64"
    assert address("10.0.0.5", "bogus") == "10.0.0.5"


def test_an_unknown_username_is_not_kept_in_the_log(world, client):
    """What someone types as a username may be their password: an unknown one is not stored."""
    client.post("/inloggen", {"username": "Geheim-Wachtwoord-2026", "password": "x" * 12, "otp_token": "123456"})
    entry = AccessLog.objects.get(action="login_failed")
    assert entry.reason == "unknown_user" and "Geheim" not in entry.object_id + str(entry.detail)


def test_a_demo_accounts_api_token_opens_nothing_outside_demo_mode(world, settings):
    api = api_client("liaison.zwolle")
    assert api.get("/api/v1/signals").status_code == 200
    settings.DEMO = False
    assert api.get("/api/v1/signals").status_code == 401
