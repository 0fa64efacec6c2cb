"""Cases at the regional table: tables and their seats, meetings and agendas, decisions, tracks
and tasks, and the history of every step."""
import uuid
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedFileStorage, EncryptedTextField
from ketenzicht.regions.models import Organisation, Sector
from ketenzicht.route.models import OnRoute, Step


class TableKind(models.TextChoices):
    """The kinds of table the seeds name. Only the first three take cases; the care meeting sees
    care trajectories and the steering group figures (care.access, insights.access)."""

    REGIONAL = "regional", _("Regionale weeg- en monitortafel")
    LOCAL = "local", _("Lokaal signalerings- of ondermijningsoverleg")
    RIEC_PLAZA = "riec_plaza", _("RIEC-informatieplein")
    CARE = "care", _("Zorgoverleg")
    STEERING = "steering", _("Stuurgroep")


# The far date a case without a deadline sorts by in the case list (lists need keys that are not NULL).
NO_DEADLINE = datetime(9999, 1, 1, tzinfo=dt_timezone.utc)
CASE_KINDS = (TableKind.REGIONAL, TableKind.LOCAL, TableKind.RIEC_PLAZA)


class Table(models.Model):
    """A table of the chain: where cases are weighed (weeg- en monitortafel, lokaal overleg,
    RIEC-informatieplein), or a care meeting or steering group that sees less. Retired, never
    deleted: the history of its cases names it."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort tafel"), max_length=20, choices=TableKind.choices, default=TableKind.REGIONAL)
    municipalities = models.ManyToManyField(
        "regions.Municipality", blank=True, related_name="tables", verbose_name=_("gemeenten"),
        help_text=_("De gemeenten waarvoor deze tafel werkt; leeg: de hele regio."))
    chair_organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+",
                                           verbose_name=_("organisatie van de voorzitter"))
    chair_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("voorzitter"))
    rhythm = models.CharField(_("ritme"), max_length=100, blank=True,
                              help_text=_("Bijvoorbeeld: elke 4 weken, dinsdag."))
    hands_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="receives_from",
                                      verbose_name=_("draagt casussen over aan"))
    retired_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("tafel")
        verbose_name_plural = _("tafels")

    def __str__(self):
        return self.name

    def receiving_tables(self):
        """The tables this one hands cases on to that still weigh cases."""
        return self.hands_to.filter(retired_at__isnull=True, kind__in=CASE_KINDS).order_by("name")

    def partners(self, day=None, any_basis=False):
        """Who receives a case's data here (a track, a task, an invitation, the minutes): the region's
        municipalities, and the seated partners whose legal basis is in force on `day` (today);
        `any_basis`: every seated partner, to tell "not at this table" from "no ground"."""
        seats = Q(seats__table=self) if any_basis else Q(
            seats__in=Seat.objects.filter(Seat.valid_on(day or timezone.localdate()), table=self))
        return Organisation.objects.filter(
            seats | Q(sector=Sector.MUNICIPALITY, municipality__isnull=False),
            region_id=self.region_id).distinct().order_by("name")


class BasisKind(models.TextChoices):
    LAW = "law", _("Wet")
    COVENANT = "covenant", _("Convenant")


def covenant_path(instance, filename):
    return f"covenants/{instance.table_id}/{uuid.uuid4().hex}"


class Seat(models.Model):
    """A partner organisation at a table, with the legal basis (grondslag) on which it shares: a
    law and its article, or a covenant and its article, valid between two dates."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seats")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="seats")
    basis_kind = models.CharField(_("soort grondslag"), max_length=10, choices=BasisKind.choices, blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=300, blank=True,
                                   help_text=_("De naam van de wet of het convenant."))
    article = models.CharField(_("artikel"), max_length=100, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    covenant_document = models.FileField(_("convenant (PDF)"), upload_to=covenant_path, blank=True,
                                         storage=EncryptedFileStorage())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "organisation"], name="cases_seat_unique")]
        verbose_name = _("plaats aan tafel")
        verbose_name_plural = _("plaatsen aan tafel")

    def __str__(self):
        return f"{self.organisation} @ {self.table}"

    @property
    def basis(self):
        """The basis as people cite it: "Politiewet 2012, art. 18"."""
        return f"{self.legal_basis}, {_('art.')} {self.article}" if self.article else self.legal_basis

    @staticmethod
    def valid_on(day):
        """Seats whose legal basis is recorded and in force on this day."""
        return (~Q(legal_basis="") & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
                & (Q(valid_until__isnull=True) | Q(valid_until__gte=day)))

    @property
    def has_valid_basis(self):
        today = timezone.localdate()
        return bool(self.legal_basis) and (self.valid_from is None or self.valid_from <= today) and (
            self.valid_until is None or self.valid_until >= today)


