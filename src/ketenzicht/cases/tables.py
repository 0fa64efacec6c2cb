"""Setting up a region's tables and their seats, and finding the table a case starts at.

The administrator of the region does this on the set-up pages (and nobody at the shell): every
change is checked completely before anything is written, is one transaction and is audited once.
Nothing that a case's history names is deleted: a table is retired, a seat's basis ends.
"""
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import audit
from ketenzicht.route.steps import TransitionRefused

from . import access
from .models import CASE_KINDS, BasisKind, Seat, Table, TableKind

TABLE_FIELDS = ("name", "kind", "municipalities", "chair_organisation", "chair_person", "rhythm", "hands_to")
SEAT_FIELDS = ("basis_kind", "legal_basis", "article", "valid_from", "valid_until")


def _require(user, region, action, object_type, object_id=""):
    if not access.sets_up_tables(user, region):
        audit.record(user, "denied", object_type, object_id, reason=action, region=region.pk)
        raise PermissionDenied(action)


def _region_id(obj):
    return getattr(obj, "region_id", None) or getattr(getattr(obj, "table", None), "region_id", None) or obj.pk


def _logged(action):
    """One transaction per change; a refused change (bad input) writes nothing but is logged, with
    the fields it was refused on, after the rollback so the entry stays."""
    def wrap(function):
        @wraps(function)
        def run(user, obj, *args, **kwargs):
            try:
                with transaction.atomic():
                    return function(user, obj, *args, **kwargs)
            except Invalid as error:
                audit.record(user, "refused", "table", getattr(obj, "table_id", None) or (
                    obj.pk if isinstance(obj, Table) else ""), reason=action, region=_region_id(obj),
                    fields=sorted(error.errors))
                raise
        return run
    return wrap


def _reaches(start_ids, target_id):
    """Whether `target_id` is reached from these tables along the tables they hand cases to."""
    seen, frontier = set(), set(start_ids)
    while frontier:
        if target_id in frontier:
            return True
        seen |= frontier
        frontier = set(Table.hands_to.through.objects.filter(from_table_id__in=frontier)
                       .values_list("to_table_id", flat=True)) - seen
    return False


def _check_table(region, table, data):
    """Every rule of a table, with the field to blame: raises Invalid before anything is written."""
    errors = {}
    if Table.objects.filter(region=region, name__iexact=data["name"].strip()).exclude(pk=table.pk).exists():
        errors["name"] = _("Er is in deze regio al een tafel met deze naam.")
    chair = data["chair_organisation"]
    if chair.region_id != region.pk:
        errors["chair_organisation"] = _("De voorzitter komt van een organisatie in deze regio.")
    elif not chair.active and chair.pk != table.chair_organisation_id:
        errors["chair_organisation"] = _("Deze organisatie is buiten gebruik gesteld.")
    person = data.get("chair_person")
    if person and not person.role_assignments.filter(organisation=data["chair_organisation"]).exists():
        errors["chair_person"] = _("De voorzitter werkt bij de organisatie van de voorzitter.")
    municipalities = list(data.get("municipalities") or ())
    if any(m.region_id != region.pk for m in municipalities):
        errors["municipalities"] = _("Kies gemeenten uit deze regio.")
    elif data["kind"] == TableKind.LOCAL and not municipalities:
        errors["municipalities"] = _("Een lokaal overleg werkt voor één of meer gemeenten: kies ze.")
    if (table.pk and data["kind"] not in CASE_KINDS and table.kind in CASE_KINDS
            and table.cases.filter(is_open=True).exists()):
        # its cases would sit at a table that sees no case (a care meeting, a steering group)
        errors["kind"] = _("Aan deze tafel lopen nog casussen: draag ze over of sluit ze af voordat de tafel een "
                           "soort wordt die geen casussen weegt.")
    targets = list(data.get("hands_to") or ())
    if targets:
        if data["kind"] not in CASE_KINDS:
            errors["hands_to"] = _("Alleen een tafel die casussen weegt, draagt ze over.")
        elif table.pk and any(t.pk == table.pk for t in targets):
            errors["hands_to"] = _("Een tafel kan casussen niet aan zichzelf overdragen.")
        elif any(t.region_id != region.pk or t.retired_at or t.kind not in CASE_KINDS for t in targets):
            errors["hands_to"] = _("Kies tafels van deze regio die casussen wegen en niet zijn opgeheven.")
        elif table.pk and _reaches([t.pk for t in targets], table.pk):
            errors["hands_to"] = _("Dit maakt een kring: een van deze tafels draagt casussen (via andere) al over "
                                   "aan deze tafel.")
    if errors:
        raise Invalid(errors=errors)


def _save_table(table, data):
    for name in ("name", "kind", "chair_organisation", "chair_person", "rhythm"):
        setattr(table, name, data.get(name) or ("" if name == "rhythm" else None))
    table.name = table.name.strip()
    table.save()
    table.municipalities.set(data.get("municipalities") or ())
    table.hands_to.set(data.get("hands_to") or ())


@_logged("create_table")
def create_table(user, region, **data):
    """A new table of the region, of one of the kinds the seeds name."""
    _require(user, region, "create_table", "table")
    table = Table(region=region)
    _check_table(region, table, data)
    _save_table(table, data)
    audit.record(user, "create_table", "table", table.pk, region=region.pk)
    return table


