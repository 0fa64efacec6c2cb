"""Everything that changes a care trajectory. Each call is one transaction, checked, and logged;
what needs consent refuses without it and says why."""
from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, UUIDField
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.accounts.access import administers
from ketenzicht.cases import services as cases
from ketenzicht.intake.models import AgeGroup, NationalityGroup, Person, PersonRole
from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit, policy, sharing
from ketenzicht.privacy.kinds import Kind

from . import access
from .models import (
    OPEN,
    Consent,
    HandOver,
    Need,
    Note,
    Phase,
    PlaceKind,
    Placement,
    Referral,
    SharedSummary,
    ShelterPlace,
    Status,
    Trajectory,
)

REVIEW_DAYS = 14


def _require(user, trajectory):
    if access.trajectory_access(user, trajectory) < access.CareAccess.HANDLE:
        audit.record(user, "denied", "trajectory", trajectory.pk, region=trajectory.region_id)
        raise PermissionDenied("care")


def _handled(trajectory_of=None):
    """Only for whoever handles the trajectory (`trajectory_of` finds it from the service's first
    object; default: the object is the trajectory). Checked, and a refusal logged, before the
    transaction opens, so the entry is not rolled back with the refused change (lib.checked)."""
    def check(user, obj, *args, **kwargs):
        _require(user, trajectory_of(obj) if trajectory_of else obj)
    return checked(check)


def _require_recipient(trajectory, organisation):
    """A dossier or referral goes only where the policy lets someone receive it."""
    if not access.care_recipients(trajectory).filter(pk=organisation.pk).exists():
        raise Invalid(_("%(org)s kan geen zorgdossiers of verwijzingen voor dit traject "
                        "ontvangen.") % {"org": organisation.name}, "organisation")


def _log(user, action, trajectory, **detail):
    audit.record(user, action, "trajectory", trajectory.pk, region=trajectory.region_id, **detail)


@transaction.atomic
def open_trajectory(user, *, name, municipality, birth_date="", is_minor=False, age=None, gender="unknown",
                    third_country=False, exploitation_forms=(), signal=None, track=None, needs=()):
    """A trajectory from a signal, a case's care track, or directly."""
    if not access.coordinated_municipalities(user).filter(pk=municipality.pk).exists():
        raise PermissionDenied("care")
    trajectory = Trajectory.objects.create(
        region_id=municipality.region_id, municipality=municipality, name=name, birth_date=birth_date,
        is_minor=is_minor, age_group=AgeGroup.of(age, is_minor), gender=gender, third_country=third_country,
        signal=signal, track=track, coordinator=user, review_on=timezone.localdate() + timedelta(days=REVIEW_DAYS))
    trajectory.exploitation_forms.set(exploitation_forms)
    Need.objects.bulk_create([Need(trajectory=trajectory, kind=kind) for kind in needs])
    _log(user, "create", trajectory)
    return trajectory


@_handled()
def set_phase(user, trajectory, phase, blocked=None):
    fields = {"phase": phase, "review_on": timezone.localdate() + timedelta(days=REVIEW_DAYS)}
    if blocked is not None:
        fields["blocked"] = blocked
    Trajectory.objects.filter(pk=trajectory.pk).update(**fields)
    _log(user, "phase", trajectory, phase=phase)


@_handled()
def add_note(user, trajectory, text, review_on=None):
    Note.objects.create(trajectory=trajectory, author=user, text=text)
    if review_on:
        if review_on < timezone.localdate():
            raise Invalid(_("De evaluatiedatum ligt in het verleden."), "review_on")
        Trajectory.objects.filter(pk=trajectory.pk).update(review_on=review_on)
    _log(user, "note", trajectory)


@_handled()
def record_consent(user, trajectory, purpose, form, given_on, organisation=None):
    if purpose == Consent.Purpose.SHARE and organisation is None:
        raise Invalid(_("Toestemming om te delen geldt voor een genoemde partner."), "organisation")
    if given_on > timezone.localdate():
        raise Invalid(_("Toestemming kan niet in de toekomst gegeven zijn."), "given_on")
    consent = Consent.objects.create(trajectory=trajectory, purpose=purpose, form=form, given_on=given_on,
                                     organisation=organisation if purpose == Consent.Purpose.SHARE else None)
    _log(user, "consent", trajectory, purpose=purpose)
    return consent


@_handled(lambda consent: consent.trajectory)
def withdraw_consent(user, consent, on=None):
    Consent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True).update(withdrawn_on=on or timezone.localdate())
    _log(user, "consent_withdrawn", consent.trajectory, purpose=consent.purpose)


