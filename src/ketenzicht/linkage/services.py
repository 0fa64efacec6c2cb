"""Every change of state of the linkage: recording what identifies a person of a signal or the
person of a care trajectory (encoded on save, then matched against the encodings of other signals'
persons and other trajectories), and deciding on a suggestion.

Matching reads only `key_version`, `bloom` and the identifier codes; it never loads a clear field
(`_stored_encodings` defers them, and a test runs it with decryption failing).
"""
import copy
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ketenzicht import ratelimit
from ketenzicht.care import services as care_services
from ketenzicht.care.models import Trajectory
from ketenzicht.intake import services as intake_services
from ketenzicht.intake.models import Person, Signal
from ketenzicht.lib.checked import checked
from ketenzicht.lib.crypto import EncryptedTextField
from ketenzicht.lib.errors import Conflict, Invalid, TooMany
from ketenzicht.notifications import services as notifications
from ketenzicht.privacy import access as privacy_access
from ketenzicht.privacy import audit, subjects

from . import access, encoding, keys, matching, normalise
from .models import (
    Decision,
    Gender,
    IdentifierCode,
    IdentifierKind,
    LinkDecision,
    PersonIdentifiers,
    Suggestion,
    SuggestionStatus,
)

CLEAR_FIELDS = ("given_name", "family_name", "date_of_birth", "gender", "nationality", "phones", "addresses",
                "emails", "plates", "kvk")
SUGGESTION_LIMIT = 10

# Recording identifiers looks for matches across the country: a person records a few at a time, a
# prober trying name after name does not get far (each save is in the access log with its candidates).
RECORDS_PER_MINUTE = 10


def _require(user, signal, action="linkage"):
    if not access.may_record(user, signal):
        audit.record_signal(user, "denied", signal, reason=action)
        raise PermissionDenied(action)


def _require_trajectory(user, trajectory, action="linkage"):
    if not access.may_record_trajectory(user, trajectory):
        audit.record(user, "denied", "trajectory", trajectory.pk, reason=action, region=trajectory.region_id)
        raise PermissionDenied(action)


def _log(user, action, side, **detail):
    """One entry in the access log, against the side's own record (its signal, or its trajectory)."""
    if isinstance(side, Trajectory):
        audit.record(user, action, "trajectory", side.pk, region=side.region_id, **detail)
    else:
        audit.record_signal(user, action, side.signal, **detail)


def _side_fields(side, right=False):
    """The Suggestion's fields for one side: person/trajectory (left), candidate/candidate_trajectory (right)."""
    if isinstance(side, Trajectory):
        return {"candidate_trajectory" if right else "trajectory": side}
    return {"candidate" if right else "person": side}


def _key(side):
    return ("trajectory" if isinstance(side, Trajectory) else "person", side.pk)


def _keys(suggestion):
    left = ("person", suggestion.person_id) if suggestion.person_id else ("trajectory", suggestion.trajectory_id)
    right = (("person", suggestion.candidate_id) if suggestion.candidate_id
             else ("trajectory", suggestion.candidate_trajectory_id))
    return left, right


def _identity(side):
    """What the figures count this side as: a person's identity, or the trajectory's (care)."""
    return care_services.identity_of(side) if isinstance(side, Trajectory) else side.identity


def _on_field(field, normalise_one, *args):
    """Run one normaliser and put its error on the form's field (the engine names its own, e.g.
    "name.given_name": its last part is the form's field where the form has one)."""
    try:
        return normalise_one(*args)
    except Invalid as error:
        named = (error.field or "").rpartition(".")[2]
        raise Invalid(error.message, named if named in CLEAR_FIELDS else field) from error


def _nationality(value):
    text = (value or "").strip().upper()
    if text and not re.fullmatch(r"[A-Z]{2}", text):
        raise Invalid(_("Nationaliteit '%(value)s' is geen landcode van twee letters (ISO 3166), zoals NL of RO.")
                      % {"value": value[:20]}, "nationality")
    return text


def _address(value):
    folded = normalise.token(value, "addresses", _("Adres"))
    if not folded:
        raise Invalid(_("Adres '%(value)s' bevat geen letters of cijfers.") % {"value": value}, "addresses")
    return folded


