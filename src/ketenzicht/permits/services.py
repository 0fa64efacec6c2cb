"""Every change of permits, maxima and Bibob requests: the pages, the API, the demo and the
measures app call these, so none of them can get around the maximum or the access rules."""
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ketenzicht.cases.models import Case
from ketenzicht.intake.models import Signal
from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.lib.http import int_or_none, uuid_or_none
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Municipality

from . import access
from .models import OCCUPYING, BibobRequest, Permit, PermitMaximum, PermitStatus, Scope, scopes_of

EXPIRY_NOTICE_DAYS = 90  # "verloopt binnen 90 dagen"
PERMIT_FIELDS = ("kind", "business_name", "kvk_number", "address", "valid_from", "valid_until", "conditions",
                 "bibob_outcome")
BIBOB_FIELDS = ("subject_name", "kvk_number", "reason", "advice_requested_on", "advice_received_on", "advice",
                "outcome", "decision", "decided_on")
BIBOB_LINKS = ("permit", "signal", "case")


def _day(day):
    return date_format(day, "j F Y")


def _refuse(user, allowed, kind, pk, region):
    """Log and refuse, before any transaction opens (lib/checked.py)."""
    if not (policy.active(user) and allowed):
        audit.record(user, "denied", kind, pk or "", region=region)
        raise PermissionDenied(kind)


# ------------------------------------------------------------------------------------ maxima
def maximum_on(maxima, day):
    """The maximum in force on `day` among one scope's rows (any order), or None before the first."""
    found = [m for m in maxima if m.valid_from <= day]
    return max(found, key=lambda m: (m.valid_from, m.pk or 0)).maximum if found else None


def _check_keeper(user, municipality, *args, **kwargs):
    _refuse(user, access.keeps_maximum_of(user, municipality), "permit_maximum", "", municipality.region_id)


@checked(_check_keeper)
def record_maximum(user, municipality, scope, maximum, valid_from, decided_on, reference):
    """A council decision sets (or changes) the APV's maximum from a date. The history stays: the
    earlier maximum still governs the days before. A maximum below the permits already valid on
    its first day is recorded (the council decides it) and said: no new permit fits until enough end."""
    if decided_on > valid_from + timedelta(days=3650) or valid_from < decided_on - timedelta(days=3650):
        raise Invalid(_("De datum van het besluit en de ingangsdatum liggen meer dan tien jaar uit elkaar."),
                      "decided_on")
    if PermitMaximum.objects.filter(municipality=municipality, scope=scope, valid_from=valid_from).exists():
        raise Invalid(_("Voor %(scope)s is al een maximum vastgelegd dat op %(day)s ingaat; kies een andere "
                        "ingangsdatum.") % {"scope": Scope(scope).label.lower(), "day": _day(valid_from)},
                      "valid_from")
    row = PermitMaximum.objects.create(region_id=municipality.region_id, municipality=municipality, scope=scope,
                                       maximum=maximum, valid_from=valid_from, decided_on=decided_on,
                                       reference=reference, recorded_by=user)
    audit.record(user, "create", "permit_maximum", row.pk, region=municipality.region_id)
    return row


def places(municipality, day=None):
    """The places on `day` (today) per scope that has a maximum in force:
    [{"scope", "label", "maximum", "taken", "remaining", "reference"}], remaining never below 0."""
    day = day or timezone.localdate()
    maxima = list(PermitMaximum.objects.filter(municipality=municipality, valid_from__lte=day))
    valid = list(Permit.objects.filter(municipality=municipality, status__in=OCCUPYING, valid_from__lte=day,
                                       occupies_until__gte=day).values_list("kind", flat=True))
    found = []
    for scope in Scope:
        rows = [m for m in maxima if m.scope == scope]
        if not rows:
            continue
        current = max(rows, key=lambda m: (m.valid_from, m.pk))
        taken = len(valid) if scope == Scope.ALL else valid.count(scope.value)
        found.append({"scope": scope.value, "label": scope.label, "maximum": current.maximum, "taken": taken,
                      "remaining": max(current.maximum - taken, 0), "reference": current.reference})
    return found


