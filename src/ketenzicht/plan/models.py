"""The region's plan of approach: its period, its ambitions or lines of work, the actions under each
(who, by when, how far) and the KPIs the administrative meeting steers on. A KPI reads a figure
Ketenzicht computes (`metrics.METRICS`) or values entered by hand (`KpiValue`). No personal data:
owners are named as the plan names them (a role or an organisation, as text)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MAX_TITLE = 300
MAX_NOTE = 1000


def english():
    return (get_language() or "nl").startswith("en")


class Plan(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=MAX_TITLE)
    title_en = models.CharField(_("titel in het Engels"), max_length=MAX_TITLE, blank=True)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("eindigt op"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title_en if english() and self.title_en else self.title


class LineKind(models.TextChoices):
    AMBITION = "ambition", _("Ambitie")
    LINE = "line", _("Spoor")


class Line(models.Model):
    """An ambition or line of work of the plan; its texts are region data, the English beside them."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("soort"), max_length=10, choices=LineKind.choices, default=LineKind.LINE)
    title = models.CharField(_("titel"), max_length=MAX_TITLE)
    title_en = models.CharField(_("titel in het Engels"), max_length=MAX_TITLE, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title_en if english() and self.title_en else self.title


class Status(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Loopt")
    DONE = "done", _("Afgerond")
    DROPPED = "dropped", _("Vervallen")


CLOSED = (Status.DONE, Status.DROPPED)


class Action(models.Model):
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("actie"), max_length=MAX_TITLE)
    title_en = models.CharField(_("actie in het Engels"), max_length=MAX_TITLE, blank=True)
    owner = models.CharField(_("eigenaar"), max_length=200)
    owner_en = models.CharField(_("eigenaar in het Engels"), max_length=200, blank=True)
    deadline = models.DateField(_("uiterlijk"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.CharField(_("voortgang"), max_length=MAX_NOTE, blank=True)
    progress_note_en = models.CharField(_("voortgang in het Engels"), max_length=MAX_NOTE, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["deadline", "id"]

    @property
    def label(self):
        return self.title_en if english() and self.title_en else self.title

    @property
    def owner_label(self):
        return self.owner_en if english() and self.owner_en else self.owner

    @property
    def note_label(self):
        return self.progress_note_en if english() and self.progress_note_en else self.progress_note

    def is_late(self, today=None):
        """Past its deadline and neither done nor dropped."""
        return self.status not in CLOSED and self.deadline < (today or timezone.localdate())


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("ten minste")
    AT_MOST = "at_most", _("ten hoogste")


MANUAL = "manual"


class Kpi(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    line = models.ForeignKey(Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis")
    name = models.CharField(_("naam"), max_length=MAX_TITLE)
    name_en = models.CharField(_("naam in het Engels"), max_length=MAX_TITLE, blank=True)
    metric = models.CharField(_("cijfer"), max_length=40)  # a key of metrics.METRICS, or MANUAL
    target = models.DecimalField(_("doel"), max_digits=12, decimal_places=1)
    direction = models.CharField(_("richting"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    unit = models.CharField(_("eenheid"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_en if english() and self.name_en else self.name


class KpiValue(models.Model):
    """A value of a hand-entered KPI, as of a day."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("datum"))
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=1)

    class Meta:
        ordering = ["-on", "-id"]
