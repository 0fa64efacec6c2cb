"""An import's two steps, for the page and the API alike: the dry run (read, check, report) and
the confirmation (all or nothing, in the background). Each checks permission and writes the access
log; the signals themselves are created, checked and logged by intake's service (importer.py)."""
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Conflict
from ketenzicht.privacy import audit

from . import access, background, formats, validation
from .models import ImportBatch, State


@transaction.atomic
def dry_run(user, data: bytes, file_name="") -> ImportBatch:
    """Read and check every row; nothing is created. A file that cannot be read at all raises
    `formats.FileRefused`; a file with faulty rows gives a refused batch with its report."""
    if not access.may_import(user):
        raise PermissionDenied("import")
    rows = formats.parse(data)
    organisation = user.primary_organisation
    valid, report = validation.check(user, organisation, rows)
    batch = ImportBatch.objects.create(
        region=organisation.region, organisation=organisation, uploaded_by=user, file_name=file_name[:200],
        state=State.REFUSED if report else State.CHECKED, row_count=len(rows), report=report,
        rows="" if report else json.dumps(valid))
    audit.record(user, "import_check", "signal_import", batch.pk, region=batch.region_id, rows=len(rows),
                 refused=len({entry["row"] for entry in report}))
    return batch


@transaction.atomic
def confirm(user, batch) -> ImportBatch:
    """Import a checked batch, once: a second confirmation (another tab, a retry) is refused."""
    if not access.can(user, "confirm", batch):
        raise PermissionDenied("confirm")
    if not ImportBatch.objects.filter(pk=batch.pk, state=State.CHECKED).update(state=State.QUEUED):
        raise Conflict(_("Deze import is al bevestigd, of had fouten en kan niet worden ingelezen."))
    audit.record(user, "import_confirm", "signal_import", batch.pk, region=batch.region_id, rows=batch.row_count)
    transaction.on_commit(lambda: background.launch(batch.pk))
    batch.state = State.QUEUED
    return batch