def check_places(municipality, kind, start, end, exclude=None):
    """Refuse a permit of `kind` valid from `start` through `end` when on any day of that period the
    permits valid at the same time would exceed the maximum then in force (of its kind, or of both
    kinds together). The fullest day of the period is where a permit starts or a maximum changes."""
    maxima = list(PermitMaximum.objects.filter(municipality=municipality, scope__in=scopes_of(kind),
                                               valid_from__lte=end))
    if not maxima:
        return  # the APV sets no maximum for this kind here
    others = Permit.objects.filter(municipality=municipality, status__in=OCCUPYING, valid_from__lte=end,
                                   occupies_until__gte=start)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    others = list(others.values_list("kind", "valid_from", "occupies_until"))
    for scope in sorted({m.scope for m in maxima}):
        steps = [m for m in maxima if m.scope == scope]
        counted = [(first, last) for k, first, last in others if scope == Scope.ALL or k == scope]
        days = {start} | {first for first, _last in counted if start < first <= end} | \
            {m.valid_from for m in steps if start < m.valid_from <= end}
        for day in sorted(days):
            cap = maximum_on(steps, day)
            taken = sum(1 for first, last in counted if first <= day <= last)
            if cap is not None and taken + 1 > cap:
                raise Invalid(_(
                    "Het maximum is bereikt: de APV van %(municipality)s staat op %(day)s ten hoogste %(maximum)s "
                    "vergunningen toe voor %(scope)s, en er zijn er dan al %(taken)s geldig. Er kan geen vergunning "
                    "bij; kies een latere ingangsdatum of beëindig eerst een andere vergunning.") % {
                    "municipality": municipality.name, "day": _day(day), "maximum": cap,
                    "scope": Scope(scope).label.lower(), "taken": taken}, "valid_from")


# ------------------------------------------------------------------------------------ permits
def _normal(address):
    return " ".join(address.split()).casefold()


def _check_period(data):
    if data["valid_until"] < data["valid_from"]:
        raise Invalid(_("'Geldig tot en met' ligt vóór 'geldig vanaf'. Kies een einddatum op of na %(day)s.")
                      % {"day": _day(data["valid_from"])}, "valid_until")


def _check_overlap(municipality, data, exclude=None):
    """One business holds one permit for one address at a time."""
    same = Permit.objects.filter(municipality=municipality, kvk_number=data["kvk_number"], status__in=OCCUPYING,
                                 valid_from__lte=data["valid_until"], occupies_until__gte=data["valid_from"])
    if exclude is not None:
        same = same.exclude(pk=exclude)
    for other in same:
        if _normal(other.address) == _normal(data["address"]):
            raise Invalid(_("Dit bedrijf (KvK %(kvk)s) heeft op dit adres al vergunning %(reference)s, geldig van "
                            "%(first)s tot en met %(last)s. Die periodes mogen niet overlappen; pas de data aan of "
                            "wijzig de bestaande vergunning.") % {
                "kvk": other.kvk_number, "reference": other.reference, "first": _day(other.valid_from),
                "last": _day(other.occupies_until)}, "valid_from")


def _check_register(user, municipality, data):
    _refuse(user, access.keeps_maximum_of(user, municipality), "permit", "", municipality.region_id)


@checked(_check_register)
def register_permit(user, municipality, data):
    """Register a granted permit, within the maximum (services.check_places) and without a second
    permit for the same business and address at the same time. The municipality's row is locked
    first, so two officers registering at once cannot both take the last place."""
    data = {k: data[k] for k in PERMIT_FIELDS if k in data}
    _check_period(data)
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    _check_overlap(municipality, data)
    check_places(municipality, data["kind"], data["valid_from"], data["valid_until"])
    permit = Permit.objects.create(region_id=municipality.region_id, municipality=municipality,
                                   occupies_until=data["valid_until"], registered_by=user, **data)
    audit.record(user, "create", "permit", permit.pk, region=permit.region_id)
    return permit


def _check_change(user, permit, *args, **kwargs):
    _refuse(user, access.can_permit(user, "change", permit), "permit", permit.pk, permit.region_id)


