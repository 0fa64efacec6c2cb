"""The access log: who read or changed which record, when and why."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField

from . import kinds


class AccessLog(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The log is evidence: a user it names is deactivated, never deleted, until retention removes
    # the entries (PROTECT refuses the deletion; null only for anonymous visitors).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    flagged = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    review_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        # ("region", "-at", "-id"): the privacy officer's log, a page after the last row shown (log.ORDER).
        indexes = [models.Index(fields=["object_type", "object_id"]),
                   models.Index(fields=["region", "-at", "-id"], name="privacy_log_region_at_id"),
                   models.Index(fields=["region", "flagged", "reviewed_at"])]
        verbose_name = _("toegangsregistratie")
        verbose_name_plural = _("toegangslog")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}:{self.object_id}"


class EmergencyAccess(models.Model):
    """Break-the-glass: access to a record outside the user's normal scope, for a stated reason,
    for a limited time. Every use is flagged in the access log for the privacy officer."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses")
    signal = models.ForeignKey("intake.Signal", on_delete=models.CASCADE, related_name="emergency_grants")
    reason = EncryptedTextField(_("reden"), max_length=1000)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")


class RetentionRule(models.Model):
    """How long a region keeps one kind of record before it is anonymised or deleted."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="retention_rules")
    # One of the kinds the apps registered (privacy.retention.KINDS); no choices here, so that a
    # new kind needs no migration of privacy.
    kind = models.CharField(_("soort record"), max_length=30)
    months = models.PositiveSmallIntegerField(_("bewaartermijn in maanden"))
    basis = models.CharField(_("onderbouwing"), max_length=300, blank=True,
                             help_text=_("Bijvoorbeeld het artikel van het convenant dat de termijn bepaalt."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "kind"], name="privacy_retention_region_kind")]
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self):
        return f"{self.region} {self.kind}: {self.months}"

    def clean(self):
        kind = kinds.KINDS.get(self.kind)
        if kind is None:
            raise ValidationError({"kind": _("Onbekende soort record.")})
        shortest = kind.minimum_months
        if self.months is not None and self.months < shortest:
            raise ValidationError({"months": _("Voor dit soort record is de bewaartermijn ten minste %(months)s "
                                               "maanden.") % {"months": shortest}})
        if self.months is not None and self.months > kind.maximum_months:
            raise ValidationError({"months": _("Voor dit soort record is de bewaartermijn ten hoogste %(months)s "
                                               "maanden.") % {"months": kind.maximum_months}})


class SubjectIndex(models.Model):
    """A blind index of the identifiers people leave (e-mail addresses, phone numbers): a keyed hash,
    so a request from one person can find their records without decrypting everything, and the
    database alone reveals nothing."""

    digest = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=150)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["digest", "object_type", "object_id"],
                                               name="privacy_subject_index_unique")]
