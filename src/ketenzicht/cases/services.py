"""Everything that changes a case: opening it from a signal, its steps at the table (agenda,
decision), tracks, tasks and progress. Each call is one transaction, checked by the policy and
the route, and logged."""
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.intake import access as intake_access
from ketenzicht.intake import services as intake
from ketenzicht.intake.models import Signal
from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Refused, Stale
from ketenzicht.notifications.services import notify
from ketenzicht.privacy import audit, policy, sharing
from ketenzicht.privacy.kinds import Kind
from ketenzicht.route import steps
from ketenzicht.route.engine import add_days
from ketenzicht.route.steps import TransitionRefused
from ketenzicht.webhooks import events as webhooks

from . import access, decided, tables
from .models import (
    AgendaItem,
    Case,
    CaseChange,
    CaseMunicipality,
    Consultation,
    ConsultationInvite,
    ConsultationReply,
    Decision,
    Invitation,
    Meeting,
    Progress,
    Task,
    Track,
    sync_list_keys,
)

REVIEW_DAYS = 20  # default review date of a track: four working weeks


class StaleCase(Stale):
    """Someone else changed the case since the user loaded it."""

    def __init__(self):
        super().__init__(_("Iemand anders heeft deze casus intussen gewijzigd. Bekijk de nieuwe stand."))


def _case_url(case):
    return reverse("cases:detail", args=[case.pk])


def _record(case, transition, from_stage, to_stage, actor, reason, at):
    CaseChange.objects.create(case=case, transition=transition, from_stage=from_stage, to_stage=to_stage,
                              actor=actor, reason=reason, at=at)


def open_from_signal(user, signal, transition, reason, intervention_kind="", intervention="", now=None):
    """The signal becomes a case at the table the route names for its municipality (called inside
    the signal's step)."""
    now = now or timezone.now()
    table = tables.first_table(signal, transition)
    route = signal.route.route
    stage = transition.case_stage or route.case.initial
    # The case takes the signal's key, so it has the signal's reference (people say one number on
    # the phone); the acute mark carries over, and so does an acute intervention.
    case = Case.objects.create(
        id=uuid.uuid4() if Case.objects.filter(pk=signal.pk).exists() else signal.pk,
        region_id=signal.region_id, route=signal.route, table=table, lead_municipality_id=signal.lead_municipality_id,
        stage=stage, is_acute=signal.is_acute or bool(intervention), deadline_at=route.deadline(now, stage, "case"),
        opened_at=now, opened_by=user)
    CaseMunicipality.objects.bulk_create([CaseMunicipality(case=case, municipality_id=m.municipality_id)
                                          for m in signal.municipality_links.all()])
    intake.attach_case(signal, case)
    _record(case, transition.name, "", stage, user, reason, now)
    if intervention:
        decision = Decision.objects.create(case=case, text=intervention, decided_by=user, at=now)
        review_on = add_days(now, REVIEW_DAYS, route.working_days, route.holidays).date()
        Track.objects.create(case=case, decision=decision, kind=intervention_kind, owner=user.primary_organisation,
                             review_on=review_on, opened_at=now)
    sync_list_keys(case.pk)
    audit.record(user, "create", "case", case.pk, region=case.region_id)
    if intervention:  # the acute route: the table and the municipality hear of it at once
        municipalities = [m.municipality_id for m in signal.municipality_links.all()]
        notify(access.chairs(table) | intake_access.signal_handlers(municipalities), "acute", _case_url(case),
               about=case)
    else:
        notify(access.chairs(table), "escalation", _case_url(case), about=case)
    return case


def available_transitions(user, case):
    if not policy.can(user, "transition", case):
        return []
    return case.route.route.case.available(case.stage, access.route_roles(user, case))


def _lock(case, expected_version):
    locked = Case.objects.select_for_update().select_related("route", "table").get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleCase
    return locked


def _may_step(user, case, name, *args, **kwargs):
    """A step is for who may take steps on the case: checked, and a refusal logged, before the
    step's transaction opens, so the entry is not rolled back with it (lib.checked)."""
    if not policy.can(user, "transition", case):
        audit.record(user, "denied", "case", case.pk, reason=name, region=case.region_id)
        raise PermissionDenied(name)