def _share_consent(trajectory, organisation, field="organisation"):
    """The person's consent to share with this organisation, or a refusal naming what is missing:
    the same rule for a placement, a hand-over and a referral (privacy.sharing)."""
    return sharing.require_ground(organisation, active_consent(trajectory, Consent.Purpose.SHARE, organisation),
                                  sharing.CONSENT, field)


def active_consent(trajectory, purpose, organisation=None):
    consents = trajectory.consents.filter(purpose=purpose, withdrawn_on__isnull=True)
    if organisation is not None:
        consents = consents.filter(organisation=organisation)
    return consents.order_by("-given_on").first()


@_handled()
def set_reflection(user, trajectory, start, residence_status=""):
    if not trajectory.third_country:
        raise Invalid(_("De bedenktijd geldt voor slachtoffers uit een derde land."), "reflection_start")
    Trajectory.objects.filter(pk=trajectory.pk).update(reflection_start=start, residence_status=residence_status)
    _log(user, "reflection", trajectory)


def free_places(place, on):
    """How many of a provider's places are free on a day."""
    taken = place.placements.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on).count()
    return place.places - taken if place.free_from <= on else 0


def free_of(places, on):
    """How many places are free on a day, for each of `places` (by id), in one query."""
    places = list(places)
    taken = dict(Placement.objects.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on, place__in=places)
                 .order_by().values("place").annotate(n=Count("pk")).values_list("place", "n"))
    return {p.pk: p.places - taken.get(p.pk, 0) if p.free_from <= on else 0 for p in places}


def suitable_kinds(trajectory):
    """Which kinds of place fit: minors only in a place for minors; adults by gender or COSM/group."""
    if trajectory.is_minor:
        return {PlaceKind.MINORS}
    kinds = {PlaceKind.GROUP, PlaceKind.COSM}
    if trajectory.gender in ("female", "unknown", "other"):
        kinds.add(PlaceKind.WOMEN)
    if trajectory.gender in ("male", "unknown", "other"):
        kinds.add(PlaceKind.MEN)
    return kinds


class StalePlace(Stale):
    """Someone else updated the shelter place since the user loaded it."""

    def __init__(self):
        super().__init__(_("Iemand anders heeft deze plekken intussen bijgewerkt. Bekijk de nieuwe stand."))


PLACE_FIELDS = ("kind", "places", "free_from", "conditions")


@transaction.atomic
def update_shelter_place(user, place, changes, expected_version=None):
    """A provider keeps its places up to date (kind, how many, free from when, conditions): the
    page and the API alike. Only the version the user saw is changed; the update is logged."""
    if not access.places_managed_by(user).filter(pk=place.pk).exists():
        raise PermissionDenied("shelter_place")
    fields = {name: value for name, value in changes.items() if name in PLACE_FIELDS}
    rows = ShelterPlace.objects.filter(pk=place.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now(), **fields):
        raise StalePlace
    place.refresh_from_db()
    audit.record(user, "update", "shelter_place", place.pk, fields=sorted(fields))
    return place


def _require_region_admin(user, organisation):
    if not (policy.active(user) and administers(user, organisation.region_id)):
        audit.record(user, "denied", "shelter_place", "", region=organisation.region_id)
        raise PermissionDenied("shelter_place")


def _administered(organisation_of=None):
    """Only for the administrator of the region of the service's organisation (`organisation_of`
    finds it from the service's first object); checked and logged before the transaction opens,
    as `_handled`."""
    def check(user, obj, *args, **kwargs):
        _require_region_admin(user, organisation_of(obj) if organisation_of else obj)
    return checked(check)


@_administered()
def add_shelter_places(user, organisation, kind, places):
    """The region's administrator records that an organisation offers places of a kind, and how
    many; from then on the organisation is a shelter provider, and its people who receive for it
    (care providers) keep the places current themselves (`update_shelter_place`)."""
    if not organisation.active:
        raise Invalid(_("%(org)s is niet meer actief.") % {"org": organisation.name}, "organisation")
    if ShelterPlace.objects.filter(organisation=organisation, kind=kind).exists():
        raise Invalid(_("%(org)s heeft al plekken van deze soort; wijzig daar het aantal.")
                      % {"org": organisation.name}, "kind")
    place = ShelterPlace.objects.create(organisation=organisation, kind=kind, places=places)
    audit.record(user, "create", "shelter_place", place.pk, region=organisation.region_id, kind=kind)
    return place


