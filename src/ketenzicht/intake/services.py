"""Every change of state of a signal. Pages, API and the demo loader all call these.

Each function runs in one transaction, asks the access policy, and writes the audit trail.
"""
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.notifications import fanout
from ketenzicht.privacy import audit, grants, policy, subjects
from ketenzicht.privacy.access import subject_request_regions
from ketenzicht.regions.models import Sector
from ketenzicht.route import steps
from ketenzicht.route.models import RouteDefinition
from ketenzicht.webhooks import events as webhooks

from . import access, queries, signalenkaart
from .models import (
    AcuteIntervention,
    Attachment,
    CareCallIn,
    Channel,
    Feedback,
    Note,
    Person,
    Signal,
    SignalMunicipality,
    SignalTag,
    StageChange,
    hash_receipt,
)

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud without mistakes


# What a route step's effect does beyond the signal (e.g. "open_case"), filled in by the app that
# owns it from its registrations.py: intake sits below cases and imports none of it. The route
# engine refuses a definition with an effect nobody knows, so a missing entry is a set-up error.
_effects = {}


def on_effect(name, carry_out):
    """`carry_out(user, signal, transition, reason, intervention_kind, intervention, now)` runs
    inside the step's transaction."""
    _effects[name] = carry_out


class StaleVersion(Stale):
    """Someone else changed the signal since this user loaded it."""

    def __init__(self):
        super().__init__(_("Iemand anders heeft dit signaal intussen gewijzigd. Bekijk de nieuwe stand."))


def new_receipt_code() -> str:
    """80 random bits, e.g. 7KQM-X2PD-R9TC-H4WN; only its hash is stored."""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _require(user, action, signal):
    if not policy.can(user, action, signal):
        audit.record_signal(user, "denied", signal, reason=action)
        raise PermissionDenied(action)
    if access.is_emergency(user, action, signal):
        audit.record_signal(user, action, signal, reason="emergency", flagged=True)


def _allowed(action, signals_of=None):
    """Only for who may take `action` on the service's signal (or on each signal `signals_of` finds
    in the service's arguments after the user). Checked, and a refusal logged, before the
    transaction opens, so the entry is not rolled back with the refused change (lib.checked)."""
    def check(user, *args, **kwargs):
        for signal in signals_of(*args, **kwargs) if signals_of else args[:1]:
            _require(user, action, signal)
    return checked(check)


def _within_limits(model, labels=None, **texts):
    """The last line behind the forms: no free text longer than its field allows reaches the
    database, whichever way it came in (a partner system, a script)."""
    for name, value in texts.items():
        field = model._meta.get_field(name)
        if value and field.max_length and len(value) > field.max_length:
            raise Invalid(_("%(label)s is te lang: ten hoogste %(limit)s tekens, nu %(length)s.") % {
                "label": (labels or {}).get(name) or capfirst(field.verbose_name), "limit": number_format(field.max_length, force_grouping=True),
                "length": number_format(len(value), force_grouping=True)}, name)


