"""Signals of possible trafficking, what they hold (DOMAIN.md section 4) and their history."""
import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedFileStorage, EncryptedTextField
from ketenzicht.regions.models import Sector
from ketenzicht.route import engine
from ketenzicht.route.models import OnRoute, Step

MAX_DESCRIPTION = 20_000
MAX_EXTERNAL_REFERENCE = 100


class ReferenceItem(models.Model):
    """Shared shape of the reference lists: a stable code for API and exports, a Dutch name, an order.

    The name is shown through gettext (the shipped names are in the catalogue, see reference.py), so
    a form of exploitation or an indicator reads in the user's language on every page."""

    code = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return gettext(self.name)


class ExploitationForm(ReferenceItem):
    """Forms of exploitation, with CoMensha's sector code for registration and figures."""

    comensha_code = models.CharField(max_length=4)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("uitbuitingsvorm")
        verbose_name_plural = _("uitbuitingsvormen")


class Indicator(ReferenceItem):
    """An observable sign on the signalenkaart, based on HTCDS methods of control where one fits.

    The shipped list (`region` empty) is every region's start; a region adds its own (`region`
    set, named in Dutch and English by its administrator) and renames or retires any of them for
    itself in `RegionIndicator` (intake/signalenkaart.py). Never deleted: old signals carry them."""

    htcds_field = models.CharField(max_length=60, blank=True)
    forms = models.ManyToManyField(ExploitationForm, blank=True, related_name="indicators",
                                   help_text=_("Leeg: geldt voor elke vorm van uitbuiting."))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               help_text=_("Leeg: uit de meegeleverde signalenkaart, voor elke regio."))
    name_en = models.CharField(_("naam in het Engels"), max_length=200, blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("signaal (indicator)")
        verbose_name_plural = _("signalenkaart")

    @property
    def label(self):
        """A region's own indicator has its English name from its administrator, not the catalogue."""
        if self.region_id and self.name_en and (get_language() or "nl").startswith("en"):
            return self.name_en
        return gettext(self.name)


class RegionIndicator(models.Model):
    """How one region words or retires an indicator for itself: empty names keep the indicator's own.
    A retired indicator is no longer offered on new signals; old signals and the figures keep it."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="region_settings")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    name_en = models.CharField(_("naam in het Engels"), max_length=200, blank=True)
    retired_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "indicator"], name="intake_region_indicator_unique")]


class Barrier(ReferenceItem):
    """A barrier of the barrièremodel where the trafficker met a (legal) facilitator."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("barrière")
        verbose_name_plural = _("barrières")


class Kind(models.TextChoices):
    ADVICE = "advice", _("Adviesvraag")
    SIGNAL = "signal", _("Melding")
    CASE = "case", _("Bestaande casus")


class Channel(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Publiek formulier")
    PROFESSIONAL_FORM = "professional_form", _("Formulier voor professionals")
    API = "api", _("Partnersysteem (API)")
    PHONE = "phone", _("Telefoon")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normaal")
    URGENT = "urgent", _("Met spoed")


def hash_receipt(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


class Signal(OnRoute, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="signals")
    route = models.ForeignKey("route.RouteDefinition", on_delete=models.PROTECT, related_name="signals")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.SIGNAL)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    lead_municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+",
                                          verbose_name=_("hoofdgemeente"))
    municipalities = models.ManyToManyField("regions.Municipality", through="SignalMunicipality",
                                            related_name="signals")
    exploitation_forms = models.ManyToManyField(ExploitationForm, blank=True, related_name="signals")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="signals")
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="signals")
    description = EncryptedTextField(_("omschrijving"), max_length=MAX_DESCRIPTION)
    location = EncryptedTextField(_("locatie"), max_length=500, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    is_acute = models.BooleanField(_("acuut"), default=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="reported_signals")
    reporter_organisation = models.ForeignKey("regions.Organisation", on_delete=models.SET_NULL, null=True,
                                              blank=True, related_name="reported_signals")
    source_sector = models.CharField(_("sector melder"), max_length=30, choices=Sector.choices)
    anonymous = models.BooleanField(_("anoniem"), default=True)
    contact = EncryptedTextField(_("contactgegevens melder"), max_length=500, blank=True)
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    stage = models.CharField(_("fase"), max_length=50)
    is_open = models.BooleanField(default=True)
    deadline_at = models.DateTimeField(_("termijn"), null=True, blank=True)
    received_at = models.DateTimeField(_("ontvangen"), default=timezone.now)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # When the liaisons were told that this open, untouched signal will be anonymised (intake.expiry).
    retention_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="signals")
    related = models.ManyToManyField("self", blank=True, verbose_name=_("gekoppelde signalen"),
                                     help_text=_("Signalen over dezelfde situatie."))
    monitor_until = models.DateField(_("monitoren tot"), null=True, blank=True)
    referral = models.CharField(_("doorverwezen naar"), max_length=200, blank=True)
    # The reporting organisation's own number for the signal (a police referral list's), so that
    # importing the same list twice creates nothing twice: unique per organisation (imports app).
    external_reference = models.CharField(_("externe referentie"), max_length=MAX_EXTERNAL_REFERENCE, null=True,
                                          blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["reporter", "-received_at"]),
            models.Index(fields=["region", "-received_at"]),
            # What waits past its deadline (figures): a count over the open signals only.
            models.Index(fields=["region", "deadline_at"], condition=models.Q(is_open=True),
                         name="intake_signal_open_deadline"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reporter_organisation", "external_reference"],
                                    condition=models.Q(external_reference__isnull=False),
                                    name="intake_signal_external_reference_once"),
        ]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def flow_stage(self):
        return self.route.route.signal.stages[self.stage]

    @property
    def public_status(self):
        return self.flow_stage.public_status

    @property
    def is_urgent(self):
        return self.urgency == Urgency.URGENT

    @property
    def is_new(self):
        """Nobody who handles the signal has opened it yet."""
        return self.first_seen_at is None


