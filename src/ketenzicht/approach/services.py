"""Every change of the municipality's own approach: the region's criteria and barrier model (its
administrator), each municipality's statuses and instruments (its liaison). Pages and API call
the same functions; each is one transaction, checked before it opens, and written to the access
log. Refusals are `Invalid` naming the field, in Dutch; nothing is changed by a refused call."""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.privacy import audit
from ketenzicht.regions.models import Organisation

from . import access
from .criteria import PRESETS
from .models import Assessment, Change, Criterion, Instrument, InstrumentState, Level


class StaleAssessment(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft deze status intussen bijgewerkt. Bekijk de nieuwe stand; wat u "
                           "typte staat er nog."))


class StaleInstrument(Stale):
    def __init__(self):
        super().__init__(_("Iemand anders heeft dit instrument intussen bijgewerkt. Bekijk de nieuwe stand."))


def _day(value):
    return formats.date_format(value, "j F Y")


# ---------------------------------------------------------------------------------- set-up (admin)
def _administered(region_of=lambda obj: obj):
    def check(user, obj, *args, **kwargs):
        region = region_of(obj)
        if not access.sets_up(user, region):
            audit.record(user, "denied", "approach_setup", region.pk, region=region.pk)
            raise PermissionDenied("approach_setup")
    return checked(check)


def _next_order(model, region):
    return (model.objects.filter(region=region).aggregate(n=Max("order"))["n"] or 0) + 1


@_administered()
def adopt_preset(user, region, key):
    """The region takes one of the shipped sets (criteria.PRESETS): its criteria are added (or
    reinstated, with the preset's texts), the region's other criteria retired. Statuses and
    history stay: a criterion of the same code keeps them. Returns the active criteria."""
    if key not in PRESETS:
        raise Invalid(_("Onbekende set criteria."), "preset")
    preset = PRESETS[key]
    codes = []
    for order, (code, name, name_en, text, text_en) in enumerate(preset["criteria"], start=1):
        Criterion.objects.update_or_create(region=region, code=code, defaults={
            "name": name, "name_en": name_en, "text": text, "text_en": text_en, "source": preset["source"],
            "order": order, "retired_at": None})
        codes.append(code)
    Criterion.objects.filter(region=region, retired_at__isnull=True).exclude(code__in=codes).update(
        retired_at=timezone.now())
    audit.record(user, "update", "approach_criteria", region.pk, region=region.pk, preset=key)
    return list(Criterion.objects.filter(region=region, retired_at__isnull=True))


def _criterion_texts(region, name, text, exclude=None):
    others = Criterion.objects.filter(region=region)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.filter(name__iexact=name.strip()).exists():
        raise Invalid(_("De regio heeft al een criterium met deze korte naam."), "name")