@_logged("update_table")
def update_table(user, table, **data):
    _require(user, table.region, "update_table", "table", table.pk)
    table = Table.objects.select_for_update().get(pk=table.pk)
    _check_table(table.region, table, data)
    _save_table(table, data)
    audit.record(user, "update_table", "table", table.pk, region=table.region_id)
    return table


@_logged("retire_table")
def retire_table(user, table):
    """A table stops: it takes no new cases and no table hands to it; its history stays. Open
    cases must be handed on or closed first."""
    _require(user, table.region, "retire_table", "table", table.pk)
    if table.retired_at:
        raise Invalid(_("Deze tafel is al opgeheven."), "table")
    if table.cases.filter(is_open=True).exists():
        raise Invalid(_("Aan deze tafel lopen nog casussen: draag ze over of sluit ze af voordat u de tafel "
                        "opheft."), "table")
    Table.objects.filter(pk=table.pk).update(retired_at=timezone.now())
    Table.hands_to.through.objects.filter(to_table_id=table.pk).delete()
    audit.record(user, "retire_table", "table", table.pk, region=table.region_id)


def _check_seat(table, seat, data, document):
    """A seat has a legal basis in force: a law and its article, or a covenant, its article and the
    signed document; the dates in order and not already past."""
    errors = {}
    organisation = data.get("organisation") or seat.organisation
    if seat.pk is None:
        if organisation.region_id != table.region_id:
            errors["organisation"] = _("Kies een organisatie uit deze regio.")
        elif not organisation.active:
            errors["organisation"] = _("Deze organisatie is buiten gebruik gesteld.")
        elif table.seats.filter(organisation=organisation).exists():
            errors["organisation"] = _("Deze organisatie heeft al een plaats aan deze tafel.")
    if not data.get("basis_kind"):
        errors["basis_kind"] = _("Kies of de grondslag een wet of een convenant is.")
    if not (data.get("legal_basis") or "").strip():
        errors["legal_basis"] = _("Een plaats aan tafel heeft een grondslag: vul de wet of het convenant in.")
    if not (data.get("article") or "").strip():
        errors["article"] = _("Vul het artikel van de grondslag in.")
    if not data.get("valid_from"):
        errors["valid_from"] = _("Vul in vanaf wanneer de grondslag geldt.")
    until = data.get("valid_until")
    if until and data.get("valid_from") and until < data["valid_from"]:
        errors["valid_until"] = _("De einddatum ligt vóór de begindatum.")
    elif until and until < timezone.localdate():
        errors["valid_until"] = _("Deze grondslag is verlopen: een plaats aan tafel vraagt een grondslag die nu "
                                  "geldt.")
    if data.get("basis_kind") == BasisKind.COVENANT and not document and not seat.covenant_document:
        errors["covenant_document"] = _("Voeg het ondertekende convenant toe (PDF).")
    if errors:
        raise Invalid(errors=errors)


def _save_seat(seat, data, document):
    for name in SEAT_FIELDS:
        value = data.get(name)
        setattr(seat, name, value.strip() if isinstance(value, str) else value)
    if data.get("basis_kind") == BasisKind.LAW and seat.covenant_document:
        seat.covenant_document.delete(save=False)  # a law needs no signed document: none kept
    if document is not None and data.get("basis_kind") == BasisKind.COVENANT:
        if seat.covenant_document:
            seat.covenant_document.delete(save=False)
        seat.covenant_document.save("covenant", document, save=False)
    seat.save()


@_logged("add_seat")
def add_seat(user, table, organisation, document=None, **data):
    """A partner takes a seat at the table on a legal basis in force."""
    _require(user, table.region, "add_seat", "table", table.pk)
    seat = Seat(table=table, organisation=organisation)
    _check_seat(table, seat, {**data, "organisation": organisation}, document)
    _save_seat(seat, data, document)
    audit.record(user, "add_seat", "table", table.pk, region=table.region_id, seat=seat.pk)
    return seat


@_logged("update_seat")
def update_seat(user, seat, document=None, **data):
    """A seat's basis renewed, corrected or ended (an end date: the seat stops counting then)."""
    _require(user, seat.table.region, "update_seat", "table", seat.table_id)
    seat = Seat.objects.select_for_update().select_related("table", "organisation").get(pk=seat.pk)
    _check_seat(seat.table, seat, data, document)
    _save_seat(seat, data, document)
    audit.record(user, "update_seat", "table", seat.table_id, region=seat.table.region_id, seat=seat.pk)
    return seat


def first_table(signal, transition):
    """The table a signal's case starts at: of the kind the route's transition names (the regional
    table when it names none), working for the signal's municipality (a table naming no
    municipalities works for the whole region), not retired. None there: the step is refused."""
    kind = transition.table or TableKind.REGIONAL
    tables = Table.objects.filter(region_id=signal.region_id, kind=kind, retired_at__isnull=True)
    covering = tables.filter(municipalities=signal.lead_municipality_id).order_by("pk").first()
    table = covering or tables.filter(municipalities__isnull=True).order_by("pk").first()
    if table is None:
        raise TransitionRefused("transition", _(
            "Er is geen tafel van de soort ‘%(kind)s’ ingericht voor %(municipality)s: de casus kan nergens "
            "heen en er is niets veranderd. Vraag de beheerder van de regio de tafel in te richten.") % {
            "kind": TableKind(kind).label if kind in TableKind.values else kind,
            "municipality": signal.lead_municipality.name})
    return table