class Case(OnRoute, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="cases")
    route = models.ForeignKey("route.RouteDefinition", on_delete=models.PROTECT, related_name="cases",
                              help_text=_("De versie van de route waaronder de casus loopt."))
    table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="cases")
    lead_municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    municipalities = models.ManyToManyField("regions.Municipality", through="CaseMunicipality", related_name="cases")
    stage = models.CharField(_("fase"), max_length=50)
    is_open = models.BooleanField(default=True)
    is_acute = models.BooleanField(_("acuut"), default=False)
    deadline_at = models.DateTimeField(_("termijn"), null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # On an agenda of the table it is at now (services._put_on_agenda sets it, a hand-over clears it):
    # the table's waiting list is its open cases without it, read in order from one partial index
    # (cases_case_waiting) instead of looking up every open case of the table among the agenda items.
    planned = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["table", "is_open", "is_acute", "deadline_at", "opened_at"]),
                   models.Index(fields=["region", "-opened_at"]),
                   # A table's cases in the order of the case list (cases.queries.CASE_LIST).
                   models.Index(F("table"), F("is_open"), F("is_acute").desc(),
                                Coalesce("deadline_at", Value(NO_DEADLINE, output_field=models.DateTimeField())),
                                F("opened_at").desc(), F("id"), name="cases_case_list"),
                   # A table's waiting list in its order (cases.views.WAITING_LIST).
                   models.Index(F("table"), F("is_acute").desc(),
                                Coalesce("deadline_at", Value(NO_DEADLINE, output_field=models.DateTimeField())),
                                F("opened_at"), F("id"), name="cases_case_waiting",
                                condition=Q(is_open=True, planned=False)),
                   # A region's open cases and their deadlines: the overdue figure (insights.facts) reads
                   # them from here, not from every case of the region spread over the table.
                   models.Index(fields=["region", "deadline_at"], condition=Q(is_open=True), name="cases_case_open_region")]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")

    def __str__(self):
        return f"{_('Casus')} {self.reference}"

    @property
    def flow_stage(self):
        return self.route.route.case.stages[self.stage]


class CaseMunicipality(models.Model):
    """Every municipality a case plays in; the liaison's access follows it.

    It carries copies of the case's list keys (cases.lists), kept in step by `sync_list_keys`, so a
    municipality's cases in the order of the case list are one range of the index `cases_cm_list`,
    read a page at a time whatever the municipality holds (as intake's SignalMunicipality)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="municipality_links")
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, related_name="+")
    is_open = models.BooleanField(default=True, db_default=True)
    is_acute = models.BooleanField(default=False, db_default=False)
    deadline_key = models.DateTimeField(default=NO_DEADLINE, db_default=NO_DEADLINE)  # deadline_at or NO_DEADLINE
    opened_at = models.DateTimeField(default=timezone.now, db_default=Now())

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "municipality"], name="cases_municipality_unique")]
        indexes = [models.Index(fields=["municipality", "case"]),
                   models.Index(F("municipality"), F("is_open"), F("is_acute").desc(), F("deadline_key"),
                                F("opened_at").desc(), F("case"), name="cases_cm_list")]


class CaseChange(Step):
    """The history of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")


class Handover(models.Model):
    """A case handed on from one table to the next (local meeting to regional table to RIEC
    plaza). Who did it, when and why is the history step it belongs to, so erasing a case's
    history (anonymise) erases that too."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="+")
    to_table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="+")
    change = models.OneToOneField(CaseChange, on_delete=models.CASCADE, related_name="handover")

    class Meta:
        ordering = ["change__at"]


class Meeting(models.Model):
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("datum en tijd"))
    location = models.CharField(_("plaats"), max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["table", "-starts_at", "-id"], name="cases_meeting_list")]
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")

    def __str__(self):
        return f"{self.table} {timezone.localtime(self.starts_at):%d-%m-%Y %H:%M}"


class AgendaItem(models.Model):
    """A case on a meeting's agenda, with the partners invited for that case (the municipality
    concerned joins for its own case). Only they see the case from here on."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    invited = models.ManyToManyField("regions.Organisation", through="Invitation", related_name="+",
                                     verbose_name=_("uitgenodigd"))
    position = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "added_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="cases_agenda_unique")]


class Invitation(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="invitations")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "organisation"], name="cases_invitation_unique")]
        indexes = [models.Index(fields=["organisation", "item"])]


class Decision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions")
    text = EncryptedTextField(_("besluit"), max_length=4000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]


