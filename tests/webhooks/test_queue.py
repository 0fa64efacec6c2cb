"""On PostgreSQL with the job queue (KETENZICHT_DELIVER_IN_PROCESS off): a change queues the job
`webhooks.deliver` after its commit, once however many changes wait, and `ketenzicht worker` delivers."""
import pytest
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from ketenzicht.webhooks import delivery, services
from ketenzicht.webhooks.models import Delivery

from ..helpers import is_postgres, report_as, user
from .test_delivery import zwolle


@pytest.fixture
def clean_queue(transactional_db):
    yield
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
                       "procrastinate_workers CASCADE")


@pytest.mark.skipif(not is_postgres(), reason="the job queue is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_change_queues_the_delivery_job_and_the_worker_delivers(world, receiver, settings, clean_queue):
    from ketenzicht.jobs import queue

    settings.KETENZICHT_DELIVER_IN_PROCESS = False
    admin = user("admin.ijsselland")
    admin.is_verified = lambda: True
    organisation = zwolle()
    subscription, secret = services.create(admin, organisation.region, organisation, receiver.url, ["signal.received"])
    receiver.secrets.append(secret)
    report_as("reporter.zwolle")
    report_as("reporter.zwolle")
    jobs = ProcrastinateJob.objects.filter(task_name=delivery.JOB)
    assert jobs.count() == 1 and jobs.get().status == "todo"  # one waiting job does it all
    assert not receiver.received
    queue.run_worker(wait=False, queues=["webhooks"], install_signal_handlers=False)
    assert len(receiver.received) == 2 and all(r["verified"] for r in receiver.received)
    assert set(Delivery.objects.filter(subscription=subscription).values_list("status", flat=True)) == {"delivered"}