@checked(_may_step)
def take_transition(user, case, name, expected_version=None, reason="", meeting=None, invited=(), decision="",
                    tracks=(), at=None):
    """One step of a case at the table: placed on an agenda, decided into tracks, closed, reopened.

    `tracks` are dicts with kind, owner (an organisation), review_on and optionally tasks (dicts
    with description, assignee, due_on). Checked completely before anything is written.
    """
    locked = _lock(case, expected_version)
    route = locked.route.route
    transition = steps.check(route.case, locked.stage, name, access.route_roles(user, locked), {
        "reason": reason, "meeting": meeting, "decision": decision, "tracks": list(tracks)})
    now = at or timezone.now()
    if transition.effect == "agenda":
        _check_meeting(locked, meeting)
    if transition.effect == "decide":
        _check_tracks(locked, route, tracks)
    _move(locked, transition, user, reason or decision, now)
    if transition.effect == "agenda":
        _put_on_agenda(locked, meeting, invited)
    if transition.effect == "decide":
        _decide(user, locked, route, decision, tracks, meeting, now)
    audit.record(user, "transition", "case", locked.pk, reason=name, region=locked.region_id)
    case.refresh_from_db()
    return case


def _move(case, transition, actor, reason, now):
    route = case.route.route
    target = route.case.stages[transition.target]
    _record(case, transition.name, case.stage, target.code, actor, reason, now)
    Case.objects.filter(pk=case.pk).update(
        stage=target.code, is_open=target.is_open, deadline_at=route.deadline(now, target.code, "case"),
        closed_at=None if target.is_open else now, version=F("version") + 1)
    sync_list_keys(case.pk)
    case.stage, case.is_open = target.code, target.is_open
    if transition.signal_transition:
        for signal in case.signals.all():
            intake.system_transition(signal, transition.signal_transition, now)


def _seated(table, organisation):
    return table.partners(any_basis=True).filter(pk=organisation.pk).exists()


def _require_basis(table, organisation, field):
    """A partner at the table receives a case's data only on a legal basis in force: the same rule,
    and the same refusal, as wherever data is shared (privacy.sharing)."""
    sharing.require_ground(organisation, table.partners().filter(pk=organisation.pk).exists(),
                           sharing.LEGAL_BASIS, field)


def _check_meeting(case, meeting):
    if meeting.table_id != case.table_id:
        raise TransitionRefused("meeting", _("Dit overleg is niet van de tafel van deze casus."))


def _put_on_agenda(case, meeting, invited):
    """The case on the agenda, with the invited partners and the municipality concerned."""
    organisations = {o.pk: o for o in invited if _seated(case.table, o)}
    for organisation in organisations.values():
        _require_basis(case.table, organisation, "invited")
    item, _created = AgendaItem.objects.get_or_create(
        meeting=meeting, case=case, defaults={"position": meeting.items.count() + 1})
    Case.objects.filter(pk=case.pk).update(planned=True)
    organisations.update({o.pk: o for o in case.lead_municipality.organisations.all()})
    Invitation.objects.bulk_create([Invitation(item=item, organisation=o) for o in organisations.values()],
                                   ignore_conflicts=True)
    notify(access.members_of(list(organisations)), "agenda", _case_url(case), about=case)
    webhooks.emit("case.on_agenda", organisations=list(organisations), case_id=case.pk, meeting_id=meeting.pk)


def _check_tracks(case, route, tracks):
    """Every track of a decision: a known kind, an owner at the table, tasks for partners at the table."""
    for index, track in enumerate(tracks):
        if track.get("kind") not in route.tracks:
            raise TransitionRefused(f"tracks.{index}.kind", _("Kies een soort spoor uit de route."))
        if track.get("owner") is None or not _seated(case.table, track["owner"]):
            raise TransitionRefused(f"tracks.{index}.owner",
                                    _("De eigenaar van een spoor moet aan deze tafel zitten."))
        _require_basis(case.table, track["owner"], f"tracks.{index}.owner")
        for task_index, task in enumerate(track.get("tasks", ())):
            if not _seated(case.table, task["assignee"]):
                raise TransitionRefused(f"tracks.{index}.tasks.{task_index}.assignee",
                                        _("Een taak kan alleen naar een partner aan deze tafel."))
            _require_basis(case.table, task["assignee"], f"tracks.{index}.tasks.{task_index}.assignee")


