"""Issue 21, faults: the database restarted mid-request. The request fails cleanly (503 with Retry-After,
a page or problem+json that says nothing was saved, nothing half-written), the next request works on a
new connection, and a job the restart cut off runs again, once.

A restart ends every server process of the database ("terminating connection due to administrator
command"); `pg_terminate_backend` does exactly that to the connections it names, without stopping a
server other tests share."""
import time

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client
from procrastinate.contrib.django.models import ProcrastinateJob
from rest_framework.test import APIClient

from ketenzicht.intake.models import Signal
from ketenzicht.jobs import queue

from ..helpers import is_postgres
from ..jobs import tasks
from ..jobs.test_worker import runs

pytestmark = [pytest.mark.skipif(not is_postgres(), reason="a PostgreSQL server's restart"),
              pytest.mark.django_db(transaction=True)]

REPORT = {"municipality": "GM0193", "description": "Steeds andere jonge vrouwen worden 's nachts opgehaald."}


def terminate(pid):
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                         dbname=settings["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def restart_at_first_insert(execute, sql, params, many, context):
    """The server goes away just as the request begins to write (its transaction is open)."""
    if sql.lstrip().upper().startswith("INSERT") and not getattr(restart_at_first_insert, "done", False):
        restart_at_first_insert.done = True
        terminate(connection.connection.info.backend_pid)
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def worker_delivers(settings):
    settings.KETENZICHT_DELIVER_IN_PROCESS = False  # no outbox thread at work when the test's tables are emptied


def request_finished():
    """What Django does at the end of every request in production (the test client leaves it out): a
    connection that failed is closed, so the next request opens a new one."""
    close_old_connections()


@pytest.fixture
def restart():
    restart_at_first_insert.done = False
    with connection.execute_wrapper(restart_at_first_insert):
        yield
    assert restart_at_first_insert.done


def test_a_page_answers_503_saves_nothing_and_the_next_request_works(world, restart):
    client = Client(raise_request_exception=False)
    before = Signal.objects.count()
    response = client.post("/regio/ijsselland/melden", REPORT)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Ketenzicht is even niet bereikbaar" in page and "niet opgeslagen" in page
    assert "ketenzicht/app.css" in page  # the product's styled page, not a bare error
    assert "Traceback" not in page and "terminating" not in page
    request_finished()
    assert Signal.objects.count() == before  # a new connection: nothing of the request was committed

    again = client.post("/regio/ijsselland/melden", REPORT)
    assert again.status_code == 302 and "/bedankt" in again["Location"]
    assert Signal.objects.count() == before + 1


def test_the_api_answers_problem_json_503(world, restart):
    client = APIClient(raise_request_exception=False)
    response = client.post("/api/v1/public/signals", REPORT, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 503 and problem["title"] == "Tijdelijk niet beschikbaar"
    assert "niets opgeslagen" in problem["detail"]
    request_finished()
    assert not Signal.objects.exists()
    assert client.post("/api/v1/public/signals", REPORT, format="json").status_code == 201


def test_a_job_cut_off_by_the_restart_runs_again_once(empty_queue, tmp_path):
    """Every connection of the worker goes, its job's included: the job fails, and the worker, once it
    has its connections back, runs it again after its back-off (`queue.RETRY`), once."""
    path = tmp_path / "runs"
    connection.ensure_connection()
    assert queue.defer("tests.database_restarts", path=str(path), spare=connection.connection.info.backend_pid)
    deadline = time.monotonic() + 30
    while ProcrastinateJob.objects.filter(task_name="tests.database_restarts").exists() and time.monotonic() < deadline:
        queue.run_worker(wait=False, queues=["tests"], install_signal_handlers=False)
        time.sleep(0.2)
    assert runs(path) == 2  # cut off, then done
    assert not ProcrastinateJob.objects.filter(task_name="tests.database_restarts").exists()  # succeeded: gone
    queue.run_worker(wait=False, queues=["tests"], install_signal_handlers=False)
    assert runs(path) == 2
    assert tasks.database_restarts  # registered by importing the test jobs