@_administered(lambda place: place.organisation)
def set_shelter_capacity(user, place, places, expected_version=None):
    """The administrator corrects how many places of a kind a provider has (0: none for now; the
    row stays, for the placements that name it). Only the version the administrator saw is changed."""
    rows = ShelterPlace.objects.filter(pk=place.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, places=places):
        raise StalePlace
    place.refresh_from_db()
    audit.record(user, "update", "shelter_place", place.pk, region=place.organisation.region_id, fields=["places"])
    return place


def search_places(trajectory, on=None, kind=None):
    """Suitable places with room on the day, in and outside the region, freshest first."""
    on = on or timezone.localdate()
    places = ShelterPlace.objects.select_related("organisation__region").filter(
        kind__in=[kind] if kind else suitable_kinds(trajectory), free_from__lte=on).order_by("-updated_at")
    places = list(places)
    free = free_of(places, on)
    return [(p, free[p.pk]) for p in places if free[p.pk] > 0]


@_handled()
def place(user, trajectory, shelter_place, start):
    shelter_place = ShelterPlace.objects.select_for_update().get(pk=shelter_place.pk)
    if shelter_place.kind not in suitable_kinds(trajectory):
        raise Invalid(_("Deze plek past niet: %(kind)s.") % {"kind": shelter_place.get_kind_display()}, "place")
    if free_places(shelter_place, start) < 1:
        raise Invalid(_("Deze plek is op die datum niet vrij."), "place")
    if trajectory.placements.filter(Q(end__isnull=True) | Q(end__gte=start)).exists():
        raise Invalid(_("Er loopt al een plaatsing; beëindig die eerst."), "start")
    _share_consent(trajectory, shelter_place.organisation, field="place")  # the provider learns who comes
    placement = Placement.objects.create(trajectory=trajectory, place=shelter_place, start=start)
    Need.objects.filter(trajectory=trajectory, kind=Need.Kind.SHELTER).update(met=True)
    _log(user, "placement", trajectory, place=shelter_place.pk)
    return placement


@_handled(lambda placement: placement.trajectory)
def end_placement(user, placement, end):
    if end < placement.start:
        raise Invalid(_("Het einde ligt vóór het begin."), "end")
    Placement.objects.filter(pk=placement.pk).update(end=end)
    _log(user, "placement_end", placement.trajectory)


@_handled()
def hand_over(user, trajectory, organisation, contents):
    """Hand the dossier to a receiving organisation's accounts, on recorded consent."""
    _require_recipient(trajectory, organisation)
    consent = _share_consent(trajectory, organisation)
    handed = HandOver.objects.create(trajectory=trajectory, organisation=organisation, contents=contents,
                                     consent=consent, by=user)
    _log(user, "hand_over", trajectory, organisation=organisation.pk)
    notify(access.care_receivers(organisation), "hand_over", reverse("care:detail", args=[trajectory.pk]),
           about=trajectory)
    return handed


@_handled()
def make_dormant(user, trajectory, follow_up_on):
    """Help stays available: a dormant trajectory keeps its history and comes back on the date."""
    if follow_up_on <= timezone.localdate():
        raise Invalid(_("Kies een opvolgdatum in de toekomst."), "follow_up_on")
    Trajectory.objects.filter(pk=trajectory.pk).update(status=Status.DORMANT, follow_up_on=follow_up_on)
    _log(user, "dormant", trajectory)


@_handled()
def close(user, trajectory):
    """Close a trajectory in its last phase; it can be reopened, and retention counts from here."""
    if trajectory.phase != Phase.AFSLUITING:
        raise Invalid(_("Sluit een traject af in de fase afsluiting."), "phase")
    Trajectory.objects.filter(pk=trajectory.pk).update(status=Status.CLOSED, closed_at=timezone.now())
    Placement.objects.filter(trajectory=trajectory, end__isnull=True).update(end=timezone.localdate())
    _log(user, "close", trajectory)


@_handled()
def reopen(user, trajectory):
    Trajectory.objects.filter(pk=trajectory.pk).update(
        status=Status.ACTIVE, follow_up_on=None, closed_at=None,
        review_on=timezone.localdate() + timedelta(days=REVIEW_DAYS))
    _log(user, "reopen", trajectory)


def announce_care_track(track):
    """A care track decided at the table: the region's care coordinators are told, with a link that
    opens a new trajectory from it (the case's reference only: they may not see the case)."""
    if track.is_care:
        notify(access.care_coordinators(track.case.region_id), "care_track",
               f"{reverse('care:new')}?track={track.pk}", reference=track.case.reference)


