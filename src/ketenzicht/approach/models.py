"""The municipality's own part of the approach: the basisniveau bestuurlijke aanpak mensenhandel
(per municipality and criterion: status, evidence, next step, and its history) and the barrier
model (per barrier: the instruments and partners that can raise it, and per municipality whether
it has them in place). None of it is personal data: it describes municipalities, not people."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedFileStorage

MAX_TEXT = 1000
MAX_STEP = 500


def english():
    return (get_language() or "nl").startswith("en")


class Criterion(models.Model):
    """One point of a region's basisniveau. The region chooses its set (seed 000's three, seed
    002's five, or its own); texts are region data, so the English sits beside the Dutch here and
    not in the catalogue. Retired rather than deleted: statuses and their history name it."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("korte naam"), max_length=120)
    name_en = models.CharField(_("korte naam in het Engels"), max_length=120)
    text = models.CharField(_("criterium"), max_length=MAX_TEXT)
    text_en = models.CharField(_("criterium in het Engels"), max_length=MAX_TEXT)
    source = models.CharField(_("bron"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="approach_criterion_code")]
        verbose_name = _("criterium basisniveau")
        verbose_name_plural = _("criteria basisniveau")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_en if english() and self.name_en else self.name

    @property
    def full_text(self):
        return self.text_en if english() and self.text_en else self.text


class Level(models.TextChoices):
    MET = "met", _("Voldaan")
    PARTLY = "partly", _("Deels voldaan")
    NOT_MET = "not_met", _("Niet voldaan")


def evidence_path(instance, filename):
    return f"approach/{instance.municipality_id}/{instance.criterion_id}/{timezone.now():%Y%m%d%H%M%S}"


class Assessment(models.Model):
    """Where one municipality stands on one criterion now: kept by that municipality's liaison.
    `since` is the day the current level began (it moves only when the level changes); every saved
    change is also written to `Change`, the history the overview and the figures read."""

    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="assessments")
    level = models.CharField(_("status"), max_length=10, choices=Level.choices)
    since = models.DateField(_("sinds"))
    evidence_link = models.URLField(_("link naar het bewijs"), max_length=500, blank=True)
    evidence_file = models.FileField(upload_to=evidence_path, storage=EncryptedFileStorage(), blank=True)
    evidence_name = models.CharField(_("naam van het document"), max_length=200, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True)
    decision_date = models.DateField(_("datum besluit"), null=True, blank=True)
    next_step = models.CharField(_("volgende stap"), max_length=MAX_STEP, blank=True)
    next_step_owner = models.CharField(_("eigenaar volgende stap"), max_length=200, blank=True)
    next_step_due = models.DateField(_("volgende stap uiterlijk"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "criterion"],
                                               name="approach_assessment_unique")]
        # The region's overview reads every assessment of the region's criteria (criterion first).
        indexes = [models.Index(fields=["criterion", "municipality"], name="approach_assessment_overview")]

    @property
    def has_evidence(self):
        return bool(self.evidence_file or self.evidence_link or self.decision_date)

    @property
    def is_due(self):
        return bool(self.next_step and self.next_step_due and self.next_step_due <= timezone.localdate())


class Change(models.Model):
    """One saved change of an assessment, as it was after the change. The level held from `since`
    until `until` (the next change's `since`; open while it is the current one), so the figures
    answer "how many criteria were met on day D" with one grouped count."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="history")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("status"), max_length=10, choices=Level.choices)
    since = models.DateField(_("sinds"))
    until = models.DateField(null=True, blank=True)
    opens_level = models.BooleanField(default=True)  # False: the level stayed (new evidence or next step only)
    evidence_link = models.URLField(max_length=500, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    next_step = models.CharField(max_length=MAX_STEP, blank=True)
    next_step_owner = models.CharField(max_length=200, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["criterion", "since", "until"], name="approach_change_period")]


class Instrument(models.Model):
    """An instrument of the barrier model (a permit system, Bibob, closing premises, address checks,
    an integral inspection...), the barriers it can raise and the partners who raise it with the
    municipality. Set up by the region; retired rather than deleted."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam in het Engels"), max_length=200)
    description = models.CharField(_("toelichting"), max_length=MAX_TEXT, blank=True)
    barriers = models.ManyToManyField("intake.Barrier", related_name="+", verbose_name=_("barrières"))
    partners = models.ManyToManyField("regions.Organisation", blank=True, related_name="+",
                                      verbose_name=_("partners"))
    other_partners = models.CharField(_("andere partners"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="approach_instrument_name")]
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_en if english() and self.name_en else self.name


class Presence(models.TextChoices):
    IN_PLACE = "in_place", _("Aanwezig")
    PLANNED = "planned", _("In voorbereiding")
    ABSENT = "absent", _("Niet aanwezig")


class InstrumentState(models.Model):
    """Whether one municipality has one instrument in place: kept by its liaison."""

    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="states")
    presence = models.CharField(_("aanwezig"), max_length=10, choices=Presence.choices)
    note = models.CharField(_("toelichting"), max_length=MAX_STEP, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "instrument"],
                                               name="approach_instrument_state_unique")]
        indexes = [models.Index(fields=["instrument", "municipality"], name="approach_instrument_overview")]
