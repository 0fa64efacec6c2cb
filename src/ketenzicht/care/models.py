"""Care coordination: a trajectory per (possible) victim, with needs, referrals, consent, the
reflection period, shelter places and placements, and hand-overs. Care content never reaches the
table: the case sees only that a care track exists, its phase and whether it is blocked."""
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField
from ketenzicht.lib.dates import add_months


class Phase(models.TextChoices):
    AANMELDING = "aanmelding", _("Aanmelding")
    INTAKE = "intake", _("Intake")
    ANALYSE = "analyse", _("Analyse")
    BEGELEIDING = "begeleiding", _("Begeleiding en uitvoering")
    AFSLUITING = "afsluiting", _("Afsluiting")


PHASE_ORDER = list(Phase.values)


class Status(models.TextChoices):
    ACTIVE = "active", _("Actief")
    DORMANT = "dormant", _("Slapend (hulp geweigerd of niet bereikbaar)")
    CLOSED = "closed", _("Afgesloten")


OPEN = (Status.ACTIVE, Status.DORMANT)  # the caseload: every status but closed


class PlaceKind(models.TextChoices):
    WOMEN = "women", _("Volwassen vrouwen")
    MEN = "men", _("Volwassen mannen")
    MINORS = "minors", _("Minderjarigen")
    GROUP = "group", _("Groepen")
    COSM = "cosm", _("Categorale opvang slachtoffers mensenhandel (COSM)")


class Trajectory(models.Model):
    """The care for one (possible) victim. Name and birth date are encrypted; no one outside
    care sees them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="trajectories")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    name = EncryptedTextField(_("naam"), max_length=200)
    birth_date = EncryptedTextField(_("geboortedatum"), max_length=10, blank=True)
    is_minor = models.BooleanField(_("minderjarig"), default=False)
    age_group = models.CharField(_("leeftijdsgroep"), max_length=10, default="unknown")
    gender = models.CharField(_("geslacht"), max_length=10, default="unknown")
    third_country = models.BooleanField(_("derdelander"), default=False,
                                        help_text=_("Voor de bedenktijd (B8/3) en de verblijfsprocedure."))
    exploitation_forms = models.ManyToManyField("intake.ExploitationForm", blank=True, related_name="+")
    signal = models.ForeignKey("intake.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    track = models.ForeignKey("cases.Track", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="trajectories", help_text=_("Het zorgspoor van de casus, als dat er is."))
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.AANMELDING)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    blocked = models.BooleanField(_("zorg geblokkeerd"), default=False)
    review_on = models.DateField(_("evaluatiedatum"))
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    reflection_start = models.DateField(_("begin bedenktijd"), null=True, blank=True)
    residence_status = models.CharField(_("verblijfsprocedure"), max_length=200, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Who the trajectory is for, once a user confirmed it is the same person as a signal's person or
    # another trajectory (the linkage app, through `services.join_identities`); empty: as
    # `services.person_of_trajectory` finds it.
    identity = models.UUIDField(null=True, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["review_on"]
        # The register's order within a region (care.views.REGISTER), and the care meeting's within a
        # municipality (care.views.CARE_MEETING).
        indexes = [models.Index(fields=["region", "status", "review_on", "id"], name="care_trajectory_register"),
                   models.Index(fields=["municipality", "status", "review_on", "opened_at", "id"],
                                name="care_trajectory_meeting")]
        verbose_name = _("zorgtraject")
        verbose_name_plural = _("zorgtrajecten")

    @property
    def reference(self):
        return self.id.hex[:8].upper()

    @property
    def reflection_end(self):
        """Three months of reflection (bedenktijd, B8/3)."""
        return add_months(self.reflection_start, 3) if self.reflection_start else None

    @property
    def is_overdue(self):
        return self.status == Status.ACTIVE and self.review_on < timezone.localdate()


class Need(models.Model):
    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Veilige opvang")
        MEDICAL = "medical", _("Medisch")
        PSYCHOLOGICAL = "psychological", _("Psychologisch")
        LEGAL = "legal", _("Juridische hulp")
        INCOME = "income", _("Inkomen")
        HOUSING = "housing", _("Huisvesting")
        EDUCATION = "education", _("Onderwijs")
        RETURN = "return", _("Terugkeer naar land van herkomst")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("behoefte"), max_length=20, choices=Kind.choices)
    met = models.BooleanField(_("vervuld"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["trajectory", "kind"], name="care_need_unique")]


class Consent(models.Model):
    """Consent per purpose, with its form and date, and its withdrawal."""

    class Purpose(models.TextChoices):
        COMENSHA = "comensha", _("Registratie bij CoMensha")
        SHARE = "share", _("Delen met een partner")
        POLICE = "police", _("Contact door de politie")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=10, choices=Purpose.choices)
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("partner"))
    form = models.CharField(_("vorm"), max_length=20, choices=[("written", _("Schriftelijk")),
                                                                ("verbal", _("Mondeling"))])
    given_on = models.DateField(_("gegeven op"))
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["given_on"]


class ShelterPlace(models.Model):
    """Places a provider offers; the provider keeps them up to date (stale after a week)."""

    organisation = models.ForeignKey("regions.Organisation", on_delete=models.CASCADE, related_name="shelter_places",
                                     verbose_name=_("aanbieder"))
    kind = models.CharField(_("soort plek"), max_length=10, choices=PlaceKind.choices)
    places = models.PositiveSmallIntegerField(_("aantal plekken"))
    free_from = models.DateField(_("vrij vanaf"), default=timezone.localdate)
    conditions = models.CharField(_("voorwaarden"), max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # optimistic concurrency, as for signals and cases

    class Meta:
        ordering = ["organisation__name", "kind"]
        verbose_name = _("opvangplek")
        verbose_name_plural = _("opvangplekken")

    def __str__(self):
        return f"{self.organisation.name} — {self.get_kind_display()}"

    @property
    def is_stale(self):
        return self.updated_at < timezone.now() - timedelta(days=7)

    @property
    def etag(self):
        return f'"place-{self.pk}-{self.version}"'


class Placement(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="placements")
    place = models.ForeignKey(ShelterPlace, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField(_("vanaf"))
    end = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        ordering = ["start"]


class HandOver(models.Model):
    """A dossier handed to a receiving organisation, on the recorded consent."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="hand_overs")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="hand_overs",
                                     verbose_name=_("ontvangende organisatie"))
    contents = EncryptedTextField(_("wat wordt overgedragen"), max_length=4000)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)


class Note(models.Model):
    """Agreed actions and progress in the trajectory."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(max_length=4000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]


class Referral(models.Model):
    """A referral to a provider for a need, and the provider's answer."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Nog geen antwoord")
        ACCEPTED = "accepted", _("Aangenomen")
        DECLINED = "declined", _("Afgewezen")

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("aanbieder"))
    need = models.CharField(_("behoefte"), max_length=20, choices=Need.Kind.choices)
    sent_on = models.DateField(_("verwezen op"), default=timezone.localdate)
    answer = models.CharField(_("antwoord"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(_("beantwoord op"), null=True, blank=True)

    class Meta:
        ordering = ["sent_on", "id"]
        indexes = [models.Index(fields=["organisation", "-sent_on", "-id"], name="care_referral_list")]


class SharedSummary(models.Model):
    """A care summary the coordinator shares with the table of a case, with the recorded reason."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="summaries")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="care_summaries")
    text = EncryptedTextField(_("samenvatting"), max_length=2000)
    reason = EncryptedTextField(_("reden om te delen"), max_length=1000)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]