@checked(_check_change)
def update_permit(user, permit, data, expected_version=None):
    """Change a permit's particulars or period, on the version the user saw; the maximum and the
    overlap are checked again without the permit itself. An ended permit is not changed."""
    if permit.status != PermitStatus.GRANTED:
        raise Refused(_("Deze vergunning is %(status)s; een beëindigde vergunning wijzigt u niet meer.")
                      % {"status": permit.get_status_display().lower()})
    fields = {k: data[k] for k in PERMIT_FIELDS if k in data}
    merged = {**{k: getattr(permit, k) for k in PERMIT_FIELDS}, **fields}
    _check_period(merged)
    Municipality.objects.select_for_update().filter(pk=permit.municipality_id).first()
    _check_overlap(permit.municipality, merged, exclude=permit.pk)
    check_places(permit.municipality, merged["kind"], merged["valid_from"], merged["valid_until"], exclude=permit.pk)
    rows = Permit.objects.filter(pk=permit.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    extra = {}
    if merged["valid_until"] != permit.valid_until:
        extra = {"occupies_until": merged["valid_until"], "expiry_notified_on": None}  # told again when near
    if not rows.update(version=F("version") + 1, **fields, **extra):
        raise Stale(_("Iemand anders heeft deze vergunning intussen gewijzigd. Hieronder staat de vergunning zoals "
                      "die nu is; breng uw wijziging opnieuw aan."))
    permit.refresh_from_db()
    audit.record(user, "update", "permit", permit.pk, region=permit.region_id, fields=sorted(fields))
    return permit


def _check_end(user, permit, *args, **kwargs):
    _refuse(user, access.can_permit(user, "end", permit), "permit", permit.pk, permit.region_id)


@checked(_check_end)
def end_permit(user, permit, status, effective_on, reference, expected_version=None):
    """End a permit by an administrative decision (recorded by the measures app, or by the
    licensing officer): withdrawn from `effective_on` (the place is free from that day), or refused
    (a permit that is not continued: it never held a place from `effective_on`). The decision's
    reference is kept. Called by the measures app with the permit it names."""
    if status not in (PermitStatus.WITHDRAWN, PermitStatus.REFUSED):
        raise Invalid(_("Kies intrekken of weigeren."), "status")
    if permit.status != PermitStatus.GRANTED:
        raise Refused(_("Deze vergunning is al %(status)s.") % {"status": permit.get_status_display().lower()})
    if effective_on > permit.occupies_until:
        raise Invalid(_("De vergunning loopt al af op %(day)s; een beëindiging daarna heeft geen gevolg.")
                      % {"day": _day(permit.occupies_until)}, "effective_on")
    last = max(effective_on - timedelta(days=1), permit.valid_from - timedelta(days=1))
    rows = Permit.objects.filter(pk=permit.pk, status=PermitStatus.GRANTED)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    occupies = last if status == PermitStatus.WITHDRAWN else min(last, permit.occupies_until)
    if not rows.update(status=status, ended_on=effective_on, end_reference=reference, occupies_until=occupies,
                       version=F("version") + 1):
        raise Stale(_("Iemand anders heeft deze vergunning intussen gewijzigd. Bekijk haar opnieuw."))
    permit.refresh_from_db()
    audit.record(user, "close", "permit", permit.pk, region=permit.region_id, reason=status)
    return permit


def expiring(permits, today=None):
    """The granted permits of `permits` whose last day falls within EXPIRY_NOTICE_DAYS, soonest first."""
    today = today or timezone.localdate()
    return permits.filter(status=PermitStatus.GRANTED, occupies_until__gte=today,
                          occupies_until__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS)).order_by("occupies_until", "pk")


def signal_expiring_permits(today=None):
    """Tell the municipality's licensing officers once of every permit that expires within 90 days
    (the daily job, `ketenzicht signal_expiring_permits`): running it again tells nobody twice; a
    permit extended past the horizon and later near its new end is told of again. Returns how many."""
    today = today or timezone.localdate()
    sent = 0
    due = expiring(Permit.objects.filter(expiry_notified_on__isnull=True), today).select_related("municipality")
    for permit in due:
        with transaction.atomic():
            if not Permit.objects.filter(pk=permit.pk, expiry_notified_on__isnull=True).update(
                    expiry_notified_on=today):
                continue  # another run took it
            notify(access.licensing_officers(permit.municipality_id), "permit_expiring",
                   reverse("permits:detail", args=[permit.pk]), about=permit,
                   business=permit.business_name, until=_day(permit.occupies_until))
            sent += 1
    return sent