def defaults_from_track(track):
    """What a new trajectory from a care track starts with: the case's municipality and, from the
    signals behind it, the forms of exploitation and what is known of the (first) possible victim."""
    signals = track.case.signals.prefetch_related("exploitation_forms", "persons")
    victims = [p for s in signals for p in s.persons.all() if p.role in (PersonRole.VICTIM, PersonRole.BOTH)]
    initial = {"municipality": track.case.lead_municipality.cbs_code,
               "exploitation_forms": sorted({f.code for s in signals for f in s.exploitation_forms.all()})}
    if victims:
        initial.update(gender=victims[0].gender, is_minor=bool(victims[0].is_minor or (victims[0].age or 99) < 18),
                       third_country=victims[0].nationality_group == NationalityGroup.THIRD_COUNTRY)
    return initial


def care_status_of(case):
    """What the table may see of care: per care trajectory of the case's tracks, phase and blocked."""
    return [{"phase": t.get_phase_display(), "blocked": t.blocked}
            for t in Trajectory.objects.filter(track__case=case).exclude(status=Status.CLOSED)]




@_handled()
def refer(user, trajectory, organisation, need):
    """Refer to a provider for a need; sharing with that provider needs the person's consent."""
    _require_recipient(trajectory, organisation)
    _share_consent(trajectory, organisation)
    referral = Referral.objects.create(trajectory=trajectory, organisation=organisation, need=need)
    _log(user, "referral", trajectory, organisation=organisation.pk)
    notify(access.care_receivers(organisation), "referral", reverse("care:places"))
    return referral


@transaction.atomic
def answer_referral(user, referral, accepted):
    if not access.answers_referral(user, referral):
        raise PermissionDenied("answer")
    Referral.objects.filter(pk=referral.pk).update(
        answer=Referral.Answer.ACCEPTED if accepted else Referral.Answer.DECLINED, answered_on=timezone.localdate())
    if accepted:
        Need.objects.filter(trajectory=referral.trajectory, kind=referral.need).update(met=True)
    _log(user, "referral_answer", referral.trajectory, accepted=accepted)
    if referral.trajectory.coordinator:
        notify([referral.trajectory.coordinator], "referral_answer",
               reverse("care:detail", args=[referral.trajectory_id]), about=referral.trajectory)


@_handled()
def share_summary(user, trajectory, text, reason):
    """Share a summary with the table of the trajectory's case; the reason is recorded and logged."""
    if trajectory.track is None:
        raise Invalid(_("Dit traject hoort niet bij een casus aan tafel."), "text")
    if len(reason.strip()) < 10:
        raise Invalid(_("Leg vast waarom u deelt (ten minste 10 tekens)."), "reason")
    summary = SharedSummary.objects.create(trajectory=trajectory, case=trajectory.track.case, text=text,
                                           reason=reason, shared_by=user)
    audit.record(user, "share_care_summary", "case", trajectory.track.case_id, region=trajectory.region_id,
                 trajectory=str(trajectory.pk))
    return summary


def remind_all():
    """The daily reminders of cases and care: the job `care.send_reminders`, and `ketenzicht send_reminders`
    by hand. Returns how many."""
    return cases.remind_deadlines() + remind()


def remind(today=None):
    """Reminders for the coordinator: reflection periods ending within a week or today, reviews
    passed yesterday, dormant trajectories due for follow-up today. Returns how many."""
    today = today or timezone.localdate()
    sent = 0
    for t in Trajectory.objects.exclude(status=Status.CLOSED).filter(coordinator__isnull=False).select_related(
            "coordinator"):
        url = reverse("care:detail", args=[t.pk])
        if t.reflection_end in (today + timedelta(days=7), today):
            notify([t.coordinator], "reflection_end", url, about=t)
            sent += 1
        if t.status == Status.ACTIVE and t.review_on == today - timedelta(days=1):
            notify([t.coordinator], "care_review", url, about=t)
            sent += 1
        if t.status == Status.DORMANT and t.follow_up_on == today:
            notify([t.coordinator], "care_follow_up", url, about=t)
            sent += 1
    return sent


_forgetters = []


def on_anonymise(forget):
    """An app above care that keeps something identifying about a trajectory (linkage: its
    identifiers) registers `forget(trajectory_ids)`, called when trajectories are anonymised."""
    _forgetters.append(forget)


