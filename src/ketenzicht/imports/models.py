"""One uploaded list of signals: its dry run, its confirmation and the import's progress.

The rows are kept (encrypted: they are signals) only between the dry run and the import; the
report keeps row numbers, field names and messages (which may quote a refused code), never a
description, location or reference."""
import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField


class State(models.TextChoices):
    CHECKED = "checked", _("Gecontroleerd, wacht op bevestiging")
    REFUSED = "refused", _("Afgekeurd: er zijn fouten")
    QUEUED = "queued", _("Bevestigd, wacht op verwerking")
    RUNNING = "running", _("Bezig met inlezen")
    DONE = "done", _("Ingelezen")
    FAILED = "failed", _("Niet ingelezen: er is niets aangemaakt")


class ImportBatch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices)
    row_count = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    rows = EncryptedTextField(blank=True)  # JSON list of the rows as read; emptied after the import
    report = models.JSONField(default=list)  # [{"row", "field", "message"}]: no content of a row
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"])]
        verbose_name = _("import van signalen")
        verbose_name_plural = _("imports van signalen")

    def __str__(self):
        return self.file_name or str(self.pk)

    @property
    def payload(self):
        return json.loads(self.rows) if self.rows else []

    @property
    def refused_count(self):
        return len({entry["row"] for entry in self.report})

    @property
    def valid_count(self):
        return self.row_count - self.refused_count

    @property
    def is_finished(self):
        return self.state in (State.DONE, State.FAILED, State.REFUSED)

    @property
    def percentage(self):
        return round(100 * self.processed / self.row_count) if self.row_count else 100
