"""Training and awareness (issue 19 item 1): the region's catalogue of interventions (seed 001,
bijlage 2), the training sessions given in its municipalities with the participants per sector,
and awareness activities and campaigns with their audience and reach.

No personal data: a session records how many people of which sector took part, never who; its
evaluation is a short text about the session, not about people. Trained staff are counted per
sector beside the signals per sector, so the region sees where training pays off."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ketenzicht.regions.models import Sector

MAX_EVALUATION = 1000
MAX_PARTICIPANTS = 10_000  # per sector of one session: a large e-learning cohort, not a typo's millions
MAX_REACH = 10_000_000  # a campaign's reach: at most every inhabitant of the country, roughly


def english():
    return (get_language() or "nl").startswith("en")


class Scale(models.TextChoices):
    """The seed's words for where an intervention is offered (bijlage 2, column "schaal")."""

    LOCAL = "lokaal", _("Lokaal")
    REGIONAL = "regionaal", _("Regionaal")
    NATIONAL = "landelijk", _("Landelijk")


class Intervention(models.Model):
    """One offer of the region's catalogue: what it is, which forms of exploitation it is about
    (none: general), for whom, at what scale and by whom. Set up by the region's administrator;
    made inactive rather than deleted, as sessions name it."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("interventie"), max_length=200)
    name_en = models.CharField(_("interventie in het Engels"), max_length=200)
    forms = models.ManyToManyField("intake.ExploitationForm", blank=True, related_name="+",
                                   verbose_name=_("focus op uitbuiting"))
    target_group = models.CharField(_("doelgroep"), max_length=300)
    target_group_en = models.CharField(_("doelgroep in het Engels"), max_length=300)
    scale = models.CharField(_("schaal"), max_length=10, choices=Scale.choices)
    provider = models.CharField(_("uitvoering door"), max_length=300)
    active = models.BooleanField(_("in het aanbod"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name", "target_group"],
                                               name="prevention_intervention_unique")]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.name_en if english() and self.name_en else self.name

    @property
    def target_label(self):
        return self.target_group_en if english() and self.target_group_en else self.target_group


class TrainingSession(models.Model):
    """A training given in one municipality on one day: which organisations took part, how many
    people of each sector, and how it went."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="sessions", verbose_name=_("interventie"))
    held_on = models.DateField(_("datum"))
    organisations = models.ManyToManyField("regions.Organisation", blank=True, related_name="+",
                                           verbose_name=_("deelnemende organisaties"))
    evaluation = models.CharField(_("evaluatie"), max_length=MAX_EVALUATION, blank=True)
    score = models.PositiveSmallIntegerField(_("waardering (1–10)"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(10)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "-held_on", "-id"], name="prevention_session_list"),
                   models.Index(fields=["municipality", "held_on"], name="prevention_session_period")]
        verbose_name = _("training")
        verbose_name_plural = _("trainingen")

    @property
    def total(self):
        return sum(p.participants for p in self.participants.all())


class Participants(models.Model):
    """How many people of one sector took part in a session (each sector once per session)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="participants")
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    participants = models.PositiveIntegerField(_("deelnemers"), validators=[MinValueValidator(1),
                                                                            MaxValueValidator(MAX_PARTICIPANTS)])

    class Meta:
        ordering = ["sector"]
        constraints = [models.UniqueConstraint(fields=["session", "sector"], name="prevention_participants_sector")]


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Activiteit")
    CAMPAIGN = "campaign", _("Campagne")


PUBLIC = "publiek"  # the audience besides the sectors: the general public


class AwarenessActivity(models.Model):
    """An awareness activity (a meeting, a stand) or a campaign, in one municipality or region-wide,
    with its audience (sectors and/or the public) and its reach (people reached, as counted)."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("gemeente"))
    kind = models.CharField(_("soort"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    starts_on = models.DateField(_("datum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    audience = models.JSONField(_("publiek"), default=list)  # sector codes and/or PUBLIC
    reach = models.PositiveIntegerField(_("bereik"), default=0, validators=[MaxValueValidator(MAX_REACH)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["region", "-starts_on", "-id"], name="prevention_activity_list")]
        verbose_name = _("bewustwordingsactiviteit")
        verbose_name_plural = _("bewustwordingsactiviteiten")

    @property
    def audience_labels(self):
        names = dict(Sector.choices)
        return [str(_("Inwoners (algemeen publiek)")) if code == PUBLIC else str(names.get(code, code)) for code in self.audience]
