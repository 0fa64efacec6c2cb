"""The region's shared costs (care coordinator, table, training...) per year and the key that splits
each over the region's municipalities. No personal data: amounts and inhabitants of municipalities.

The key is stored with its weights (inhabitants on the reference date, or the region's own
weights) as a snapshot: a council letter must say tomorrow what it said today, whatever later
population figures arrive."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_AMOUNT = 10**9  # euros: well above any region's budget, below the column's limit


class Function(models.TextChoices):
    CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator")
    TABLE = "table", _("Casustafel")
    TRAINING = "training", _("Scholing en bewustwording")
    OTHER = "other", _("Overig")


class KeyKind(models.TextChoices):
    INHABITANTS = "inhabitants", _("Naar inwonertal")
    FIXED_PLUS_INHABITANTS = "fixed_plus_inhabitants", _("Vast deel per gemeente plus naar inwonertal")
    OWN_WEIGHTS = "own_weights", _("Eigen gewichten")


class RemainderRule(models.TextChoices):
    LEAVE = "leave", _("Laten staan: het verschil wordt vermeld")
    LARGEST_REMAINDER = "largest_remainder", _("Grootste overschot: de centen gaan naar de grootste restanten")


class SharedCost(models.Model):
    """One shared cost of a region for one year, with the key that splits it."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    function = models.CharField(_("functie"), max_length=20, choices=Function.choices)
    label = models.CharField(_("omschrijving"), max_length=200)
    label_en = models.CharField(_("omschrijving in het Engels"), max_length=200)
    amount = models.DecimalField(_("bedrag"), max_digits=12, decimal_places=2)
    key_kind = models.CharField(_("verdeelsleutel"), max_length=30, choices=KeyKind.choices,
                                default=KeyKind.INHABITANTS)
    fixed_part = models.DecimalField(_("vast deel per gemeente"), max_digits=12, decimal_places=2, default=0)
    reference_date = models.DateField(_("peildatum inwoners"), null=True, blank=True)
    remainder_rule = models.CharField(_("afrondingsverschil"), max_length=20, choices=RemainderRule.choices,
                                      default=RemainderRule.LEAVE)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-year", "function", "id"]
        indexes = [models.Index(fields=["region", "year", "id"], name="costs_cost_region_year")]
        verbose_name = _("gedeelde kosten")
        verbose_name_plural = _("gedeelde kosten")

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.label_en if (get_language() or "nl").startswith("en") and self.label_en else self.label


class Weight(models.Model):
    """One municipality's weight in a cost's key: its inhabitants on the reference date, or the
    region's own weight for it."""

    cost = models.ForeignKey(SharedCost, on_delete=models.CASCADE, related_name="weights")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveIntegerField(_("gewicht"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cost", "municipality"], name="costs_weight_unique")]