class Track(models.Model):
    """A line of intervention decided at the table (zorg, zorg + strafrecht, ondermijning,
    bestuurlijk, ...), owned by one organisation, reviewed on a date, closed with an outcome."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tracks")
    decision = models.ForeignKey(Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracks")
    kind = models.CharField(_("spoor"), max_length=40)
    owner = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="tracks",
                              verbose_name=_("eigenaar"))
    review_on = models.DateField(_("evaluatiedatum"))
    is_open = models.BooleanField(default=True)
    outcome = EncryptedTextField(_("uitkomst"), max_length=2000, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Copies of its case's list keys (as CaseMunicipality's), kept in step by `sync_list_keys`: the
    # cases an organisation owns tracks of, in the case list's order, from the index `cases_track_case_list`.
    case_is_open = models.BooleanField(default=True, db_default=True)
    case_is_acute = models.BooleanField(default=False, db_default=False)
    case_deadline_key = models.DateTimeField(default=NO_DEADLINE, db_default=NO_DEADLINE)
    case_opened_at = models.DateTimeField(default=timezone.now, db_default=Now())

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [models.Index(fields=["owner", "is_open", "opened_at", "id"]),
                   models.Index(F("owner"), F("case_is_open"), F("case_is_acute").desc(), F("case_deadline_key"),
                                F("case_opened_at").desc(), F("case"), name="cases_track_case_list"),
                   # The open tracks past their review, per case: the overdue figure (insights.facts).
                   models.Index(fields=["case", "review_on"], condition=Q(is_open=True), name="cases_track_open_review")]
        verbose_name = _("spoor")
        verbose_name_plural = _("sporen")

    @property
    def label(self):
        return self.case.route.route.tracks.get(self.kind, self.kind)

    @property
    def is_care(self):
        """A track in which care is arranged (zorg, zorg + strafrecht): the care coordinator opens a
        care trajectory from it."""
        return "zorg" in self.kind

    @property
    def is_late(self):
        return self.is_open and self.review_on < timezone.localdate()


class Task(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="tasks")
    description = EncryptedTextField(_("taak"), max_length=1000)
    assignee = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="tasks",
                                 verbose_name=_("uitvoerder"))
    due_on = models.DateField(_("gereed op"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on", "id"])]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    @property
    def is_late(self):
        return self.done_at is None and self.due_on < timezone.localdate()


class Progress(models.Model):
    """A progress report on a track by its owner."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="progress")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]


class Consultation(models.Model):
    """An urgent consultation (spoed-MDO) about a case: invited partners answer in the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    question = EncryptedTextField(_("vraag"), max_length=2000)
    invited = models.ManyToManyField("regions.Organisation", through="ConsultationInvite", related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spoedoverleg")
        verbose_name_plural = _("spoedoverleggen")


class ConsultationInvite(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "organisation"],
                                               name="cases_consultation_invite_unique")]
        indexes = [models.Index(fields=["organisation", "consultation"])]


class ConsultationReply(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="replies")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = EncryptedTextField(_("antwoord"), max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]


# The case list's keys as its copies name them (CaseMunicipality, Track): case field -> copy field.
LIST_KEY_COPIES = {
    CaseMunicipality: {"is_open": "is_open", "is_acute": "is_acute", "deadline_key": "deadline_key",
                       "opened_at": "opened_at"},
    Track: {"is_open": "case_is_open", "is_acute": "case_is_acute", "deadline_key": "case_deadline_key",
            "opened_at": "case_opened_at"},
}


def sync_list_keys(case_id):
    """Copy the case's list keys onto its municipalities and tracks; every service that creates a
    case or track, or changes whether a case is open, acute, its deadline or opening, calls this."""
    case = Case.objects.only("is_open", "is_acute", "deadline_at", "opened_at").get(pk=case_id)
    keys = {"is_open": case.is_open, "is_acute": case.is_acute, "deadline_key": case.deadline_at or NO_DEADLINE,
            "opened_at": case.opened_at}
    for model, copies in LIST_KEY_COPIES.items():
        model.objects.filter(case_id=case_id).update(**{copy: keys[key] for key, copy in copies.items()})


def fill_list_keys_sql(vendor="postgresql"):
    """The statements that copy every case's list keys (the migration, bulk loads: bench/data.py)."""
    found = []
    # A far date as each database stores one (SQLite: naive UTC text, as Django writes it).
    far = "'9999-01-01 00:00:00'" if vendor == "sqlite" else "'9999-01-01 00:00:00+00'::timestamptz"
    for model, copies in LIST_KEY_COPIES.items():
        values = {"is_open": "c.is_open", "is_acute": "c.is_acute", "opened_at": "c.opened_at",
                  "deadline_key": f"coalesce(c.deadline_at, {far})"}
        sets = ", ".join(f"{copy} = {values[key]}" for key, copy in copies.items())
        found.append(f"update {model._meta.db_table} set {sets} from cases_case c "  # nosec B608: our own names
                     f"where c.id = {model._meta.db_table}.case_id")
    return found
