"""Every change of an administrative measure. Pages, API and the demo call these; each is one
transaction, checked before it opens (lib.checked: a refusal stays in the access log), and logged.

A measure is recorded, then signed as a separate step that names who signed and when. A signed
measure is the decision as it was taken: its content is fixed; only its outcome (complied,
enforced, lifted, overturned) is recorded afterwards, as it happens.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.intake.models import Signal
from ketenzicht.intake.queries import reference_range
from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.permits import services as permits
from ketenzicht.permits.models import Permit, PermitStatus
from ketenzicht.privacy import audit

from . import access
from .models import Kind, LegalGround, Measure

PERMIT_KINDS = (Kind.PERMIT_REFUSAL, Kind.PERMIT_WITHDRAWAL)
# What the signed measure does to the permit it names (the permits app's register keeps it).
PERMIT_ENDS = {Kind.PERMIT_WITHDRAWAL: PermitStatus.WITHDRAWN, Kind.PERMIT_REFUSAL: PermitStatus.REFUSED}


class StaleMeasure(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze maatregel intussen gewijzigd. Bekijk de nieuwe stand."))


def _log(user, action, measure, **detail):
    audit.record(user, action, "measure", measure.pk, region=measure.region_id, **detail)


def _require(user, action, measure):
    if not access.can(user, action, measure):
        audit.record(user, "denied", "measure", measure.pk, reason=action, region=measure.region_id)
        raise PermissionDenied(action)


def _allowed(action):
    return checked(lambda user, measure, *args, **kwargs: _require(user, action, measure))


def _require_recorder(user, municipality, **kwargs):
    if not access.recording_municipalities(user).filter(pk=municipality.pk).exists():
        audit.record(user, "denied", "measure", "", reason="record", region=municipality.region_id)
        raise PermissionDenied("record")


def find_signal(region, text):
    """The signal of this region a reference (or whole id) names, or a refusal naming the field:
    a signal of another region is as unknown as one that does not exist."""
    bounds = reference_range(text or "")
    found = list(Signal.objects.filter(region=region, pk__gte=bounds[0], pk__lte=bounds[1])[:2]) if bounds else []
    if len(found) != 1:
        raise Invalid(_("Onbekend signaal in uw regio: %(ref)s. Geef het kenmerk van 8 tekens, zoals 3F2A9C1B.")
                      % {"ref": text}, "signal")
    return found[0]


def _check(region, data):
    """The rules of a measure's content, every broken one named by its field, before anything is written."""
    errors = {}
    ground = data.get("ground")
    if ground is None:
        errors["ground"] = [_("Een maatregel rust op een wettelijke grondslag: kies er een.")]
    elif not access.grounds_for(region).filter(pk=ground.pk).exists():
        errors["ground"] = [_("Deze grondslag wordt in uw regio niet (meer) aangeboden.")]
    if not (data.get("address") or data.get("business_name")):
        errors["address"] = [_("Noem het object van de maatregel: een adres of een bedrijf.")]
    if data.get("business_name") and not data.get("kvk_number"):
        errors["kvk_number"] = [_("Een bedrijf wordt genoemd met zijn KvK-nummer (8 cijfers).")]
    decided, starts, ends = data.get("decided_on"), data.get("starts_on"), data.get("ends_on")
    if decided and decided > timezone.localdate():
        errors["decided_on"] = [_("De datum van het besluit ligt in de toekomst.")]
    if decided and starts and starts < decided:
        errors["starts_on"] = [_("De ingangsdatum ligt vóór de datum van het besluit.")]
    if starts and ends and ends < starts:
        errors["ends_on"] = [_("De einddatum ligt vóór de ingangsdatum.")]
    if ends and not starts:
        errors["starts_on"] = [_("Een maatregel met een einddatum heeft ook een ingangsdatum.")]
    track = data.get("track")
    if track is not None and (track.kind != access.BESTUURLIJK or track.case.region_id != region.pk):
        errors["track"] = [_("Kies een bestuurlijk spoor van een casus in uw regio.")]
    if data.get("permit") and data.get("kind") not in PERMIT_KINDS:
        errors["permit"] = [_("Een vergunning hoort alleen bij een weigering of intrekking van een vergunning.")]
    if data.get("kind") == Kind.PERMIT_WITHDRAWAL and not data.get("permit"):
        errors["permit"] = [_("Noem de vergunning die wordt ingetrokken.")]
    if errors:
        raise Invalid(errors=errors)


FIELDS = ("kind", "ground", "decided_on", "starts_on", "ends_on", "address", "business_name", "kvk_number",
          "decision", "track")


def _check_permit(municipality, data):
    """The permit a refusal or withdrawal names: one of this municipality's register, still granted."""
    if not data.get("permit"):
        return
    permit = Permit.objects.filter(pk=data["permit"], municipality=municipality).first()
    if permit is None:
        raise Invalid(_("Onbekende vergunning in het register van %(name)s: %(id)s.") % {
            "name": municipality.name, "id": data["permit"]}, "permit")
    if permit.status != PermitStatus.GRANTED:
        raise Invalid(_("Deze vergunning is al %(status)s.") % {"status": permit.get_status_display().lower()},
                      "permit")