class SignalMunicipality(models.Model):
    """Every municipality a signal plays in, the lead one included; the policy scopes on this."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="municipality_links")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField(default=False)
    # Copies of the signal's inbox sort keys, kept in step by `sync_inbox_keys`, and `inbox_rank`:
    # the whole inbox order (acute, urgent, new, nearest deadline, newest) as one text key, so a
    # municipality's inbox is one range of one index, read after a page's last row (lib/keyset.py)
    # whatever the municipality holds; `inbox_rank_sql` computes the same on PostgreSQL.
    is_open = models.BooleanField(default=True)
    is_acute = models.BooleanField(default=False)
    is_urgent = models.BooleanField(default=False)
    deadline_at = models.DateTimeField(null=True)
    first_seen_at = models.DateTimeField(null=True)
    received_at = models.DateTimeField(default=timezone.now)
    inbox_rank = models.CharField(max_length=35, default="", db_default="")

    INBOX_KEYS = ("is_open", "is_acute", "is_urgent", "deadline_at", "first_seen_at", "received_at")

    class Meta:
        unique_together = [("signal", "municipality")]
        indexes = [models.Index(fields=["municipality", "is_open", "inbox_rank", "signal"], name="intake_sm_rank"),
            # Signals playing in more than one municipality, by date (the cross-border figure).
            models.Index(fields=["municipality", "received_at", "signal"], condition=models.Q(is_lead=False),
                         name="intake_sm_others")]

    @classmethod
    def inbox_keys(cls, signal) -> dict:
        keys = {"is_open": signal.is_open, "is_acute": signal.is_acute, "is_urgent": signal.is_urgent,
                "deadline_at": signal.deadline_at, "first_seen_at": signal.first_seen_at,
                "received_at": signal.received_at}
        return {**keys, "inbox_rank": inbox_rank(**{k: keys[k] for k in RANK_KEYS})}

    @classmethod
    def sync_inbox_keys(cls, signal_id):
        """Copy the sort keys from the signal; every service that changes one of them calls this."""
        signal = Signal.objects.only(*set(cls.INBOX_KEYS) - {"is_urgent"}, "urgency").get(pk=signal_id)
        cls.objects.filter(signal_id=signal_id).update(**cls.inbox_keys(signal))


# The inbox rank: three flags (0 first: acute, urgent, not yet seen), the deadline and the inverted
# time of receipt, each in microseconds since 1970 as 16 digits (enough until the year 2286).
RANK_KEYS = ("is_acute", "is_urgent", "first_seen_at", "deadline_at", "received_at")
RANK_LAST = 10 ** 16 - 1
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def _micros(moment):
    return (moment - _EPOCH) // _MICROSECOND


def inbox_rank(is_acute, is_urgent, first_seen_at, deadline_at, received_at) -> str:
    deadline = RANK_LAST if deadline_at is None else _micros(deadline_at)
    return (f"{0 if is_acute else 1}{0 if is_urgent else 1}{0 if first_seen_at is None else 1}"
            f"{deadline:016d}{RANK_LAST - _micros(received_at):016d}")


def inbox_rank_parts(rank):
    """The keys a rank was made of, for the same order over the signals table (their own reports)."""
    deadline, received = int(rank[3:19]), int(rank[19:35])
    return {"is_acute": rank[0] == "0", "is_urgent": rank[1] == "0", "is_new": rank[2] == "0",
            "deadline_at": None if deadline == RANK_LAST else _EPOCH + deadline * _MICROSECOND,
            "received_at": _EPOCH + (RANK_LAST - received) * _MICROSECOND}


def inbox_rank_sql(alias=""):
    """`inbox_rank` as a PostgreSQL expression over the copied keys (bulk loads and the migration)."""
    a = f"{alias}." if alias else ""
    micros = "(extract(epoch from {})*1000000)::bigint"
    return (f"(case when {a}is_acute then '0' else '1' end) || (case when {a}is_urgent then '0' else '1' end) || "
            f"(case when {a}first_seen_at is null then '0' else '1' end) || "
            f"lpad(coalesce({micros.format(a + 'deadline_at')}, {RANK_LAST})::text, 16, '0') || "
            f"lpad(({RANK_LAST} - {micros.format(a + 'received_at')})::text, 16, '0')")


class SignalTag(models.Model):
    """A form of exploitation, indicator or barrier of a signal, filed by region and date of receipt.

    A copy of the signal's many-to-many choices, kept in step by `sync` (called by every service
    that sets them), for the figures: the through tables are keyed by signal id, which is random,
    so counting the forms of a region's year touched 20,000 index pages (30 ms per figure); here
    that year is one range of one index, read without visiting the table.
    """

    DIMENSIONS = {"form": "exploitation_forms", "indicator": "indicators", "barrier": "barriers"}

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    received_at = models.DateTimeField()
    dimension = models.CharField(max_length=10, choices=[(d, d) for d in DIMENSIONS])
    item = models.PositiveIntegerField()  # the primary key of the form, indicator or barrier

    class Meta:
        indexes = [models.Index(fields=["region", "dimension", "received_at", "item", "signal"],
                                name="intake_signaltag_figures")]

    @classmethod
    def sync(cls, signal, dimensions=DIMENSIONS):
        """Rewrite the signal's tags of the given dimensions from its many-to-many fields."""
        cls.objects.filter(signal=signal, dimension__in=list(dimensions)).delete()
        cls.objects.bulk_create([
            cls(signal=signal, region_id=signal.region_id, received_at=signal.received_at, dimension=dimension,
                item=item)
            for dimension in dimensions
            for item in getattr(signal, cls.DIMENSIONS[dimension]).values_list("pk", flat=True)])


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Mogelijk slachtoffer")
    PERPETRATOR = "perpetrator", _("Mogelijke dader")
    BOTH = "both", _("Beide (slachtoffer en dader)")