def normalised(data):
    """The identifiers as the encodings take them, and the exact codes' (kind, value) pairs.
    Raises Invalid on the form's field name; nothing is stored then."""
    given, family = data.get("given_name", ""), data.get("family_name", "")
    name = _on_field("family_name", normalise.name, given, family) if (given or family) else None
    date_of_birth = _on_field("date_of_birth", normalise.date_of_birth, data.get("date_of_birth", ""))
    gender = data.get("gender", "")
    if gender and gender not in Gender.values:
        raise Invalid(_("Kies een geslacht uit de lijst."), "gender")
    nationality = _nationality(data.get("nationality", ""))
    exact = []
    for kind, field, one in ((IdentifierKind.PHONE, "phones", normalise.phone),
                             (IdentifierKind.EMAIL, "emails", normalise.email),
                             (IdentifierKind.PLATE, "plates", normalise.plate)):
        exact += [(kind, _on_field(field, one, line)) for line in PersonIdentifiers.lines(data.get(field, ""))]
    exact += [(IdentifierKind.ADDRESS, _address(line)) for line in PersonIdentifiers.lines(data.get("addresses", ""))]
    kvk = _on_field("kvk", normalise.kvk, data.get("kvk", ""))
    if kvk:
        exact.append((IdentifierKind.KVK, kvk))
    exact = sorted({(str(kind), value) for kind, value in exact if value})
    if name is None and date_of_birth is None and not exact:
        raise Invalid(_("Vul ten minste een naam, geboortedatum, telefoonnummer, adres, e-mailadres, kenteken of "
                        "KvK-nummer in."), "family_name")
    ids = encoding.Identifiers(
        name=name, date_of_birth=date_of_birth, gender=gender,
        extra=(("nationality", nationality.lower()),) if nationality else (),
        exact=tuple((kind, value) for kind, value in exact if kind in encoding.EXACT_KINDS))
    return ids, exact


def _encode(ids, exact, key):
    """The Encoding of the filter plus every exact code (the address's too), and the codes' rows."""
    coded = encoding.encode(ids, key)
    codes = [(kind, encoding.exact_code(kind, value, key)) for kind, value in exact]
    return encoding.Encoding(coded.version, coded.bloom, frozenset(code for _kind, code in codes)), codes


def _store(user, side, data):
    """Encode and store what identifies one side, then match it. Returns the open suggestions."""
    if ratelimit.count(f"linkage:{user.pk}", RECORDS_PER_MINUTE):  # no trying names against the country
        raise TooMany(_("U heeft deze minuut al %(n)s keer identificerende gegevens vastgelegd; probeer het over "
                        "een minuut opnieuw.") % {"n": RECORDS_PER_MINUTE})
    ids, exact = normalised(data)
    key = keys.current()
    coded, codes = _encode(ids, exact, key)
    clear = {field: (data.get(field) or "").strip() for field in CLEAR_FIELDS}
    clear["nationality"] = clear["nationality"].upper()
    stored, _created = PersonIdentifiers.objects.update_or_create(
        **_side_fields(side), defaults={**clear, "key_version": coded.version, "bloom": coded.bloom,
                                        "updated_by": user})
    stored.codes.all().delete()
    IdentifierCode.objects.bulk_create([IdentifierCode(identifiers=stored, kind=kind, code=code.hex())
                                        for kind, code in codes])
    region = side.region_id if isinstance(side, Trajectory) else side.signal.region_id
    subjects.index(SUBJECT_TYPE, stored.pk, region, _contacts(stored))
    return _suggest(user, side, coded)


@checked(lambda user, person, data: _require(user, person.signal))
def record(user, person, data):
    """Record (or change) what identifies a person of a signal, encode it, and look for possible
    matches among the persons of other signals and the trajectories. Returns the suggestions now
    open for this person."""
    found = _store(user, person, data)
    audit.record_signal(user, "identifiers", person.signal, person=person.pk, suggestions=len(found),
                        candidates=sorted(s.candidate_id if s.person_id == person.pk else s.person_id for s in found
                                          if s.candidate_id and s.person_id),
                        trajectories=sorted(str(s.trajectory_id or s.candidate_trajectory_id) for s in found
                                            if s.trajectory_id or s.candidate_trajectory_id))
    return found


@checked(lambda user, trajectory, data: _require_trajectory(user, trajectory))
def record_trajectory(user, trajectory, data):
    """Record (or change) what identifies the person of a care trajectory (with or without a
    signal), as for a signal's person: encoded the same way and matched against the persons of
    signals and the other trajectories. Returns the suggestions now open for this trajectory."""
    if trajectory.anonymised_at:
        raise Invalid(_("Dit traject is geanonimiseerd; er worden geen identificerende gegevens meer bij "
                        "vastgelegd."), "family_name")
    found = _store(user, trajectory, data)
    others = [right if left == _key(trajectory) else left for left, right in map(_keys, found)]
    audit.record(user, "identifiers", "trajectory", trajectory.pk, region=trajectory.region_id,
                 suggestions=len(found), candidates=sorted(pk for kind, pk in others if kind == "person"),
                 trajectories=sorted(str(pk) for kind, pk in others if kind == "trajectory"))
    return found