def _values(municipality, data):
    region = municipality.region
    _check(region, data)
    _check_permit(municipality, data)
    values = {name: data.get(name) for name in FIELDS}
    for name in ("address", "business_name", "kvk_number", "decision"):
        values[name] = values[name] or ""
    values["signal"] = find_signal(region, data["signal"]) if data.get("signal") else None
    values["permit_id"] = data.get("permit") or None
    return values


@checked(lambda user, municipality, data: _require_recorder(user, municipality))
def record(user, municipality, data):
    """A measure of the mayor's office of `municipality`, unsigned. `data` is MeasureForm's cleaned data."""
    measure = Measure.objects.create(region_id=municipality.region_id, municipality=municipality,
                                     recorded_by=user, **_values(municipality, data))
    _log(user, "create", measure, kind=measure.kind)
    return measure


def _bump(measure, expected_version, **fields):
    rows = Measure.objects.filter(pk=measure.pk, version=measure.version if expected_version is None
                                  else expected_version)
    if not rows.update(version=F("version") + 1, **fields):
        raise StaleMeasure
    measure.refresh_from_db()


@_allowed("record")
def update(user, measure, data, expected_version=None):
    """Correct a measure before it is signed; a signed one is the decision as taken and stays so."""
    if measure.is_signed:
        raise Refused(_("Deze maatregel is ondertekend en ligt vast; alleen de uitkomst kan nog worden vastgelegd."))
    _bump(measure, expected_version, **_values(measure.municipality, data))
    _log(user, "update", measure)
    return measure


@_allowed("sign")
def sign(user, measure, expected_version=None):
    """The separate step that fixes the decision, recorded with who signed it and when. A signed
    withdrawal or refusal ends the permit it names in the permits register (its service), from the
    measure's start (else its decision date), in the same transaction: both happen or neither."""
    if measure.is_signed:
        raise Refused(_("Deze maatregel is al ondertekend op %(on)s.") % {
            "on": timezone.localdate(measure.signed_at).isoformat()})
    _bump(measure, expected_version, signed_by=user, signed_at=timezone.now())
    if measure.permit_id and measure.kind in PERMIT_ENDS:
        permits.end_permit(user, measure.permit, PERMIT_ENDS[measure.kind], measure.starts_on or measure.decided_on,
                           measure.reference)
    _log(user, "sign", measure)
    return measure


@_allowed("record")
def record_outcome(user, measure, outcome, note="", expected_version=None):
    if not measure.is_signed:
        raise Refused(_("Leg de uitkomst vast nadat de maatregel is ondertekend."), "outcome")
    _bump(measure, expected_version, outcome=outcome, outcome_note=note or "")
    _log(user, "outcome", measure, outcome=outcome)
    return measure


def _require_ground_keeper(user, region, *args, **kwargs):
    if not access.keeps_grounds(user, region):
        audit.record(user, "denied", "legal_ground", "", region=region.pk)
        raise PermissionDenied("legal_ground")


@checked(_require_ground_keeper)
def add_ground(user, region, code, label):
    """The region extends the list of grounds (e.g. its municipalities' APV articles)."""
    if LegalGround.objects.filter(code=code).filter(region__isnull=True).exists() or \
            LegalGround.objects.filter(region=region, code=code).exists():
        raise Invalid(_("Er is al een grondslag met de code %(code)s.") % {"code": code}, "code")
    ground = LegalGround.objects.create(region=region, code=code, label=label)
    audit.record(user, "create", "legal_ground", ground.pk, region=region.pk)
    return ground


@checked(_require_ground_keeper)
def retire_ground(user, region, ground):
    """A region's own ground is retired, not deleted: measures that rest on it keep naming it."""
    if ground.region_id != region.pk:
        raise Refused(_("Alleen de eigen grondslagen van de regio kunnen worden ingetrokken."))
    LegalGround.objects.filter(pk=ground.pk).update(active=False)
    audit.record(user, "retire", "legal_ground", ground.pk, region=region.pk)


def ensure_shipped_grounds():
    """The shipped grounds (as migration 0002 makes them), made again where a database was emptied
    after migrating (the demo after a flush): idempotent, reference data without an actor."""
    for code, label in SHIPPED_GROUNDS:
        LegalGround.objects.get_or_create(region=None, code=code, defaults={"label": label})


SHIPPED_GROUNDS = [
    ("gemeentewet-174", "Gemeentewet, art. 174 (sluiting van een openbaar toegankelijk gebouw)"),
    ("gemeentewet-125", "Gemeentewet, art. 125 en Awb, art. 5:32 (last onder dwangsom)"),
    ("apv-seksbedrijven", "APV, regels voor seksbedrijven (vergunningplicht, maximum, weigerings- en intrekkingsgronden)"),
    ("bibob-3", "Wet Bibob, art. 3 (weigeren of intrekken bij ernstig gevaar voor misbruik)"),
    ("gemeentewet-172a", "Gemeentewet, art. 172a (gebiedsverbod)"),
]