def _decide(user, case, route, text, tracks, meeting, now):
    """The decision, at the meeting the case is on (the latest), with its tracks and first tasks."""
    if meeting is None:
        latest = case.agenda_items.select_related("meeting").order_by("-meeting__starts_at").first()
        meeting = latest.meeting if latest else None
    decision = Decision.objects.create(case=case, meeting=meeting, text=text, decided_by=user, at=now)
    for spec in tracks:
        review_on = spec.get("review_on") or add_days(now, REVIEW_DAYS, route.working_days, route.holidays).date()
        track = Track.objects.create(case=case, decision=decision, kind=spec["kind"], owner=spec["owner"],
                                     review_on=review_on, opened_at=now)
        tasks = Task.objects.bulk_create([Task(track=track, description=t["description"], assignee=t["assignee"],
                                               due_on=t["due_on"], created_at=now) for t in spec.get("tasks", ())])
        for task in tasks:
            webhooks.emit("task.assigned", organisations=[task.assignee_id], task_id=task.pk, track_id=track.pk,
                          case_id=case.pk)
        assignees = {spec["owner"].pk} | {t["assignee"].pk for t in spec.get("tasks", ())}
        notify(access.members_of(assignees), "track", _case_url(case), about=case)
        decided.announce(track)
    if tracks:
        sync_list_keys(case.pk)


def _require_track(user, track, action):
    if not access.can_work_track(user, track):
        audit.record(user, "denied", "track", track.pk, reason=action, region=track.case.region_id)
        raise PermissionDenied(action)


def _working(action):
    """For who may work on the track: checked, and a refusal logged, before the transaction opens."""
    def check(user, track, *args, **kwargs):
        _require_track(user, track, action)
    return checked(check)


@_working("add_task")
def add_task(user, track, description, assignee, due_on):
    if not track.is_open:
        raise Refused(_("Dit spoor is gesloten."), "track")
    if not _seated(track.case.table, assignee):
        raise Invalid(_("Een taak kan alleen naar een partner aan deze tafel."), "assignee")
    _require_basis(track.case.table, assignee, "assignee")
    task = Task.objects.create(track=track, description=description, assignee=assignee, due_on=due_on)
    audit.record(user, "add_task", "case", track.case_id, region=track.case.region_id)
    notify(access.members_of([assignee.pk]), "task", _case_url(track.case), about=track.case)
    webhooks.emit("task.assigned", organisations=[assignee.pk], task_id=task.pk, track_id=track.pk,
                  case_id=track.case_id)
    return task


@transaction.atomic
def complete_task(user, task):
    if not access.can_do_task(user, task):
        raise PermissionDenied("complete_task")
    Task.objects.filter(pk=task.pk, done_at__isnull=True).update(done_at=timezone.now(), done_by=user)
    audit.record(user, "complete_task", "case", task.track.case_id, region=task.track.case.region_id)


@_working("progress")
def report_progress(user, track, text):
    progress = Progress.objects.create(track=track, author=user, text=text)
    audit.record(user, "progress", "case", track.case_id, region=track.case.region_id)
    return progress


@_working("close_track")
def close_track(user, track, outcome, at=None):
    """Close a track with its outcome; when it was the case's last open track, the route's
    `on_tracks_closed` step follows (the case closes, or goes to evaluation)."""
    now = at or timezone.now()
    updated = Track.objects.filter(pk=track.pk, is_open=True).update(is_open=False, outcome=outcome, closed_at=now)
    if not updated:
        raise Refused(_("Dit spoor is al gesloten."), "track")
    case = Case.objects.select_for_update().select_related("route").get(pk=track.case_id)
    audit.record(user, "close_track", "case", case.pk, region=case.region_id)
    webhooks.emit("track.closed", organisations={track.owner_id, *track.tasks.values_list("assignee_id", flat=True)},
                  track_id=track.pk, case_id=case.pk)
    flow = case.route.route.case
    follow = flow.transitions.get(flow.on_tracks_closed or "")
    if follow and not case.tracks.filter(is_open=True).exists() and follow in flow.available(case.stage, {"system"}):
        _move(case, follow, None, "", now)
        audit.record(None, "transition", "case", case.pk, reason=follow.name, region=case.region_id)
        notify(access.chairs(case.table), "case_closed", _case_url(case), about=case)


@transaction.atomic
def call_consultation(user, case, question, invited):
    """An urgent consultation (spoed-MDO): the liaison or the chair asks partners at the table;
    their members are notified at once and answer in the case."""
    if not policy.can(user, "consult", case):
        raise PermissionDenied("consult")
    partners = [o for o in invited if _seated(case.table, o)]
    for organisation in partners:
        _require_basis(case.table, organisation, "invited")
    if not partners:
        raise Invalid(_("Nodig ten minste één partner aan deze tafel uit."), "invited")
    consultation = Consultation.objects.create(case=case, called_by=user, question=question)
    ConsultationInvite.objects.bulk_create([ConsultationInvite(consultation=consultation, organisation=o)
                                            for o in partners])
    audit.record(user, "consult", "case", case.pk, region=case.region_id)
    notify(access.members_of([o.pk for o in partners]), "consultation", _case_url(case), about=case)
    return consultation