def _stored_encodings(version, side):
    """The encodings under this key of every other record that may be another registration of this
    side's person: persons of other signals and other trajectories, not those already counted as
    the same person. Returns ([(kind, id)], Store). Reads no clear field: the query names only the
    encodings' columns."""
    identity = _identity(side)
    rows = PersonIdentifiers.objects.filter(key_version=version).exclude(person__identity=identity) \
        .exclude(trajectory_id__in=care_services.trajectories_of(identity))
    if isinstance(side, Trajectory):
        rows = rows.exclude(trajectory=side)
    else:
        rows = rows.exclude(person__signal_id=side.signal_id)
    rows = list(rows.order_by("pk").values_list("pk", "person_id", "trajectory_id", "bloom"))
    codes = {}
    for identifiers_id, code in IdentifierCode.objects.filter(
            identifiers__in=[row[0] for row in rows]).values_list("identifiers_id", "code"):
        codes.setdefault(identifiers_id, set()).add(bytes.fromhex(code))
    store = matching.Store([encoding.Encoding(version, bytes(bloom), frozenset(codes.get(pk, ())))
                            for pk, _person, _trajectory, bloom in rows])
    owners = [("person", person) if person else ("trajectory", trajectory) for _pk, person, trajectory, _b in rows]
    return owners, store


