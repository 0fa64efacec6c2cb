"""The staff survey: a region's rounds and their anonymous responses.

A response keeps no account, no address, no time of day: only its round, the day it came in, and
its answers as option codes. One row per chosen option (`Answer`, which also names its round), so
the results are one GROUP BY on any database, and no answer can hold free text."""
import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import questionnaire

MAX_INVITED = 1_000_000


def new_token():
    """The public link's key: 32 random bytes, unguessable, so a round cannot be found by trying."""
    return secrets.token_urlsafe(32)


class State(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


class Round(models.Model):
    """One round of the questionnaire in one region: staff answer it through its public link while
    it is open."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=100)
    title_en = models.CharField(_("titel in het Engels"), max_length=100, blank=True)
    version = models.CharField(max_length=10, default=questionnaire.CURRENT)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    invited = models.PositiveIntegerField(_("aantal uitgenodigde medewerkers"), default=0)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens_on", "id"]
        indexes = [models.Index(fields=["region", "opens_on"], name="survey_round_region")]
        verbose_name = _("peilingsronde")
        verbose_name_plural = _("peilingsrondes")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.title_en if (get_language() or "nl").startswith("en") and self.title_en else self.title

    @property
    def public_path(self):
        """The questionnaire's link, handed to staff (by mail or intranet) by the region."""
        return reverse("survey:answer", args=[self.token])

    @property
    def questions(self):
        return questionnaire.questions(self.version)


class Response(models.Model):
    """One filled-in questionnaire: anonymous by construction (no user, address or time)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("antwoord op de peiling")
        verbose_name_plural = _("antwoorden op de peiling")


class Answer(models.Model):
    """One chosen option of one question in one response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(max_length=30)
    option = models.CharField(max_length=30)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question", "option"], name="survey_answer_once")]
        indexes = [models.Index(fields=["round", "question", "option"], name="survey_answer_count")]