def _create(*, municipality, others=(), description, channel, source_sector, reporter=None, organisation=None,
            kind="signal", exploitation_forms=(), indicators=(), barriers=(), location="", contact="",
            urgency="normal", persons=(), received_at=None, external_reference=None):
    _within_limits(Signal, description=description, location=location, contact=contact,
                   external_reference=external_reference)
    region = municipality.region
    route_definition = RouteDefinition.active_for(region)
    route = route_definition.route
    backfilled = received_at is not None
    received_at = received_at or timezone.now()
    code = new_receipt_code()
    signal = Signal.objects.create(
        region=region, route=route_definition, kind=kind, channel=channel, lead_municipality=municipality,
        description=description, location=location, urgency=urgency, reporter=reporter,
        reporter_organisation=organisation, source_sector=source_sector, anonymous=reporter is None and not contact,
        contact=contact, receipt_hash=hash_receipt(code), stage=route.signal.initial,
        external_reference=external_reference, deadline_at=route.deadline(received_at, route.signal.initial), received_at=received_at,
    )
    keys = SignalMunicipality.inbox_keys(signal)
    links = [SignalMunicipality(signal=signal, municipality=municipality, is_lead=True, **keys)]
    links += [SignalMunicipality(signal=signal, municipality=m, **keys) for m in others if m.pk != municipality.pk]
    SignalMunicipality.objects.bulk_create(links)
    chosen = {"form": exploitation_forms, "indicator": indicators, "barrier": barriers}
    for dimension, items in chosen.items():
        if items:  # a public signal usually has none: skip the round trips
            getattr(signal, SignalTag.DIMENSIONS[dimension]).add(*items)
    SignalTag.objects.bulk_create([
        SignalTag(signal=signal, region=region, received_at=received_at, dimension=dimension, item=item.pk)
        for dimension, items in chosen.items() for item in items])
    Person.objects.bulk_create([Person.build(signal, **p) for p in persons])
    StageChange.objects.create(signal=signal, transition="ontvangen", to_stage=signal.stage, actor=reporter,
                               at=received_at)
    if "received" in route.feedback:
        Feedback.objects.create(signal=signal, milestone="received", text=route.feedback_in("received"),
                                created_at=received_at)
    if contact:
        subjects.index("signal", signal.pk, region.pk, contact)
    audit.record_signal(reporter, "create", signal)
    if not backfilled:  # signals imported with their historic date notify nobody
        # Who handles it is told after the response (notices.new_signal_audience): one row here.
        fanout.announce("new_signal", signal.pk)
        webhooks.emit("signal.received", municipalities=[municipality, *others], signal_id=signal.pk)
    return signal, code


@transaction.atomic
def submit_public(cleaned, received_at=None) -> tuple[Signal, str]:
    """A citizen's signal: no account, anonymous unless they left contact details."""
    return _create(received_at=received_at,
        municipality=cleaned["municipality"], description=cleaned["description"],
        exploitation_forms=cleaned.get("exploitation_forms") or (), location=cleaned.get("location", ""),
        contact=cleaned.get("contact", ""), channel=Channel.PUBLIC_FORM, source_sector=Sector.CITIZEN,
    )


@transaction.atomic
def report(user, cleaned, persons=(), channel=Channel.PROFESSIONAL_FORM, received_at=None,
           external_reference=None) -> tuple[Signal, str]:
    """A professional's signal through the guided form or a partner system.

    Professionals get a receipt code too, to pass on to a citizen they report for. A partner's
    imported list names each signal by its own `external_reference`, unique per organisation.
    """
    if not access.can_report(user):
        raise PermissionDenied("report")
    municipality = cleaned["lead_municipality"]
    if not access.reportable_municipalities(user).filter(pk=municipality.pk).exists():
        raise Invalid(_("U kunt alleen melden voor gemeenten in uw eigen regio."), "lead_municipality")
    _refuse_foreign(municipality.region_id, cleaned.get("other_municipalities") or ())
    organisation = user.primary_organisation
    return _create(
        municipality=municipality, others=cleaned.get("other_municipalities") or (),
        description=cleaned["description"], kind=cleaned.get("kind") or "signal", channel=channel,
        source_sector=organisation.sector if organisation else Sector.OTHER, reporter=user,
        organisation=organisation, exploitation_forms=cleaned.get("exploitation_forms") or (),
        indicators=cleaned.get("indicators") or (), barriers=cleaned.get("barriers") or (),
        location=cleaned.get("location", ""), urgency=cleaned.get("urgency") or "normal",
        persons=persons, received_at=received_at, external_reference=external_reference,
    )


def _refuse_foreign(region_id, municipalities):
    """A signal belongs to one region: other municipalities outside it are refused, not dropped."""
    foreign = sorted(m.cbs_code for m in municipalities if m.region_id != region_id)
    if foreign:
        raise Invalid(_("Deze gemeenten horen niet bij de regio van het signaal: %(codes)s.")
                      % {"codes": ", ".join(foreign)}, "other_municipalities")


def _refuse_unoffered(signal, indicators):
    """Indicators the signal's region retired, or another region's own, are refused by their code."""
    refused = sorted(i.code for i in signalenkaart.unoffered(signal.region, indicators))
    if refused:
        raise Invalid(_("De signalenkaart van %(region)s biedt dit niet (meer) aan: %(codes)s.")
                      % {"region": signal.region.name, "codes": ", ".join(refused)}, "indicators")