@transaction.atomic
def reply_consultation(user, consultation, text):
    """An invited partner answers; the one who called the consultation is notified."""
    organisation = access.answering_organisation(user, consultation)
    if organisation is None:
        raise PermissionDenied("reply")
    reply = ConsultationReply.objects.create(consultation=consultation, organisation=organisation, author=user,
                                             text=text)
    audit.record(user, "consult_reply", "case", consultation.case_id, region=consultation.case.region_id)
    if consultation.called_by:
        notify([consultation.called_by], "consultation_reply", _case_url(consultation.case), about=consultation.case)
    return reply


@transaction.atomic
def plan_meeting(user, table, starts_at, location=""):
    if not access.chaired_tables(user).filter(pk=table.pk).exists():
        raise PermissionDenied("plan_meeting")
    meeting = Meeting.objects.create(table=table, starts_at=starts_at, location=location)
    audit.record(user, "plan_meeting", "table", table.pk, region=table.region_id)
    return meeting


def remind_deadlines(now=None):
    """Tell people once that a date is near (in two days) and once that it passed (yesterday):
    tasks to their assignee, tracks to their owner and the chair, signals to their liaisons, cases
    to the chair. Meant for a daily cron run (`ketenzicht send_reminders`); returns how many. Dates
    are the Netherlands' (a deadline at 00:30 is that day's, not the day before in UTC)."""
    today = timezone.localdate(now)
    near, passed = today + timedelta(days=2), today - timedelta(days=1)
    sent = 0
    for task in Task.objects.filter(done_at__isnull=True, due_on__in=(near, passed)).select_related("track__case"):
        notify(access.members_of([task.assignee_id]), "task_late" if task.due_on == passed else "task_due",
               _case_url(task.track.case), about=task.track.case)
        sent += 1
    for track in Track.objects.filter(is_open=True, review_on__in=(near, passed)).select_related("case__table"):
        notify(access.members_of([track.owner_id]) | access.chairs(track.case.table),
               "track_late" if track.review_on == passed else "track_due", _case_url(track.case), about=track.case)
        sent += 1
    for case in Case.objects.filter(is_open=True, deadline_at__date__in=(near, passed)).select_related("table"):
        notify(access.chairs(case.table), "case_late" if timezone.localdate(case.deadline_at) == passed else "case_due",
               _case_url(case), about=case)
        sent += 1
    for signal in Signal.objects.filter(is_open=True, deadline_at__date__in=(near, passed)).prefetch_related(
            "municipality_links"):
        notify(intake_access.signal_handlers([m.municipality_id for m in signal.municipality_links.all()]),
               "signal_late" if timezone.localdate(signal.deadline_at) == passed else "signal_due",
               reverse("intake:detail", args=[signal.pk]), about=signal)
        sent += 1
    return sent


def anonymise(cases) -> int:
    """Irreversibly erase from these cases what identifies anyone, keeping what the figures count:
    the table, municipalities, stages and dates, decisions' and tracks' existence, kinds, owners
    and dates. Erased: decision texts, outcomes, tasks' descriptions, progress, reasons, actors,
    urgent consultations' questions and answers."""
    ids = list(cases.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    with transaction.atomic():
        Decision.objects.filter(case_id__in=ids).update(text="", decided_by=None)
        Track.objects.filter(case_id__in=ids).update(outcome="")
        Task.objects.filter(track__case_id__in=ids).update(description="", done_by=None)
        Progress.objects.filter(track__case_id__in=ids).delete()
        ConsultationReply.objects.filter(consultation__case_id__in=ids).delete()
        Consultation.objects.filter(case_id__in=ids).update(question="", called_by=None)
        CaseChange.objects.filter(case_id__in=ids).update(reason="", actor=None)
        Case.objects.filter(pk__in=ids).update(anonymised_at=timezone.now(), opened_by=None)
    return len(ids)


def _closed(region_id, cutoff, now):
    return Case.objects.filter(region_id=region_id, is_open=False, closed_at__lt=cutoff, anonymised_at__isnull=True)


# Five years after closing: the usual term of a Zorg- en Veiligheidshuis covenant; never under one.
RETENTION = Kind("case_closed", gettext_lazy("Afgesloten casus"), default_months=60, minimum_months=12, due=_closed,
                 apply=anonymise)