def _clear(model, prefix=""):
    """The names of a model's encrypted fields, which the matcher leaves unread (deferred)."""
    return [prefix + field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def _side(key):
    """The record a match found, without its clear fields: not the other trajectory's name or date
    of birth, nor the other signal's text (none is needed for a suggestion or its mirror notice)."""
    kind, pk = key
    if kind == "person":
        return Person.objects.select_related("signal").defer(*_clear(Person), *_clear(Signal, "signal__")).get(pk=pk)
    return Trajectory.objects.defer(*_clear(Trajectory)).get(pk=pk)


def _suggest(user, side, coded):
    owners, store = _stored_encodings(coded.version, side)
    hits = matching.lookup(coded, store, limit=SUGGESTION_LIMIT) if owners else []
    scores = {owners[index]: score for index, score in hits}
    own = _key(side)
    where = Q(trajectory=side) | Q(candidate_trajectory=side) if own[0] == "trajectory" \
        else Q(person=side) | Q(candidate=side)
    existing = {_keys(s): s for s in Suggestion.objects.filter(where)}
    # What no longer scores goes, unless someone decided on it (a decision stays, with its log).
    stale = [s.pk for pair, s in existing.items() if s.status == SuggestionStatus.OPEN
             and not s.decisions.exists() and (pair[1] if pair[0] == own else pair[0]) not in scores]
    Suggestion.objects.filter(pk__in=stale).delete()
    found = []
    for other, score in scores.items():
        known = existing.get((own, other)) or existing.get((other, own))
        if known is not None:
            if known.status == SuggestionStatus.OPEN and known.score != score:
                known.score = score
                known.save(update_fields=["score"])
            found.append(known)
            continue
        suggestion = Suggestion.objects.create(**_side_fields(side), **_side_fields(_side(other), right=True),
                                               score=score)
        _mirror_notice(user, suggestion)
        found.append(suggestion)
    return [s for s in found if s.status == SuggestionStatus.OPEN]


def _mirror_notice(user, suggestion):
    """The other side hears that a possible match exists, when the user may not handle its record."""
    other = suggestion.right
    if access.may_handle(user, other):
        return
    kind = "linkage_match_care" if isinstance(other, Trajectory) else "linkage_match"
    notifications.notify(access.handlers_of(other), kind, access.page_of(other), about=access.record_of(other))


def _decision_notice(user, suggestion, other, decision):
    """The other side's handlers hear that someone decided on a suggestion about their record (no
    content: a link to their own record's linkage page), and the access log holds the decision
    against their record too."""
    _log(user, "link_decision", other, suggestion=suggestion.pk, decision=decision, by_other_side=True)
    kind = "linkage_decision_care" if isinstance(other, Trajectory) else "linkage_decision"
    notifications.notify([u for u in access.handlers_of(other) if u.pk != user.pk], kind, access.page_of(other),
                         about=access.record_of(other))


def _check_decision(user, suggestion, decision, expected_version=None):
    if access.own_side(user, suggestion) is None:
        audit.record(user, "denied", "link_suggestion", suggestion.pk, reason="decide",
                     region=access.region_of(suggestion.left))
        raise PermissionDenied("decide")


def require_decider(user, suggestion):
    """Refuses whoever handles neither side of a suggestion (logged, PermissionDenied), as `decide`
    does: a caller that reads a request body first asks this first, so that an outsider learns
    nothing from the answer to a bad body."""
    _check_decision(user, suggestion, None)


@checked(_check_decision)
def decide(user, suggestion, decision, expected_version=None):
    """'same' links the two persons as one (they share an identity from then on), 'different'
    rejects the suggestion, 'undone' takes the last decision back. Either side decides (after
    contact, when the other lies outside their scope); every decision is logged with its score."""
    # Lock the row and take its current state; the sides never change (and stay loaded without their
    # clear fields, access.fetch_suggestion).
    current = Suggestion.objects.select_for_update().filter(pk=suggestion.pk).values_list("status", "version").first()
    if current is None:  # its trajectory or signal anonymised (or deleted) since the page was shown
        raise Conflict(_("Deze mogelijke match bestaat niet meer. Bekijk de nieuwe stand."))
    suggestion = copy.copy(suggestion)  # the caller's object stays as it was given
    suggestion.status, suggestion.version = current
    if expected_version is not None and suggestion.version != expected_version:
        raise Conflict(_("Over deze mogelijke match is intussen besloten. Bekijk de nieuwe stand."))
    allowed = {Decision.SAME: SuggestionStatus.OPEN, Decision.DIFFERENT: SuggestionStatus.OPEN}
    if decision not in Decision.values:
        raise Invalid(_("Kies 'zelfde persoon' of 'niet dezelfde'."), "decision")
    if decision in allowed and suggestion.status != allowed[decision]:
        raise Conflict(_("Over deze mogelijke match is al besloten."))
    if decision == Decision.UNDONE and suggestion.status == SuggestionStatus.OPEN:
        raise Conflict(_("Er is nog geen besluit om terug te draaien."))
    if any(_anonymised(side) for side in (suggestion.left, suggestion.right)):
        # What identified the person there is gone: no one can check a match with it any more, so a
        # decision stays as it was taken (and counts in the figures); an undo would reopen it blind.
        raise Conflict(_("Een van beide kanten is geanonimiseerd; over deze mogelijke match wordt niet meer "
                         "besloten."))
    own, other = access.own_side(user, suggestion)
    moved, previous, moved_trajectories = [], None, {}
    if decision == Decision.SAME:
        moved, previous, moved_trajectories = _join(suggestion.left, suggestion.right)
        suggestion.status = SuggestionStatus.CONFIRMED
    elif decision == Decision.DIFFERENT:
        suggestion.status = SuggestionStatus.REJECTED
    else:
        if suggestion.status == SuggestionStatus.CONFIRMED:
            last = suggestion.decisions.filter(decision=Decision.SAME).first()
            intake_services.restore_identity(last.moved, last.previous_identity)
            care_services.restore_identities(last.moved_trajectories)
        suggestion.status = SuggestionStatus.OPEN
    suggestion.version += 1
    suggestion.save(update_fields=["status", "version"])
    LinkDecision.objects.create(suggestion=suggestion, user=user, score=suggestion.score, decision=decision,
                                moved=moved, previous_identity=previous, moved_trajectories=moved_trajectories)
    _log(user, "link_decision", own, suggestion=suggestion.pk, decision=decision)
    _decision_notice(user, suggestion, other, decision)
    return suggestion


def _anonymised(side):
    record = access.record_of(side)
    return type(record).objects.filter(pk=record.pk, anonymised_at__isnull=False).exists()


class _Identity:
    """An identity to hand to intake.services.join_identities, which reads only `.identity`."""

    def __init__(self, identity):
        self.identity = identity


def _join(left, right):
    """Everything counted as the right side's person is counted as the left side's from now on:
    persons (intake) and trajectories (care). Returns what undoing it needs."""
    identity, previous = _identity(left), _identity(right)
    moved, previous = intake_services.join_identities(_Identity(identity), _Identity(previous))
    return moved, previous, care_services.join_identities(identity, previous)


def forget(signal_ids):
    """A signal anonymised: its persons' identifiers and their encodings go, with the suggestions
    still open about them (decided ones stay, with their log, for the figures)."""
    rows = PersonIdentifiers.objects.filter(person__signal_id__in=signal_ids)
    subjects.forget(SUBJECT_TYPE, list(rows.values_list("pk", flat=True)))
    rows.delete()
    Suggestion.objects.filter(Q(person__signal_id__in=signal_ids) | Q(candidate__signal_id__in=signal_ids),
                              status=SuggestionStatus.OPEN).delete()


def forget_trajectories(trajectory_ids):
    """Trajectories anonymised (care's retention): what identifies their persons goes, with the
    suggestions still open about them; decided ones stay, and the identity they gave, for the figures."""
    rows = PersonIdentifiers.objects.filter(trajectory_id__in=trajectory_ids)
    subjects.forget(SUBJECT_TYPE, list(rows.values_list("pk", flat=True)))
    rows.delete()
    Suggestion.objects.filter(Q(trajectory_id__in=trajectory_ids) | Q(candidate_trajectory_id__in=trajectory_ids),
                              status=SuggestionStatus.OPEN).delete()



def reencode_stale(batch_size=500):
    """After a key rotation: encode again, under the newest key, the identifiers stored under an
    older one (from their encrypted clear values), so they match again. Returns (done, refused):
    a record whose stored values no longer pass the checks is left as it was and counted."""
    key = keys.current()
    done = refused = 0
    last = 0
    while True:
        stale = list(PersonIdentifiers.objects.exclude(key_version=key.version).filter(pk__gt=last)
                     .order_by("pk")[:batch_size])
        if not stale:
            return done, refused
        last = stale[-1].pk
        for row in stale:
            try:
                ids, exact = normalised({field: getattr(row, field) for field in CLEAR_FIELDS})
            except Invalid:
                refused += 1
                continue
            coded, codes = _encode(ids, exact, key)
            with transaction.atomic():
                PersonIdentifiers.objects.filter(pk=row.pk).update(key_version=coded.version, bloom=coded.bloom)
                row.codes.all().delete()
                IdentifierCode.objects.bulk_create([IdentifierCode(identifiers=row, kind=kind, code=code.hex())
                                                    for kind, code in codes])
            done += 1


# The identifiers of a person, for the requests of the people concerned (privacy.subjects): found by
# the phone numbers and e-mail addresses among them, handed over in clear, erased with the record.
SUBJECT_TYPE = "linkage_identifiers"


def _contacts(row):
    return f"{row.phones}\n{row.emails}"


def _with_region(rows):
    return rows.annotate(region_id=Coalesce(F("person__signal__region_id"), F("trajectory__region_id")))


def _subject_contacts():
    for row in _with_region(PersonIdentifiers.objects.only("pk", "phones", "emails")).iterator(chunk_size=1000):
        yield row.pk, row.region_id, _contacts(row)


def _subject_record(row):
    owner = {"signal": row.person.signal.reference} if row.person_id else {"trajectory": row.trajectory.reference}
    return {"kind": SUBJECT_TYPE, **owner, "updated_at": row.updated_at.isoformat(),
            **{field: getattr(row, field) for field in CLEAR_FIELDS}}


def _subject_description(row):
    if row.person_id:
        return _("Identificerende gegevens van een betrokkene van signaal %(reference)s") % {
            "reference": row.person.signal.reference}
    return _("Identificerende gegevens van de persoon van zorgtraject %(reference)s") % {
        "reference": row.trajectory.reference}


@transaction.atomic
def subject_erase(user, row, contact):
    """A person's request (AVG article 17), handled by the privacy officer: erase what identifies
    them on this record, as anonymising it would (the open suggestions go; decided ones stay).
    Correcting them is done on the record's own page, by whoever handles it."""
    if contact:
        raise Invalid(_("Identificerende gegevens worden gecorrigeerd op de pagina van het signaal of zorgtraject; "
                        "hier kunnen ze alleen gewist worden."), "contact")
    if row.region_id not in privacy_access.subject_request_regions(user):
        raise PermissionDenied("subject_correct")
    if row.person_id:
        forget_person = Q(person_id=row.person_id) | Q(candidate_id=row.person_id)
    else:
        forget_person = Q(trajectory_id=row.trajectory_id) | Q(candidate_trajectory_id=row.trajectory_id)
    subjects.forget(SUBJECT_TYPE, [row.pk])
    PersonIdentifiers.objects.filter(pk=row.pk).delete()
    Suggestion.objects.filter(forget_person, status=SuggestionStatus.OPEN).delete()
    audit.record(user, "subject_erase", SUBJECT_TYPE, row.pk, region=row.region_id, flagged=True)


SUBJECTS = subjects.Source(
    SUBJECT_TYPE,
    records=lambda ids: _with_region(PersonIdentifiers.objects.filter(pk__in=ids)
                                     .select_related("person__signal", "trajectory")),
    contacts=_subject_contacts, export=_subject_record, correct=subject_erase, describe=_subject_description)