@_administered()
def add_criterion(user, region, *, name, name_en, text, text_en):
    """A criterion of the region's own (seed 002: "or its own")."""
    _criterion_texts(region, name, text)
    base = slugify(name)[:40] or "criterium"
    code, n = base, 1
    while Criterion.objects.filter(region=region, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    criterion = Criterion.objects.create(region=region, code=code, name=name, name_en=name_en, text=text,
                                         text_en=text_en, order=_next_order(Criterion, region))
    audit.record(user, "create", "approach_criterion", criterion.pk, region=region.pk)
    return criterion


@_administered(lambda criterion: criterion.region)
def update_criterion(user, criterion, *, name, name_en, text, text_en):
    _criterion_texts(criterion.region, name, text, exclude=criterion)
    Criterion.objects.filter(pk=criterion.pk).update(name=name, name_en=name_en, text=text, text_en=text_en)
    audit.record(user, "update", "approach_criterion", criterion.pk, region=criterion.region_id)


@_administered(lambda criterion: criterion.region)
def set_criterion_retired(user, criterion, retired):
    """Retire (no longer asked, kept in the history) or take back a criterion."""
    Criterion.objects.filter(pk=criterion.pk).update(retired_at=timezone.now() if retired else None)
    audit.record(user, "update", "approach_criterion", criterion.pk, region=criterion.region_id, retired=retired)


def _instrument_fields(region, *, name, barriers, partners, exclude=None):
    if not barriers:
        raise Invalid(_("Kies ten minste één barrière die dit instrument kan opwerpen."), "barriers")
    foreign = [p for p in partners if p.region_id != region.pk]
    if foreign:
        raise Invalid(_("%(org)s is geen partner van deze regio.") % {"org": foreign[0].name}, "partners")
    same = Instrument.objects.filter(region=region, name__iexact=name.strip())
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise Invalid(_("De regio heeft al een instrument met deze naam."), "name")


@_administered()
def add_instrument(user, region, *, name, name_en, description="", barriers=(), partners=(), other_partners=""):
    """An instrument of the region's barrier model, with the barriers it raises and who raises it."""
    partners = list(partners)
    _instrument_fields(region, name=name, barriers=barriers, partners=partners)
    instrument = Instrument.objects.create(region=region, name=name, name_en=name_en, description=description,
                                           other_partners=other_partners, order=_next_order(Instrument, region))
    instrument.barriers.set(barriers)
    instrument.partners.set(partners)
    audit.record(user, "create", "approach_instrument", instrument.pk, region=region.pk)
    return instrument


@_administered(lambda instrument: instrument.region)
def update_instrument(user, instrument, *, name, name_en, description="", barriers=(), partners=(),
                      other_partners=""):
    partners = list(partners)
    _instrument_fields(instrument.region, name=name, barriers=barriers, partners=partners, exclude=instrument)
    Instrument.objects.filter(pk=instrument.pk).update(name=name, name_en=name_en, description=description,
                                                       other_partners=other_partners)
    instrument.barriers.set(barriers)
    instrument.partners.set(partners)
    audit.record(user, "update", "approach_instrument", instrument.pk, region=instrument.region_id)


@_administered(lambda instrument: instrument.region)
def set_instrument_retired(user, instrument, retired):
    Instrument.objects.filter(pk=instrument.pk).update(retired_at=timezone.now() if retired else None)
    audit.record(user, "update", "approach_instrument", instrument.pk, region=instrument.region_id, retired=retired)


def region_partners(region):
    """The organisations an instrument may name: the region's active ones."""
    return Organisation.objects.filter(region=region, active=True)


# ------------------------------------------------------------------------------ the liaison's part
def _kept(user, municipality, *args, **kwargs):
    if not access.keeps(user, municipality):
        audit.record(user, "denied", "approach_municipality", municipality.pk, region=municipality.region_id)
        raise PermissionDenied("approach")


def _check_link(link):
    """Evidence links open in a browser: only web addresses (no javascript:, file:, ftp:)."""
    if link and not link.lower().startswith(("https://", "http://")):
        raise Invalid(_("Een link naar het bewijs begint met https:// of http://."), "evidence_link")


def _check_step(current, next_step, owner, due, today):
    """A next step names what, who and by when; a new step's date is not already past (a step kept
    as it was may be overdue: that is what the overview highlights, not a reason to refuse)."""
    if next_step and not (owner and due):
        errors = {}
        if not owner:
            errors["next_step_owner"] = [_("Noem wie de volgende stap zet.")]
        if not due:
            errors["next_step_due"] = [_("Noem wanneer de volgende stap uiterlijk gezet is.")]
        raise Invalid(errors=errors)
    if not next_step and (owner or due):
        raise Invalid(_("Beschrijf de volgende stap, of laat ook eigenaar en datum leeg."), "next_step")
    unchanged = current is not None and current.next_step == next_step and current.next_step_due == due
    if due and due < today and not unchanged:
        raise Invalid(_("De datum van een nieuwe volgende stap ligt in het verleden (%(day)s). Kies vandaag of "
                        "later.") % {"day": _day(due)}, "next_step_due")


@checked(_kept)
def record_assessment(user, municipality, criterion, *, level, since=None, evidence_link="", evidence_file=None,
                      decision_date=None, next_step="", next_step_owner="", next_step_due=None,
                      expected_version=None):
    """The liaison records where her municipality stands on one criterion: the level, the evidence
    (a document, a link and/or the date of the decision), the next step with its owner and date.
    `since` is when a new level began (default today; ignored when the level stays). A level of
    "met" needs evidence. `expected_version` is the version the user saw (0: none recorded yet);
    another's change in between refuses. Every change is kept in the history."""
    today = timezone.localdate()
    if criterion.region_id != municipality.region_id or criterion.retired_at is not None:
        raise Invalid(_("Dit criterium geldt niet (meer) in de regio van deze gemeente."), "criterion")
    if level not in Level.values:
        raise Invalid(_("Kies voldaan, deels voldaan of niet voldaan."), "level")
    current = Assessment.objects.select_for_update().filter(municipality=municipality, criterion=criterion).first()
    if expected_version is not None and expected_version != (current.version if current else 0):
        raise StaleAssessment
    since = since or today
    if since > today:
        raise Invalid(_("De datum 'sinds' ligt in de toekomst. Kies vandaag of eerder."), "since")
    if decision_date and decision_date > today:
        raise Invalid(_("De datum van het besluit ligt in de toekomst: leg een besluit vast als het genomen is."),
                      "decision_date")
    _check_link(evidence_link)
    _check_step(current, next_step, next_step_owner, next_step_due, today)
    changes_level = current is None or current.level != level
    if not changes_level:
        since = current.since
    elif current is not None and since < current.since:
        raise Invalid(_("De nieuwe status kan niet eerder ingaan dan de huidige (sinds %(day)s).")
                      % {"day": _day(current.since)}, "since")
    has_file = bool(evidence_file) or bool(current and current.evidence_file)
    if level == Level.MET and not (has_file or evidence_link or decision_date):
        raise Invalid(_("Voldaan vraagt om bewijs: een document, een link of de datum van het besluit."),
                      "evidence_link")
    fields = {"level": level, "since": since, "evidence_link": evidence_link, "decision_date": decision_date,
              "next_step": next_step, "next_step_owner": next_step_owner, "next_step_due": next_step_due,
              "updated_at": timezone.now(), "updated_by": user}
    if current is None:
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(municipality=municipality, criterion=criterion, **fields)
        except IntegrityError:  # someone recorded the first status in the same moment
            raise StaleAssessment from None
    else:
        Assessment.objects.filter(pk=current.pk).update(version=F("version") + 1, **fields)
        assessment = current
    if evidence_file:
        assessment.evidence_file.save("evidence", evidence_file, save=False)
        Assessment.objects.filter(pk=assessment.pk).update(
            evidence_file=assessment.evidence_file.name, evidence_name=(evidence_file.name or "")[:200],
            evidence_type=getattr(evidence_file, "sniffed_type", "") or "")
    assessment.refresh_from_db()
    change = Change.objects.create(
        assessment=assessment, municipality=municipality, criterion=criterion, level=level, since=since,
        opens_level=changes_level,
        evidence_link=evidence_link, evidence_name=assessment.evidence_name, decision_date=decision_date,
        next_step=next_step, next_step_owner=next_step_owner, next_step_due=next_step_due, changed_by=user)
    Change.objects.filter(assessment=assessment, until__isnull=True).exclude(pk=change.pk).update(until=since)
    audit.record(user, "create" if current is None else "update", "approach_assessment", assessment.pk,
                 region=municipality.region_id, criterion=criterion.code, level=level)
    return assessment


@checked(_kept)
def set_presence(user, municipality, instrument, *, presence, note="", expected_version=None):
    """The liaison records whether her municipality has an instrument of the barrier model in place."""
    if instrument.region_id != municipality.region_id or instrument.retired_at is not None:
        raise Invalid(_("Dit instrument hoort niet (meer) bij de regio van deze gemeente."), "instrument")
    current = InstrumentState.objects.select_for_update().filter(municipality=municipality,
                                                                 instrument=instrument).first()
    if expected_version is not None and expected_version != (current.version if current else 0):
        raise StaleInstrument
    fields = {"presence": presence, "note": note, "updated_at": timezone.now(), "updated_by": user}
    if current is None:
        try:
            with transaction.atomic():
                state = InstrumentState.objects.create(municipality=municipality, instrument=instrument, **fields)
        except IntegrityError:
            raise StaleInstrument from None
    else:
        InstrumentState.objects.filter(pk=current.pk).update(version=F("version") + 1, **fields)
        state = current
    state.refresh_from_db()
    audit.record(user, "update", "approach_instrument_state", state.pk, region=municipality.region_id,
                 instrument=instrument.pk, presence=presence)
    return state
