"""Metrics in the Prometheus text format, for `/metrics` (views.metrics).

Two kinds:
- request latency per view, observed by `middleware.RequestLogMiddleware` in this process;
- gauges read from the database when scraped (`SOURCES`): the outbox's depth, its failed e-mails and the
  age of its oldest e-mail; the job queue's depth, its due jobs, the age of the oldest due job and the
  dead letters. They are the same for every process, so they are read at scrape time rather than
  counted. Another source is one more line in `SOURCES`.

Under gunicorn each worker process has its own registry, and a scrape sees the worker that answered.
Set PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at every start) and prometheus-client's
multiprocess mode adds up all workers' histograms; docs/operations.md shows the gunicorn settings.
"""
import os

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector

from ketenzicht.jobs.backlog import backlog
from ketenzicht.jobs.models import Failure
from ketenzicht.notifications.models import Delivery

# Not in the global registry: `scrape` puts it in each scrape's own registry (in multiprocess mode the
# workers' files stand in for it).
REQUEST_LATENCY = Histogram(
    "ketenzicht_request_duration_seconds", "Time to answer a request, per view (route name), method and status class.",
    ["route", "method", "status"], registry=None)


def observe(route, method, status, seconds):
    REQUEST_LATENCY.labels(route=route, method=method, status=f"{status // 100}xx").observe(seconds)


def outbox():
    """The e-mail outbox (notifications.Delivery) in one query: what waits, what failed at least once,
    and how long the oldest has waited."""
    row = Delivery.objects.aggregate(depth=Count("pk"), failed=Count("pk", filter=~Q(last_error="")),
                                     oldest=Min("created_at"))
    age = (timezone.now() - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return [
        ("ketenzicht_outbox_depth", "E-mails waiting in the outbox.", row["depth"]),
        ("ketenzicht_outbox_failed", "E-mails in the outbox whose last attempt failed.", row["failed"]),
        ("ketenzicht_outbox_oldest_age_seconds", "Age of the oldest e-mail in the outbox.", age),
    ]


def job_queue():
    found = backlog()
    return [
        ("ketenzicht_job_queue_depth", "Background jobs waiting (due now or later).", found.waiting),
        ("ketenzicht_job_queue_due", "Background jobs due now and not yet started.", found.due),
        ("ketenzicht_job_queue_oldest_due_age_seconds", "How long the oldest due job has waited.",
         found.oldest_due_seconds),
        ("ketenzicht_jobs_failed", "Background jobs that failed for good (dead letters).", Failure.objects.count()),
    ]


# Each source returns (name, help, value) triples, read at every scrape.
SOURCES = [outbox, job_queue]


class DatabaseGauges:
    """A prometheus-client collector over `SOURCES`."""

    def collect(self):
        for source in SOURCES:
            for name, text, value in source():
                yield GaugeMetricFamily(name, text, value=value)


def scrape(accept=None):
    """The exposition (body, content type) in the format the scraper asks for: Prometheus' text format, or
    OpenMetrics when its Accept header names it."""
    registry = CollectorRegistry(auto_describe=False)
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseGauges())
    encode, content_type = choose_encoder(accept or "")
    return encode(registry), content_type
