"""Integral inspections (issue 18 item 5): the municipality plans a joint inspection of an address
or business with partners of its region (labour inspectorate, police, tax office, omgevingsdienst);
each partner records what it found, and a finding that points to trafficking becomes a signal in
one step, which then follows the region's usual route.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField


class Status(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    DONE = "done", _("Uitgevoerd")
    CANCELLED = "cancelled", _("Geannuleerd")


class Inspection(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    planned_on = models.DateField(_("datum controle"))
    address = models.CharField(_("adres"), max_length=300, blank=True)
    business_name = models.CharField(_("bedrijf"), max_length=200, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    purpose = models.CharField(_("aanleiding en doel"), max_length=1000, blank=True)
    partners = models.ManyToManyField("regions.Organisation", related_name="+", verbose_name=_("partners"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-planned_on", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-planned_on", "-id"], name="inspections_by_municipality"),
            models.Index(fields=["region", "planned_on"], name="inspections_region_figures"),
        ]
        verbose_name = _("integrale controle")
        verbose_name_plural = _("integrale controles")

    def __str__(self):
        return f"{_('Integrale controle')} {self.reference}"

    @property
    def reference(self):
        return f"IC-{self.pk:05d}"

    @property
    def etag(self):
        return f'"inspection-{self.pk}-{self.version}"'

    @property
    def object_label(self):
        parts = [p for p in (self.business_name, f"KvK {self.kvk_number}" if self.kvk_number else "", self.address) if p]
        return ", ".join(parts)


class Finding(models.Model):
    """What one partner found. `signal` is set once, when the finding became a signal: the one-to-one
    key refuses a second signal from the same finding even when two people try at once."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("partner"))
    text = EncryptedTextField(_("bevinding"), max_length=4000)
    points_to_trafficking = models.BooleanField(_("wijst op mensenhandel"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    signal = models.OneToOneField("intake.Signal", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("signaal"))
    signalled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    signalled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
