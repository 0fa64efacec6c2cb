"""/metrics: absent without a token, closed without the right one, and counting what happens."""
import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from ketenzicht.notifications.models import Delivery, Notification
from tests.helpers import user

TOKEN = "s3cret-metrics-token-of-32-chars!"


@pytest.fixture
def token(settings):
    settings.KETENZICHT_METRICS_TOKEN = TOKEN


def scrape(client):
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")  # what every Prometheus reads
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_no_token_configured_no_metrics(world, client, settings):
    settings.KETENZICHT_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


def test_a_missing_or_wrong_token_is_refused(world, client, token):
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 403
    assert b"ketenzicht_" not in missing.content


def test_requests_are_counted_per_route_method_and_status_class(world, client, token):
    key = ("ketenzicht_request_duration_seconds_count", (("method", "GET"), ("route", "public:home"),
                                                         ("status", "2xx")))
    missing = ("ketenzicht_request_duration_seconds_count", (("method", "GET"), ("route", "unmatched"),
                                                             ("status", "4xx")))
    before = scrape(client)
    client.get("/")
    client.get("/")
    client.get("/bestaat/niet/123")
    after = scrape(client)
    assert after[key] - before.get(key, 0) == 2
    assert after[missing] - before.get(missing, 0) == 1
    assert not any("123" in str(labels) for _name, labels in after)  # the route's name, never the path


def test_outbox_depth_and_failures(world, client, token):
    liaison = user("liaison.zwolle")
    for failed in (False, True, True):
        notification = Notification.objects.create(user=liaison, kind="signal_new", url="/signalen")
        Delivery.objects.create(notification=notification, attempts=int(failed),
                                last_error="SMTPConnectError: down" if failed else "",
                                next_attempt_at=timezone.now())
    samples = scrape(client)
    assert samples[("ketenzicht_outbox_depth", ())] == Delivery.objects.count() >= 3
    assert samples[("ketenzicht_outbox_failed", ())] == Delivery.objects.exclude(last_error="").count() >= 2
    assert samples[("ketenzicht_outbox_oldest_age_seconds", ())] >= 0