class NationalityGroup(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    EU = "eu", _("EU/EER")
    THIRD_COUNTRY = "third_country", _("Buiten de EU (derde land)")
    UNKNOWN = "unknown", _("Onbekend")


class Gender(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class AgeGroup(models.TextChoices):
    """Age bands for the figures; kept when the exact age is erased by retention."""
    CHILD = "0-11", _("0–11 jaar")
    TEEN = "12-17", _("12–17 jaar")
    YOUNG_ADULT = "18-22", _("18–22 jaar")
    ADULT_23 = "23-29", _("23–29 jaar")
    ADULT_30 = "30-49", _("30–49 jaar")
    ADULT_50 = "50+", _("50 jaar en ouder")
    MINOR = "minor", _("Minderjarig, leeftijd onbekend")
    UNKNOWN = "unknown", _("Onbekend")

    @classmethod
    def of(cls, age, is_minor=None):
        if age is None:
            return cls.MINOR if is_minor else cls.UNKNOWN
        for group, upper in ((cls.CHILD, 11), (cls.TEEN, 17), (cls.YOUNG_ADULT, 22), (cls.ADULT_23, 29),
                             (cls.ADULT_30, 49)):
            if age <= upper:
                return group
        return cls.ADULT_50


class Person(models.Model):
    """A person a signal is about. No names at intake: what matters for the route and the figures."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("rol"), max_length=15, choices=PersonRole.choices)
    age = models.PositiveSmallIntegerField(_("leeftijd"), null=True, blank=True)
    is_minor = models.BooleanField(_("minderjarig"), null=True, blank=True)
    lvb = models.BooleanField(_("LVB"), default=False)
    nationality_group = models.CharField(_("nationaliteit"), max_length=15, choices=NationalityGroup.choices,
                                         default=NationalityGroup.UNKNOWN)
    gender = models.CharField(_("geslacht"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    age_group = models.CharField(_("leeftijdsgroep"), max_length=10, choices=AgeGroup.choices,
                                 default=AgeGroup.UNKNOWN)
    residence = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("woongemeente"))
    # The same for every record users have linked as one person (over signals), so the figures
    # count people next to registrations, as CoMensha does. No matching: only what users linked.
    identity = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")

    @classmethod
    def build(cls, signal, **fields):
        return cls(signal=signal, age_group=AgeGroup.of(fields.get("age"), fields.get("is_minor")), **fields)


# For information a partner may share only within its own organisation, e.g. criminal information
# the OM restricts: only members of that organisation (and the author) see it.
RESTRICTION_HELP = _("Alleen leden van deze organisatie zien dit.")


class Note(models.Model):
    """Information the liaison adds while enriching a signal; never shown to the reporter."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(max_length=MAX_DESCRIPTION)
    source = EncryptedTextField(max_length=200, blank=True)
    restricted_to = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", help_text=RESTRICTION_HELP)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]


class Feedback(models.Model):
    """Terugkoppeling: what the reporter may read about their signal."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    milestone = models.CharField(max_length=30, blank=True)
    text = EncryptedTextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    @property
    def shown(self):
        """What a route step said is region data with translations: shown in the reader's language.
        A message someone wrote, or a text the route no longer has, is shown as stored."""
        route_text = self.signal.route.route.feedback_texts.get(self.milestone)
        if route_text and self.text == engine.in_language(route_text, engine.DEFAULT_LANGUAGE):
            return engine.in_language(route_text)
        return self.text


class StageChange(Step):
    """The history of a signal on its route."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="history")


def attachment_path(instance, filename):
    return f"signals/{instance.signal_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=EncryptedFileStorage())
    name = EncryptedTextField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    restricted_to = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", help_text=RESTRICTION_HELP)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]


MAX_INTERVENTION = 2000


class AcuteParty(models.TextChoices):
    """Who acts alone first on the acute route (seed 001 section 2.2), each under its own authority."""
    POLICE = "police", _("Politie")
    PROSECUTION = "prosecution", _("Openbaar Ministerie")
    MAYOR = "mayor", _("Burgemeester (gemeente)")
    CARE = "care", _("Zorgcoördinator")


class AcuteIntervention(models.Model):
    """One organisation's own immediate intervention on an acute signal (or the acute case it became):
    what, when and by whom. One per organisation; the others are told afterwards."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="acute_interventions")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+")
    party = models.CharField(_("partij"), max_length=20, choices=AcuteParty.choices)
    text = EncryptedTextField(_("interventie"), max_length=MAX_INTERVENTION)
    acted_at = models.DateTimeField(_("ingegrepen op"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["acted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["signal", "organisation"], name="intake_acute_once")]
        verbose_name = _("acute interventie")
        verbose_name_plural = _("acute interventies")


class CareCallIn(models.Model):
    """A liaison calls in the region's care coordinator on a signal without escalating it; from
    then on the care coordinators of the signal's region see it (intake.access)."""

    signal = models.OneToOneField(Signal, on_delete=models.CASCADE, related_name="care_call_in")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = EncryptedTextField(_("reden"), max_length=MAX_INTERVENTION, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The care coordinator's scope: the signals her region called her in on, one index range.
        indexes = [models.Index(fields=["region", "signal"], name="intake_callin_region")]
        verbose_name = _("ingeschakelde zorgcoördinator")
        verbose_name_plural = _("ingeschakelde zorgcoördinatoren")
