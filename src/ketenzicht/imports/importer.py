"""The import itself, all or nothing: every row becomes a signal through intake's own service, in
one transaction. It runs in the background (`background.launch`); `run` is the whole of the work,
so a job queue can run it as it is."""
import logging
import time

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ketenzicht.intake import services as intake
from ketenzicht.intake.models import Channel
from ketenzicht.lib.errors import DomainError

from .models import ImportBatch, State
from .validation import REFERENCE, Checker, RowInvalid, entries

logger = logging.getLogger(__name__)


class Progress:
    """How far the import is, written on a connection of its own: the import's transaction keeps
    its rows to itself until the end, but the page must see the count now. SQLite has one writer
    at a time, so there the count shows only when the import is done (docs/import.md)."""

    EVERY = 0.5  # seconds between two writes

    def __init__(self, batch_id):
        self.batch_id = batch_id
        self.side = None if connection.vendor == "sqlite" else connections.create_connection(DEFAULT_DB_ALIAS)
        self.written_at = 0.0

    def tick(self, done):
        if self.side is None or time.monotonic() - self.written_at < self.EVERY:
            return
        table = self.side.ops.quote_name(ImportBatch._meta.db_table)
        sql = f"UPDATE {table} SET processed = %s WHERE id = %s"  # nosec B608: our table's name; values bound
        with self.side.cursor() as cursor:
            cursor.execute(sql, [done, self.batch_id])
        self.written_at = time.monotonic()

    def close(self):
        if self.side is not None:
            self.side.close()


class Failed(Exception):
    def __init__(self, report, failure):
        super().__init__(failure)
        self.report, self.failure = report, failure


def run(batch_id):
    """Import a confirmed batch, once: whoever claims it (queued → running) imports it."""
    if not ImportBatch.objects.filter(pk=batch_id, state=State.QUEUED).update(state=State.RUNNING,
                                                                             started_at=timezone.now()):
        return
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    progress = Progress(batch_id)
    try:
        with override("nl"), transaction.atomic():
            _import(batch, progress)
    except Failed as failed:
        ImportBatch.objects.filter(pk=batch_id).update(state=State.FAILED, report=failed.report, rows="",
                                                       failure=failed.failure[:500], finished_at=timezone.now())
    finally:
        progress.close()


def _import(batch, progress):
    user, rows = batch.uploaded_by, batch.payload
    checker = Checker(user)
    for done, (number, reference, row) in enumerate(rows, start=1):
        try:
            _reference, cleaned = checker.clean(row)
            with transaction.atomic():
                intake.report(user, cleaned, channel=Channel.API, external_reference=reference)
        except RowInvalid as invalid:
            raise Failed(entries(number, invalid.errors), _("Regel %(row)s is intussen niet meer goed.")
                         % {"row": number}) from None
        except DomainError as error:
            raise Failed(entries(number, error.errors), _("Regel %(row)s is intussen niet meer goed.")
                         % {"row": number}) from None
        except IntegrityError:
            raise Failed(entries(number, {REFERENCE: [_("Een signaal met deze externe referentie is intussen al "
                                                        "ingelezen (een tweede import van hetzelfde bestand?).")]}),
                         _("Regel %(row)s is intussen al ingelezen.") % {"row": number}) from None
        except PermissionDenied:
            raise Failed([], _("U mag geen signalen meer melden.")) from None
        progress.tick(done)
    ImportBatch.objects.filter(pk=batch.pk).update(state=State.DONE, processed=len(rows), rows="",
                                                   finished_at=timezone.now())
