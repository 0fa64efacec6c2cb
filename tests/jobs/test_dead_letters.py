"""The dead-letter page: a region's administrator sees the failed jobs of that region only, retries and
discards them (each in the access log); another region's administrator and everyone else are refused."""
import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from ketenzicht.jobs import queue
from ketenzicht.jobs.models import Failure
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Region

from ..helpers import is_postgres, user, verified
from . import tasks

assert tasks.fails  # the failing job, registered

PAGE = "/inrichting/{}/mislukte-taken"


def fail_for(*slugs):
    for slug in slugs:
        assert queue.defer("tests.fails", region=Region.objects.get(slug=slug).pk)
    queue.run_worker(wait=False, queues=["tests"], install_signal_handlers=False)
    return {f.region.slug: f for f in Failure.objects.select_related("region")}


@pytest.mark.skipif(not is_postgres(), reason="jobs are queued, and fail, on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_administrator_sees_retries_and_discards_the_failed_jobs_of_their_region(world, client, empty_queue):
    failed = fail_for("ijsselland", "zeeland")
    ours, theirs = failed["ijsselland"], failed["zeeland"]
    assert ours.attempts == 2 and "ConnectionError" in ours.error
    page = verified(client, "admin.ijsselland").get(PAGE.format("ijsselland"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'data-job="{ours.job_id}"' in text and f'data-job="{theirs.job_id}"' not in text
    assert client.get(PAGE.format("zeeland")).status_code == 404
    assert client.post(PAGE.format("ijsselland"), {"failure": theirs.pk, "action": "retry"}).status_code == 404

    assert client.post(PAGE.format("ijsselland"), {"failure": ours.pk, "action": "retry"}).status_code == 302
    assert ProcrastinateJob.objects.get(pk=ours.job_id).status == "todo"
    assert not Failure.objects.filter(pk=ours.pk).exists()
    assert AccessLog.objects.filter(user=user("admin.ijsselland"), action="job_retry", object_id=str(ours.job_id)).exists()

    again = fail_for()["ijsselland"]  # the one more attempt fails too: a dead letter again
    assert again.job_id == ours.job_id and again.attempts > ours.attempts
    assert client.post(PAGE.format("ijsselland"), {"failure": again.pk, "action": "discard"}).status_code == 302
    assert not ProcrastinateJob.objects.filter(pk=ours.job_id).exists() and not Failure.objects.filter(pk=again.pk).exists()
    assert AccessLog.objects.filter(action="job_discard", object_id=str(ours.job_id)).exists()
    assert ProcrastinateJob.objects.get(pk=theirs.job_id).status == "failed"  # Zeeland's untouched


@pytest.mark.skipif(not is_postgres(), reason="jobs are queued, and fail, on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["liaison.zwolle", "privacy.ijsselland", "admin.zeeland"])
def test_others_are_refused(world, client, empty_queue, username):
    failure = fail_for("ijsselland")["ijsselland"]
    verified(client, username)
    assert client.get(PAGE.format("ijsselland")).status_code == 404
    for action in ("retry", "discard"):
        assert client.post(PAGE.format("ijsselland"), {"failure": failure.pk, "action": action}).status_code == 404
    assert ProcrastinateJob.objects.get(pk=failure.job_id).status == "failed" and Failure.objects.exists()


def test_on_sqlite_the_page_says_the_queue_runs_on_postgresql(world, client):
    page = verified(client, "admin.ijsselland").get(PAGE.format("ijsselland"))
    assert page.status_code == 200
    assert ("Geen mislukte taken." in page.content.decode()) == is_postgres()


@pytest.mark.skipif(not is_postgres(), reason="jobs are queued, and fail, on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_administrator_sees_a_job_waiting_for_its_next_attempt_until_it_succeeds(world, client, empty_queue, tmp_path):
    ijsselland, zeeland = Region.objects.get(slug="ijsselland"), Region.objects.get(slug="zeeland")
    for region in (ijsselland, zeeland):
        assert queue.defer("tests.fails_once", region=region.pk, path=str(tmp_path / region.slug))
    queue.run_worker(wait=False, queues=["tests"], install_signal_handlers=False)
    ours = ProcrastinateJob.objects.get(task_name="tests.fails_once", args__region=ijsselland.pk)
    assert ours.status == "todo" and ours.attempts == 1  # waits an hour for its next attempt

    page = verified(client, "admin.ijsselland").get(PAGE.format("ijsselland")).content.decode()
    waiting = page.split('data-testid="retrying"')[1]
    assert f'data-job="{ours.id}"' in waiting and "ConnectionError" in waiting and "Gegevens naar de partner sturen" in waiting
    assert waiting.count("data-job=") == 1  # not Zeeland's
    assert "Geen mislukte taken." in page  # not a dead letter

    ProcrastinateJob.objects.filter(task_name="tests.fails_once").update(scheduled_at=None)  # the hour has passed
    queue.run_worker(wait=False, queues=["tests"], install_signal_handlers=False)
    assert not Failure.objects.exists()  # both succeeded: nothing left to know
    assert "Geen taken die wachten op een nieuwe poging." in client.get(PAGE.format("ijsselland")).content.decode()