def _bump(signal, expected_version):
    """Optimistic concurrency: change only the version the user saw, or fail."""
    if expected_version is not None and expected_version != signal.version:
        raise StaleVersion
    updated = Signal.objects.filter(pk=signal.pk, version=signal.version).update(
        version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleVersion
    signal.version += 1


UPDATABLE = ("kind", "exploitation_forms", "indicators", "barriers", "location", "description", "urgency",
             "other_municipalities")


def _check_update(user, signal, changes, expected_version):
    """Enrichment asks `update`; whether it is acute asks `mark_acute` (both, for both)."""
    acute = changes.get("is_acute")
    if set(changes) - {"is_acute"} or acute is None:
        _require(user, "update", signal)
    if acute is not None:
        _require(user, "mark_acute", signal)


@checked(_check_update)
def update(user, signal, changes: dict, expected_version):
    """Enrichment: the liaison corrects or completes what the signal holds. Whether it is acute
    changes the one way it always does (`set_acute`'s permission and log), in the same version."""
    changes = dict(changes)
    acute = changes.pop("is_acute", None)
    _refuse_foreign(signal.region_id, changes.get("other_municipalities") or ())
    if "indicators" in changes:  # what the signal already carries stays; a new one must be offered now
        _refuse_unoffered(signal, set(changes["indicators"] or ()) - set(signal.indicators.all()))
    _within_limits(Signal, **{name: changes[name] for name in ("description", "location") if name in changes})
    _bump(signal, expected_version)
    if acute is not None:
        _mark_acute(user, signal, acute)
    if not changes and acute is not None:
        SignalMunicipality.sync_inbox_keys(signal.pk)
        return signal
    fields, tags = [], {d for d, relation in SignalTag.DIMENSIONS.items() if relation in changes}
    for name, value in changes.items():
        if name in SignalTag.DIMENSIONS.values():
            getattr(signal, name).set(value)
        elif name == "other_municipalities":
            SignalMunicipality.objects.filter(signal=signal, is_lead=False).delete()
            SignalMunicipality.objects.bulk_create([
                SignalMunicipality(signal=signal, municipality=m) for m in value
                if m.pk != signal.lead_municipality_id])
        elif name in UPDATABLE:
            setattr(signal, name, value)
            fields.append(name)
    if fields:
        signal.save(update_fields=fields)
    if tags:
        SignalTag.sync(signal, tags)
    SignalMunicipality.sync_inbox_keys(signal.pk)
    audit.record_signal(user, "update", signal, fields=sorted(changes))
    return signal


def _restriction(user, restricted):
    """Restricted information is for the author's own organisation only."""
    return user.primary_organisation if restricted else None


def find_for_linking(user, signal, reference):
    """Another signal the user handles, by its 8-character reference or id; None if there is none."""
    ids = queries.reference_range(reference)
    if ids is None:
        return None
    candidates = policy.visible(user, Signal).filter(pk__gte=ids[0], pk__lte=ids[1]).exclude(
        pk=signal.pk).prefetch_related("municipality_links")[:2]
    handled = [s for s in candidates if policy.can(user, "update", s)]
    return handled[0] if len(handled) == 1 else None


@_allowed("update", lambda signal, other: (signal, other))
def link(user, signal, other):
    """Record that two signals are about the same situation (both must be the user's to handle)."""
    signal.related.add(other)
    audit.record_signal(user, "link", signal, linked=str(other.pk))


@_allowed("update", lambda person, other: (person.signal, other.signal))
def link_person(user, person, other):
    """Record that two persons of linked signals are one person: from then on they share an
    identity and the figures count them once. Both signals must be the user's to handle."""
    if not person.signal.related.filter(pk=other.signal_id).exists():  # symmetrical: both directions
        raise PermissionDenied("only persons of linked signals")
    Person.objects.filter(identity=other.identity).update(identity=person.identity)
    audit.record_signal(user, "link_person", person.signal, linked=str(other.signal_id))


def join_identities(person, other):
    """Give `other` and everyone already one with it the identity of `person` (as `link_person`
    does), for an app above that decided it with its own permission check and audit (linkage).
    Returns (ids of the persons moved, the identity they had), so the caller can undo it."""
    previous = other.identity
    moved = list(Person.objects.filter(identity=previous).order_by("pk").values_list("pk", flat=True))
    Person.objects.filter(pk__in=moved).update(identity=person.identity)
    return moved, previous


def restore_identity(person_ids, identity):
    """Undo `join_identities`: these persons get their former identity back."""
    Person.objects.filter(pk__in=person_ids).update(identity=identity)


@_allowed("note")
def add_note(user, signal, text, source="", restricted=False):
    _within_limits(Note, {"text": _("Aanvullende informatie"), "source": _("Bron")}, text=text, source=source)
    note = Note.objects.create(signal=signal, author=user, text=text, source=source,
                               restricted_to=_restriction(user, restricted))
    audit.record_signal(user, "note", signal)
    return note


@_allowed("feedback")
def give_feedback(user, signal, text):
    feedback = Feedback.objects.create(signal=signal, author=user, milestone="message", text=text)
    audit.record_signal(user, "feedback", signal)
    return feedback


@_allowed("mark_acute")
def set_acute(user, signal, acute, expected_version=None):
    """Mark a signal acute (it heads every inbox) or take the mark away: the page's button and the
    API's `is_acute` alike, with one permission and one line in the access log."""
    _bump(signal, expected_version)
    _mark_acute(user, signal, acute)
    SignalMunicipality.sync_inbox_keys(signal.pk)
    return signal


def _mark_acute(user, signal, acute):
    Signal.objects.filter(pk=signal.pk).update(is_acute=acute)
    signal.is_acute = acute
    audit.record_signal(user, "mark_acute", signal, acute=acute)


def mark_seen(user, signal):
    """The first time someone who handles the signal opens it, it is no longer new."""
    if signal.first_seen_at is None and access.signal_access(user, signal) == access.Access.HANDLE:
        now = timezone.now()
        with transaction.atomic():
            Signal.objects.filter(pk=signal.pk, first_seen_at__isnull=True).update(first_seen_at=now)
            SignalMunicipality.sync_inbox_keys(signal.pk)
        signal.first_seen_at = now


def available_transitions(user, signal):
    if not policy.can(user, "transition", signal):
        return []
    return signal.route.route.signal.available(signal.stage, access.route_roles(user, signal))


@_allowed("transition")
def take_transition(user, signal, name, reason="", expected_version=None, at=None, until=None, referral="",
                    intervention_kind="", intervention=""):
    """Move a signal along its route. Locked, checked and logged as one step; a step that opens a
    case opens it in the same transaction.

    `at` backdates the step, for importing history (the demo uses it); users never set it.
    """
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion
    route = locked.route.route
    transition = steps.check(route.signal, locked.stage, name, access.route_roles(user, locked), {
        "reason": reason, "until": until, "referral": referral,
        "intervention": intervention if intervention_kind in route.tracks else ""})
    now = at or timezone.now()
    _move(locked, transition, user, reason, now, monitor_until=until if "until" in transition.required else None,
          referral=referral.strip() if "referral" in transition.required else locked.referral)
    if transition.effect:
        _effects[transition.effect](user, locked, transition, reason, intervention_kind, intervention, now)
    audit.record_signal(user, "transition", locked, reason=name)
    signal.refresh_from_db()
    return signal


def _move(signal, transition, actor, reason, now, **fields):
    """Record the step, move the signal, copy its inbox keys, and give the feedback it triggers."""
    route = signal.route.route
    target = route.signal.stages[transition.target]
    StageChange.objects.create(signal=signal, transition=transition.name, from_stage=signal.stage,
                               to_stage=target.code, actor=actor, reason=reason, at=now)
    Signal.objects.filter(pk=signal.pk).update(
        stage=target.code, is_open=target.is_open, deadline_at=route.deadline(now, target.code),
        closed_at=None if target.is_open else now, version=F("version") + 1, updated_at=now, **fields)
    SignalMunicipality.sync_inbox_keys(signal.pk)
    if transition.feedback:
        Feedback.objects.create(signal=signal, milestone=transition.feedback, text=route.feedback_in(transition.feedback),
                                created_at=now)


def attach_case(signal, case):
    """The case a step of this signal opened (called inside that step, which was checked and logged)."""
    Signal.objects.filter(pk=signal.pk).update(case=case)
    signal.case = case


@transaction.atomic
def correct_contact(user, signal, contact):
    """A person's request (AVG articles 16 and 17), handled by the privacy officer: correct or erase
    the contact details they left with a signal. The subject index follows; the log flags it."""
    if signal.region_id not in subject_request_regions(user):
        raise PermissionDenied("subject_correct")
    Signal.objects.filter(pk=signal.pk).update(contact=contact, anonymous=not contact and signal.reporter_id is None)
    subjects.index("signal", signal.pk, signal.region_id, contact)
    audit.record_signal(user, "subject_correct" if contact else "subject_erase", signal, flagged=True)


def _subject_record(signal):
    return {
        "signal": signal.reference, "received_at": signal.received_at.isoformat(),
        "municipality": signal.lead_municipality.name, "contact": signal.contact,
        "description": signal.description, "location": signal.location, "status": signal.public_status,
        "feedback": [{"at": f.created_at.isoformat(), "text": f.text} for f in signal.feedback.all()],
    }


# The contact details a reporter left with a signal, for the requests of the people concerned.
SUBJECTS = subjects.Source(
    "signal",
    records=lambda ids: Signal.objects.filter(pk__in=ids).select_related("lead_municipality"),
    contacts=lambda: Signal.objects.exclude(contact="").values_list("pk", "region_id", "contact").iterator(
        chunk_size=1000),
    export=_subject_record, correct=correct_contact)


def after_route_move(ids):
    """Signals moved to another route version keep their inbox keys in step."""
    for pk in ids:
        SignalMunicipality.sync_inbox_keys(pk)


def system_transition(signal, name, now):
    """A step the system takes on a signal because of its case (e.g. the case closed)."""
    locked = Signal.objects.select_for_update().get(pk=signal.pk)
    flow = locked.route.route.signal
    transition = flow.transitions.get(name)
    if transition and transition in flow.available(locked.stage, {"system"}):
        _move(locked, transition, None, "", now)
        audit.record_signal(None, "transition", locked, reason=name)


@_allowed("attach")
def add_attachment(user, signal, upload, restricted=False):
    attachment = Attachment(signal=signal, name=upload.name[:200], content_type=upload.sniffed_type,
                            size=upload.size, uploaded_by=user, restricted_to=_restriction(user, restricted))
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    audit.record_signal(user, "attach", signal)
    return attachment


def find_by_receipt(code):
    """The public status lookup: a signal by its receipt code, or None."""
    signal = Signal.objects.select_related("route").filter(receipt_hash=hash_receipt(code)).first()
    if signal:
        audit.record_signal(None, "receipt_lookup", signal)
    else:
        audit.record(None, "receipt_miss", "signal")
    return signal


# What apps above intake forget of a signal when it is anonymised (linkage: the persons'
# identifiers), filled in from their registrations.py: `forget(signal_ids)` runs in the batch's transaction.
_forgetters = []


def on_anonymise(forget):
    _forgetters.append(forget)


def anonymise(signals) -> int:
    """Irreversibly remove from these signals what identifies anyone, keeping what the figures count.

    Kept: kind, channel, sector and organisation of the reporter, municipalities, forms,
    indicators, barriers, persons' role, age group, minor, LVB, nationality group and gender, the
    route history's dates. Erased: free text, contact, receipt code, the reporter's account, exact
    ages, notes, feedback, reasons, attachments, emergency grants, the acute route's texts and who
    recorded them, and the care coordinator's call-in reason.
    """
    ids = list(signals.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    now = timezone.now()
    for start in range(0, len(ids), 500):
        batch = ids[start:start + 500]
        with transaction.atomic():
            for attachment in Attachment.objects.filter(signal_id__in=batch):
                attachment.file.delete(save=False)
            Attachment.objects.filter(signal_id__in=batch).delete()
            Note.objects.filter(signal_id__in=batch).delete()
            AcuteIntervention.objects.filter(signal_id__in=batch).update(text="", recorded_by=None)
            CareCallIn.objects.filter(signal_id__in=batch).update(reason="", called_by=None)
            Feedback.objects.filter(signal_id__in=batch).delete()
            grants.forget(batch)
            subjects.forget("signal", batch)
            StageChange.objects.filter(signal_id__in=batch).update(reason="", actor=None)
            Person.objects.filter(signal_id__in=batch).update(age=None)
            for forget in _forgetters:
                forget(batch)
            Signal.objects.filter(pk__in=batch).update(
                description="", location="", contact="", receipt_hash=None, reporter=None, anonymous=True,
                anonymised_at=now)
    return len(ids)