# ------------------------------------------------------------------------------------ Bibob
def _check_bibob_dates(data):
    errors = {}
    requested, received = data.get("advice_requested_on"), data.get("advice_received_on")
    if received and not requested:
        errors["advice_requested_on"] = [_("Vul in wanneer het advies is gevraagd: er is een ontvangstdatum.")]
    elif received and requested and received < requested:
        errors["advice_received_on"] = [_("Het advies kan niet ontvangen zijn vóór het gevraagd is (%(day)s).")
                                        % {"day": _day(requested)}]
    if data.get("advice") and not received:
        errors["advice_received_on"] = [_("Vul in wanneer het advies is ontvangen: er is een advies gekozen.")]
    if data.get("decision") and not data.get("decided_on"):
        errors["decided_on"] = [_("Vul de datum van het besluit in.")]
    if data.get("decided_on") and not data.get("decision"):
        errors["decision"] = [_("Beschrijf het besluit: er is een besluitdatum.")]
    if errors:
        raise Invalid(errors=errors)


def _links(municipality, data):
    """The permit, signal and case a request names, by id: a permit of the same municipality, a
    signal or case of the same region; any other id is refused as unknown (it tells nothing more)."""
    found, errors = {}, {}
    if "permit" in data:
        pk = int_or_none(data["permit"]) if data["permit"] not in (None, "") else None
        found["permit"] = Permit.objects.filter(pk=pk, municipality=municipality).first() if pk else None
        if data["permit"] not in (None, "") and found["permit"] is None:
            errors["permit"] = [_("Onbekende vergunning van %(municipality)s.") % {"municipality": municipality.name}]
    for name, model, label in (("signal", Signal, _("signaal")), ("case", Case, _("casus"))):
        if name not in data:
            continue
        value = data[name]
        pk = uuid_or_none(value) if value not in (None, "") else None
        found[name] = model.objects.filter(pk=pk, region_id=municipality.region_id).first() if pk else None
        if value not in (None, "") and found[name] is None:
            errors[name] = [_("Onbekend %(what)s in uw regio: geef het nummer zoals de aandachtsfunctionaris het "
                              "doorgaf.") % {"what": label}]
    if errors:
        raise Invalid(errors=errors)
    return found


def _check_bibob_create(user, municipality, data):
    _refuse(user, access.keeps_bibob_of(user, municipality), "bibob_request", "", municipality.region_id)


@checked(_check_bibob_create)
def create_bibob(user, municipality, data):
    """Start a Bibob screening of a business (its KvK number is required), linked to a permit,
    signal or case of the municipality's own."""
    fields = {k: data[k] for k in BIBOB_FIELDS if k in data and data[k] is not None}
    _check_bibob_dates(fields)
    links = _links(municipality, {k: data[k] for k in BIBOB_LINKS if k in data})
    request = BibobRequest.objects.create(region_id=municipality.region_id, municipality=municipality,
                                          requested_by=user, **fields, **links)
    audit.record(user, "create", "bibob_request", request.pk, region=request.region_id)
    return request


def _check_bibob_change(user, request, *args, **kwargs):
    _refuse(user, access.can_bibob(user, "change", request), "bibob_request", request.pk, request.region_id)


@checked(_check_bibob_change)
def update_bibob(user, request, data, expected_version=None):
    """Record the advice, outcome and decision as they come, on the version the user saw."""
    fields = {k: data[k] for k in BIBOB_FIELDS if k in data}
    merged = {**{k: getattr(request, k) for k in BIBOB_FIELDS}, **fields}
    _check_bibob_dates(merged)
    links = _links(request.municipality, {k: data[k] for k in BIBOB_LINKS if k in data})
    rows = BibobRequest.objects.filter(pk=request.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, **fields, **links):
        raise Stale(_("Iemand anders heeft dit Bibob-verzoek intussen gewijzigd. Hieronder staat het zoals het nu "
                      "is; breng uw wijziging opnieuw aan."))
    request.refresh_from_db()
    audit.record(user, "update", "bibob_request", request.pk, region=request.region_id,
                 fields=sorted([*fields, *links]))
    return request