def anonymise(trajectories) -> int:
    """Erase who the person is and what was said, keeping what the figures count (region,
    municipality, age group, gender, forms, phase, dates, needs, placements' kinds, the identity
    users confirmed)."""
    ids = list(trajectories.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    with transaction.atomic():
        for forget in _forgetters:
            forget(ids)
        Note.objects.filter(trajectory_id__in=ids).delete()
        HandOver.objects.filter(trajectory_id__in=ids).update(contents="", by=None)
        SharedSummary.objects.filter(trajectory_id__in=ids).update(text="", reason="", shared_by=None)
        Trajectory.objects.filter(pk__in=ids).update(name="", birth_date="", residence_status="", coordinator=None,
                                                     anonymised_at=timezone.now())
    return len(ids)


def _closed(region_id, cutoff, now):
    return Trajectory.objects.filter(region_id=region_id, status=Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True)


# Five years after closing: the usual term of a Zorg- en Veiligheidshuis covenant; never under one.
RETENTION = Kind("care_closed", gettext_lazy("Afgesloten zorgtraject"), default_months=60, minimum_months=12, due=_closed,
                 apply=anonymise)


VICTIMS = (PersonRole.VICTIM, PersonRole.BOTH)


def person_of_trajectory():
    """Who a trajectory is for, as the figures count people (`Person.identity`, one for the records
    users linked, across municipalities too): the identity a user confirmed for it (linkage), else
    the first possible victim of the signal it was opened from, else of the signals of its case's
    care track, else the trajectory itself (no one known to be registered twice). So two
    trajectories for one linked person count as one victim."""
    def first(**where):
        return Subquery(Person.objects.filter(role__in=VICTIMS, **where).order_by("signal__received_at", "pk")
                        .values("identity")[:1])

    return Coalesce(F("identity"), first(signal=OuterRef("signal")), first(signal__case=OuterRef("track__case")),
                    F("id"), output_field=UUIDField())


def identity_of(trajectory):
    """The identity the figures count this trajectory as (`person_of_trajectory`)."""
    return Trajectory.objects.filter(pk=trajectory.pk).annotate(person=person_of_trajectory()) \
        .values_list("person", flat=True).get()


def trajectories_of(identity):
    """The ids of the trajectories counted as this identity. Only those that can be (its own
    identity or id, or a victim of its signal or of its case's signals has it: indexed lookups) are
    given `person_of_trajectory`, not every trajectory of the country on every match."""
    could_be = (Q(identity=identity) | Q(pk=identity) | Q(signal__persons__identity=identity)
                | Q(track__case__signals__persons__identity=identity))
    candidates = Trajectory.objects.filter(could_be).values("pk")
    return list(Trajectory.objects.filter(pk__in=candidates).annotate(person=person_of_trajectory())
                .filter(person=identity).values_list("pk", flat=True))


def join_identities(identity, previous):
    """Count as `identity` the trajectories counted as `previous` by their own right (confirmed
    earlier, or the trajectory itself when nothing else identifies it); those that follow a
    signal's victim follow the persons, which intake.services.join_identities moves. For an app
    above that decided it with its own permission check and audit (linkage). Returns what each
    moved trajectory had, {id: identity or None}, for `restore_identities`."""
    if identity == previous:
        return {}
    rows = Trajectory.objects.filter(Q(identity=previous) | Q(identity__isnull=True, pk=previous))
    moved = {str(pk): (str(had) if had else None) for pk, had in rows.values_list("pk", "identity")}
    Trajectory.objects.filter(pk__in=moved).update(identity=identity)
    return moved


def restore_identities(moved):
    """Undo `join_identities`: each trajectory gets back what it had."""
    for pk, had in (moved or {}).items():
        Trajectory.objects.filter(pk=pk).update(identity=had)


def caseload(trajectories):
    """The open caseload, in total and per municipality, form of exploitation, phase and age group:
    trajectories beside the victims (distinct persons, `person_of_trajectory`) they are for. One
    query of the open trajectories (a row per form), counted here: five GROUP BYs each computed
    every trajectory's person again."""
    rows = list(trajectories.filter(status__in=OPEN).order_by().annotate(person=person_of_trajectory())
                .values_list("pk", "person", "municipality__name", "exploitation_forms__name", "phase", "age_group"))

    def per(column, label=lambda value: value):
        groups = defaultdict(lambda: (set(), set()))
        for row in rows:
            ids, persons = groups[row[column]]
            ids.add(row[0])
            persons.add(row[1])
        counted = [(label(value), len(ids), len(persons)) for value, (ids, persons) in groups.items()]
        return sorted(counted, key=lambda item: -item[1])

    phases = dict(Phase.choices)
    totals = {"trajectories": len({row[0] for row in rows}), "victims": len({row[1] for row in rows})}
    return totals, [
        (_("Gemeente"), per(2)), (_("Vorm van uitbuiting"), per(3)),
        (_("Fase"), per(4, lambda code: phases.get(code, code))), (_("Leeftijdsgroep"), per(5))]
