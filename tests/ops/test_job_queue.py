"""The job queue in the probes: a due job nobody takes fails readiness; depth, due jobs, the oldest due
job's age and the dead letters are in the metrics."""
import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from ketenzicht.jobs import queue
from ketenzicht.jobs.models import Failure

from ..helpers import is_postgres

TOKEN = "s3cret-metrics-token-of-32-chars!"


def metrics(client, settings):
    settings.KETENZICHT_METRICS_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    return {sample.name: sample.value for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples if sample.name.startswith("ketenzicht_job")}


def backdate(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.mark.skipif(not is_postgres(), reason="the job queue is procrastinate's, on PostgreSQL")
def test_a_due_job_nobody_takes_makes_the_service_not_ready(world, client, settings):
    settings.KETENZICHT_JOB_MAX_LAG = 600
    assert queue.defer("care.send_reminders")  # no worker runs in this test
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["job_queue"] == {"ok": True, "lag_seconds": 0, "due": 1}

    backdate("UPDATE procrastinate_events SET at = now() - interval '2 hours'")
    response = client.get("/health/ready")
    assert response.status_code == 503
    check = response.json()["checks"]["job_queue"]
    assert check["ok"] is False and check["lag_seconds"] >= 7200 and check["due"] == 1
    found = metrics(client, settings)
    assert found["ketenzicht_job_queue_depth"] == 1 and found["ketenzicht_job_queue_due"] == 1
    assert found["ketenzicht_job_queue_oldest_due_age_seconds"] >= 7200

    # waiting for its back-off (scheduled later) is not lagging
    backdate("UPDATE procrastinate_jobs SET scheduled_at = now() + interval '1 hour'")
    assert client.get("/health/ready").status_code == 200
    found = metrics(client, settings)
    assert found["ketenzicht_job_queue_depth"] == 1 and found["ketenzicht_job_queue_due"] == 0
    assert found["ketenzicht_job_queue_oldest_due_age_seconds"] == 0


def test_dead_letters_are_counted_and_sqlite_has_no_queue_to_lag(world, client, settings):
    Failure.objects.create(job_id=41, task_name="care.send_reminders", attempts=6, error="ConnectionError: down")
    found = metrics(client, settings)
    assert found["ketenzicht_jobs_failed"] == 1
    if not is_postgres():
        assert client.get("/health/ready").json()["checks"]["job_queue"] == {"ok": True, "lag_seconds": 0, "due": 0}
        assert found["ketenzicht_job_queue_depth"] == 0
