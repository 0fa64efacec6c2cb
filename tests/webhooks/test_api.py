"""/api/v1/webhook-subscriptions: the region's administrator's, through the same services as the pages;
the secret in the creating (or rotating) answer only; problem+json naming the field; another region's
subscription 404."""
import pytest

from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation
from ketenzicht.webhooks import ssrf
from ketenzicht.webhooks.models import Subscription

from ..helpers import api_client

URL = "/api/v1/webhook-subscriptions"


@pytest.fixture(autouse=True)
def public_dns(monkeypatch):
    monkeypatch.setattr(ssrf, "resolve", lambda host, port: ["93.184.216.34"] if host.endswith(".example") else [host])


def zwolle():
    return Organisation.objects.get(municipality__cbs_code="GM0193", sector="gemeente")


def new(client, **overrides):
    return client.post(URL, {"region": "ijsselland", "organisation": zwolle().pk, "url": "https://hooks.partner.example/in",
                             "events": ["signal.received", "track.closed"], **overrides}, format="json")


def test_the_administrator_manages_subscriptions_through_the_api(world):
    client = api_client("admin.ijsselland")
    made = new(client)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["secret"].startswith("whsec_") and body["events"] == ["signal.received", "track.closed"]
    one = f"{URL}/{body['id']}"
    read = client.get(one).json()
    assert "secret" not in read and read["organisation"] == zwolle().pk and read["active"] is True
    assert [s["id"] for s in client.get(URL).json()] == [body["id"]]
    rotated = client.post(f"{one}/secret-rotations").json()
    assert rotated["secret"] != body["secret"] and rotated["secret"] == Subscription.objects.get().secret
    assert client.post(f"{one}/pause").json()["active"] is False
    assert client.post(f"{one}/resumption").json()["active"] is True
    assert client.get(f"{one}/deliveries").json() == []
    assert client.delete(one).status_code == 204 and not Subscription.objects.exists()
    assert AccessLog.objects.filter(object_type="webhook_subscription", action="webhook_create").exists()


def test_bad_input_is_a_problem_naming_the_field(world):
    client = api_client("admin.ijsselland")
    refused = new(client, url="https://10.0.0.1/in")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("application/problem+json")
    assert "url" in str(refused.json()) and "intern" in str(refused.json())
    assert new(client, events=[]).status_code == 400
    assert new(client, region="zeeland").status_code == 400
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("username", ["admin.zeeland", "liaison.zwolle"])
def test_others_do_not_find_it(world, username):
    made = new(api_client("admin.ijsselland")).json()
    client = api_client(username)
    one = f"{URL}/{made['id']}"
    assert client.get(one).status_code == 404
    assert client.delete(one).status_code == 404
    assert client.post(f"{one}/secret-rotations").status_code == 404
    assert client.get(f"{one}/deliveries").status_code == 404
    assert client.get(URL).json() == []
    assert Subscription.objects.get().secret == made["secret"]
