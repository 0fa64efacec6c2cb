"""Permits for sex businesses and escort firms against the APV's maximum, and Bibob screening.

A municipality's APV caps the permits the mayor may grant (Zwolle: at most 10 for sex businesses
and escort firms together, art. 3:4 lid 2; Emmen: six, then four from 2009; Eindhoven: 45). The
cap changes by council decision, so every maximum is a row with the date it applies from and the
decision's reference: the history stays, and the maximum on a given day is the latest row from
before it. A permit occupies a place from `valid_from` through `occupies_until` (its last valid
day; earlier when it is withdrawn); "valid at the same time" never exceeds the maximum
(services.check_places).

Bibob requests are the municipality's own: the subject, the reason, the advice of the Landelijk
Bureau Bibob and the decision; only its licensing officers and the mayor's office read them.
"""
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

kvk_validator = RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


class Kind(models.TextChoices):
    SEX_BUSINESS = "sex_business", _("Seksinrichting")
    ESCORT = "escort", _("Escortbedrijf")


class Scope(models.TextChoices):
    """What a maximum caps: one kind, or both together (as Zwolle's APV does)."""

    ALL = "all", _("Seksinrichtingen en escortbedrijven samen")
    SEX_BUSINESS = "sex_business", _("Seksinrichtingen")
    ESCORT = "escort", _("Escortbedrijven")


def scopes_of(kind):
    """The scopes whose maximum a permit of this kind counts against."""
    return [Scope.ALL, Scope(kind)]


class BibobAdvice(models.TextChoices):
    """The Landelijk Bureau Bibob's conclusion (Wet Bibob, art. 3)."""

    NONE = "none", _("Geen mate van gevaar")
    LESSER = "lesser", _("Mindere mate van gevaar")
    SERIOUS = "serious", _("Ernstige mate van gevaar")


class BibobOutcome(models.TextChoices):
    """What the permit's screening came to, as the permit shows it."""

    NOT_DONE = "", _("Geen Bibob-toets")
    PENDING = "pending", _("Bibob-toets loopt")
    NO_DANGER = "no_danger", _("Geen gevaar gebleken")
    CONDITIONS = "conditions", _("Mindere mate van gevaar: voorschriften")
    SERIOUS = "serious", _("Ernstige mate van gevaar")


class PermitStatus(models.TextChoices):
    GRANTED = "granted", _("Verleend")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    REFUSED = "refused", _("Geweigerd")


# Statuses whose permit occupies a place while valid (a withdrawn one up to its withdrawal).
OCCUPYING = (PermitStatus.GRANTED, PermitStatus.WITHDRAWN)


class PermitMaximum(models.Model):
    """The APV's maximum for one scope in one municipality, from a date, by a council decision."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("gemeente"))
    scope = models.CharField(_("geldt voor"), max_length=20, choices=Scope.choices, default=Scope.ALL)
    maximum = models.PositiveSmallIntegerField(_("maximum aantal vergunningen"))
    valid_from = models.DateField(_("geldt vanaf"))
    decided_on = models.DateField(_("datum raadsbesluit"))
    reference = models.CharField(_("kenmerk besluit of APV-artikel"), max_length=200)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["municipality", "scope", "-valid_from", "-id"]
        constraints = [models.UniqueConstraint(fields=["municipality", "scope", "valid_from"],
                                               name="permits_maximum_one_per_day")]
        indexes = [models.Index(fields=["region", "municipality", "scope", "valid_from"],
                                name="permits_maximum_region")]
        verbose_name = _("maximum vergunningen")
        verbose_name_plural = _("maxima vergunningen")

    def __str__(self):
        return f"{self.municipality} {self.get_scope_display()}: {self.maximum} ({self.valid_from})"


class Permit(models.Model):
    """A permit to run a sex business or escort firm, granted by the mayor under the APV."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    business_name = models.CharField(_("naam bedrijf"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    address = models.CharField(_("adres"), max_length=300)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    # The last day the permit holds a place: valid_until, or the day before a withdrawal took effect.
    occupies_until = models.DateField()
    conditions = models.TextField(_("voorschriften"), blank=True)
    bibob_outcome = models.CharField(_("uitkomst Bibob-toets"), max_length=20, choices=BibobOutcome.choices,
                                     blank=True, default=BibobOutcome.NOT_DONE)
    status = models.CharField(_("status"), max_length=20, choices=PermitStatus.choices, default=PermitStatus.GRANTED)
    ended_on = models.DateField(_("beëindigd per"), null=True, blank=True)
    end_reference = models.CharField(_("kenmerk besluit"), max_length=200, blank=True)
    expiry_notified_on = models.DateField(null=True, blank=True)  # "verloopt binnen 90 dagen" sent once
    registered_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency, as for signals and places

    class Meta:
        ordering = ["-valid_from", "-id"]
        indexes = [
            # The officer's list, newest first, per municipality (lists.PERMITS).
            models.Index(fields=["municipality", "-valid_from", "-id"], name="permits_permit_list"),
            # Places taken on a day, and the region's overview (figures, services.check_places).
            models.Index(fields=["municipality", "status", "occupies_until", "valid_from"],
                         name="permits_permit_places"),
            models.Index(fields=["region", "status", "occupies_until"], name="permits_permit_region"),
        ]
        verbose_name = _("vergunning")
        verbose_name_plural = _("vergunningen")

    def __str__(self):
        return f"{self.business_name} ({self.get_kind_display()}, {self.municipality})"

    @property
    def reference(self):
        return f"V-{self.pk}"

    @property
    def etag(self):
        return f'"permit-{self.pk}-{self.version}"'

    def valid_on(self, day):
        return self.status in OCCUPYING and self.valid_from <= day <= self.occupies_until


class BibobRequest(models.Model):
    """A Bibob screening of a business: why, the national office's advice, and the decision."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    subject_name = models.CharField(_("naam bedrijf"), max_length=200)
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8, validators=[kvk_validator])
    reason = models.TextField(_("aanleiding"))
    advice_requested_on = models.DateField(_("advies gevraagd op"), null=True, blank=True)
    advice_received_on = models.DateField(_("advies ontvangen op"), null=True, blank=True)
    advice = models.CharField(_("advies Landelijk Bureau Bibob"), max_length=20, choices=BibobAdvice.choices,
                              blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    decision = models.TextField(_("besluit"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    permit = models.ForeignKey(Permit, on_delete=models.SET_NULL, null=True, blank=True, related_name="bibob_requests",
                               verbose_name=_("vergunning"))
    signal = models.ForeignKey("intake.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("signaal"))
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("casus"))
    requested_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-requested_at", "-id"], name="permits_bibob_list"),
            models.Index(fields=["region", "requested_at"], name="permits_bibob_region"),
        ]
        verbose_name = _("Bibob-verzoek")
        verbose_name_plural = _("Bibob-verzoeken")

    def __str__(self):
        return f"{self.reference} {self.subject_name}"

    @property
    def reference(self):
        return f"B-{self.pk}"

    @property
    def etag(self):
        return f'"bibob-{self.pk}-{self.version}"'

    @property
    def is_decided(self):
        return self.decided_on is not None
