"""The mayor's administrative measures against trafficking (issue 18 item 4): closing premises,
penalty orders, refusing or withdrawing a permit, area bans. Each rests on a legal ground from a
reference list the region can extend, names its object (an address or a business with its KvK
number), and is signed by the mayor's office: a signed decision is fixed, only its outcome follows.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField


class Kind(models.TextChoices):
    CLOSURE = "closure", _("Sluiting van een pand")
    PENALTY_ORDER = "penalty_order", _("Last onder dwangsom")
    PERMIT_REFUSAL = "permit_refusal", _("Weigering van een vergunning")
    PERMIT_WITHDRAWAL = "permit_withdrawal", _("Intrekking van een vergunning")
    AREA_BAN = "area_ban", _("Gebiedsverbod")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Nog geen uitkomst")
    COMPLIED = "complied", _("Nageleefd")
    ENFORCED = "enforced", _("Gehandhaafd (dwangsom verbeurd of bestuursdwang)")
    LIFTED = "lifted", _("Opgeheven of beëindigd")
    OVERTURNED = "overturned", _("Vernietigd in bezwaar of beroep")


class LegalGround(models.Model):
    """An article a measure may rest on. Rows without a region are the shipped list (the grounds
    seed 003 and the instruments of DOMAIN section 7 name); a region adds its own (its APV's
    article numbers differ per municipality) and retires what it no longer uses, never deletes."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", help_text=_("Leeg: de landelijke lijst."))
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("wettelijke grondslag"), max_length=200)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="measures_ground_code"),
            models.UniqueConstraint(fields=["code"], condition=Q(region__isnull=True), name="measures_ground_shipped"),
        ]
        verbose_name = _("wettelijke grondslag")
        verbose_name_plural = _("wettelijke grondslagen")

    def __str__(self):
        return self.label


class Measure(models.Model):
    """One decision of the mayor (or the college) on one object in one municipality."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    kind = models.CharField(_("soort maatregel"), max_length=20, choices=Kind.choices)
    ground = models.ForeignKey(LegalGround, on_delete=models.PROTECT, related_name="measures",
                               verbose_name=_("wettelijke grondslag"))
    decided_on = models.DateField(_("datum besluit"))
    starts_on = models.DateField(_("ingangsdatum"), null=True, blank=True)
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    business_name = models.CharField(_("bedrijf"), max_length=200, blank=True)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, blank=True)
    decision = EncryptedTextField(_("besluit (samenvatting)"), max_length=2000, blank=True)
    track = models.ForeignKey("cases.Track", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("bestuurlijk spoor"))
    signal = models.ForeignKey("intake.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("signaal"))
    # The permit a refusal or withdrawal concerns (services.sign ends it in the register). Protected: a
    # permit a measure names stays in the register as long as the measure does.
    permit = models.ForeignKey("permits.Permit", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="measures", verbose_name=_("vergunning"))
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = EncryptedTextField(_("toelichting uitkomst"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("ondertekend door"))
    signed_at = models.DateTimeField(_("ondertekend op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [
            # A municipality's list, newest decision first (views.LIST, the API's keyset).
            models.Index(fields=["municipality", "-decided_on", "-id"], name="measures_by_municipality"),
            # The region's overview and figures: counts by kind and ground over a period.
            models.Index(fields=["region", "decided_on", "kind", "ground"], name="measures_region_figures"),
        ]
        verbose_name = _("bestuurlijke maatregel")
        verbose_name_plural = _("bestuurlijke maatregelen")

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def reference(self):
        return f"BM-{self.pk:05d}"

    @property
    def is_signed(self):
        return self.signed_at is not None

    @property
    def etag(self):
        return f'"measure-{self.pk}-{self.version}"'

    @property
    def object_label(self):
        parts = [p for p in (self.business_name, f"KvK {self.kvk_number}" if self.kvk_number else "", self.address) if p]
        return ", ".join(parts)
