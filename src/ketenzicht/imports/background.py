"""Where a confirmed import runs: a thread of the process that took the confirmation, started after
the commit. To run it on the job queue instead, defer `importer.run(batch_id)` here as a job; the
work and its claim (queued → running, once) are already the job's shape."""
import logging
import threading

from django.db import connections
from django.utils import timezone

from . import importer
from .models import ImportBatch, State

logger = logging.getLogger(__name__)


def launch(batch_id):
    thread = threading.Thread(target=_run, args=(batch_id,), name=f"ketenzicht-import-{batch_id}", daemon=True)
    thread.start()
    return thread


def _run(batch_id):
    try:
        importer.run(batch_id)
    except Exception:  # a fault, not bad input: nothing was created; the page says so instead of waiting
        logger.exception("import %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id, state=State.RUNNING).update(
            state=State.FAILED, rows="", failure="", finished_at=timezone.now())
    finally:
        connections.close_all()
