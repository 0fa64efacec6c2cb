"""Every change of an integral inspection. Pages, API and the demo call these; each is one
transaction, checked before it opens (lib.checked: a refusal stays in the access log), and logged.

A finding that points to trafficking becomes a signal through intake's own service (`report`), so
the signal follows the region's usual route to the municipality's inbox. The signal names the
inspection as its source in its text, and carries the partner's sector as the reporter's; the
finding keeps the signal, once: a second attempt is refused, even a concurrent one.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services as intake
from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Conflict, Invalid, Refused, Stale
from ketenzicht.privacy import audit

from . import access
from .models import Finding, Inspection, Status


class StaleInspection(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze controle intussen gewijzigd. Bekijk de nieuwe stand."))


def _log(user, action, inspection, **detail):
    audit.record(user, action, "inspection", inspection.pk, region=inspection.region_id, **detail)


def _require(user, action, inspection):
    if not access.can(user, action, inspection):
        audit.record(user, "denied", "inspection", inspection.pk, reason=action, region=inspection.region_id)
        raise PermissionDenied(action)


def _require_planner(user, municipality, data):
    if municipality.pk not in access.planning_municipality_ids(user):
        audit.record(user, "denied", "inspection", "", reason="plan", region=municipality.region_id)
        raise PermissionDenied("plan")


def _check(municipality, data):
    errors = {}
    if not (data.get("address") or data.get("business_name")):
        errors["address"] = [_("Noem wat wordt gecontroleerd: een adres of een bedrijf.")]
    if data.get("business_name") and not data.get("kvk_number"):
        errors["kvk_number"] = [_("Een bedrijf wordt genoemd met zijn KvK-nummer (8 cijfers).")]
    partners = list(data.get("partners") or ())
    if not partners:
        errors["partners"] = [_("Kies ten minste één partner die aan de controle deelneemt.")]
    foreign = sorted(p.name for p in partners if p.region_id != municipality.region_id or not p.active)
    if foreign:
        errors["partners"] = [_("Deze partners horen niet (meer) bij de regio: %(names)s.") % {
            "names": ", ".join(foreign)}]
    if errors:
        raise Invalid(errors=errors)
    return partners


@checked(_require_planner)
def plan(user, municipality, data):
    """An inspection planned by the municipality's liaison or licensing officer. `data` is
    InspectionForm's cleaned data."""
    partners = _check(municipality, data)
    inspection = Inspection.objects.create(
        region_id=municipality.region_id, municipality=municipality, planned_on=data["planned_on"],
        address=data.get("address") or "", business_name=data.get("business_name") or "",
        kvk_number=data.get("kvk_number") or "", purpose=data.get("purpose") or "", planned_by=user)
    inspection.partners.set(partners)
    _log(user, "create", inspection, partners=[p.pk for p in partners])
    return inspection


@checked(lambda user, inspection, *args, **kwargs: _require(user, "plan", inspection))
def set_status(user, inspection, status, expected_version=None):
    rows = Inspection.objects.filter(pk=inspection.pk, version=inspection.version if expected_version is None
                                     else expected_version)
    if not rows.update(status=status, version=F("version") + 1):
        raise StaleInspection
    inspection.refresh_from_db()
    _log(user, "status", inspection, status=status)
    return inspection


@checked(lambda user, inspection, *args, **kwargs: _require(user, "record", inspection))
def record_finding(user, inspection, organisation, text, points_to_trafficking=False):
    """What one partner found; only its own people record for it."""
    if organisation not in access.own_partners(user, inspection):
        raise Invalid(_("U legt alleen bevindingen vast voor uw eigen organisatie, als die deelneemt."),
                      "organisation")
    if inspection.status == Status.CANCELLED:
        raise Refused(_("Deze controle is geannuleerd; er worden geen bevindingen meer vastgelegd."))
    finding = Finding.objects.create(inspection=inspection, organisation=organisation, text=text,
                                     points_to_trafficking=points_to_trafficking, recorded_by=user)
    _log(user, "finding", inspection, finding=finding.pk)
    return finding


def _require_signaller(user, finding, *args, **kwargs):
    if not access.may_signal(user, finding):
        audit.record(user, "denied", "inspection", finding.inspection_id, reason="signal",
                     region=finding.inspection.region_id)
        raise PermissionDenied("signal")


def source_text(finding):
    """The signal's text: where it comes from (the inspection, its date and object, the partner), then
    what was found. The liaison reads the source first; the figures count the partner's sector."""
    inspection = finding.inspection
    return _("Bevinding van %(partner)s bij integrale controle %(ref)s op %(on)s (%(object)s):\n%(text)s") % {
        "partner": finding.organisation.name, "ref": inspection.reference,
        "on": date_format(inspection.planned_on, "j F Y"), "object": inspection.object_label, "text": finding.text}


@checked(_require_signaller)
def make_signal(user, finding, exploitation_forms=()):
    """The finding becomes a signal in one step, in the municipality of the inspection, on the usual
    route. Refused when it already did, also when two people try at the same moment (the row is
    locked and the one-to-one key holds)."""
    finding = Finding.objects.select_for_update().select_related("inspection__municipality__region",
                                                                 "organisation").get(pk=finding.pk)
    if finding.signal_id is not None:
        raise Conflict(_("Van deze bevinding is al een signaal gemaakt (%(ref)s).") % {
            "ref": finding.signal.reference}, "finding")
    if not intake_access.can_report(user):
        raise Refused(_("U kunt geen signalen melden. Vraag de aandachtsfunctionaris van de gemeente of een "
                        "collega van de partner om het signaal te maken."))
    inspection = finding.inspection
    signal, _code = intake.report(user, {
        "lead_municipality": inspection.municipality, "kind": "signal", "description": source_text(finding),
        "location": inspection.address, "exploitation_forms": list(exploitation_forms)})
    Finding.objects.filter(pk=finding.pk).update(signal=signal, signalled_by=user, signalled_at=timezone.now(),
                                                 points_to_trafficking=True)
    finding.refresh_from_db()
    _log(user, "signal", inspection, finding=finding.pk, signal=str(signal.pk))
    return signal
