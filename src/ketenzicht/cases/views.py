"""Pages of the table's work. Thin: fetch through the policy, validate with a form, call a service."""
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.intake import panels
from ketenzicht.lib.actions import ObjectPage
from ketenzicht.lib.errors import Invalid
from ketenzicht.lib.forms_bridge import InvalidInput
from ketenzicht.lib.http import int_or_none
from ketenzicht.lib.keyset import Keyset
from ketenzicht.lib.keyset_union import page_union_window, union_window
from ketenzicht.lib.paging import page_window
from ketenzicht.privacy import audit, policy
from ketenzicht.route import steps

from . import access, acute, lists, queries, services, summaries
from .forms import (
    CaseTransitionForm,
    CloseTrackForm,
    ConsultationForm,
    MeetingForm,
    ProgressForm,
    ReplyForm,
    TaskForm,
    TrackFormSet,
)
from .models import Case
from .table_forms import HandoverForm

CASE_PAGE_SIZE = 25
TASK_PAGE_SIZE = TRACK_PAGE_SIZE = WAITING_PAGE_SIZE = MEETING_PAGE_SIZE = 50
TABLE_MEETINGS = 20  # the table's page shows its newest meetings; the rest on the meetings page
MEETING_LIST = Keyset("table-meetings", "-starts_at", "-id")
WAITING_LIST = Keyset("waiting", "-is_acute", "deadline_key", "opened_at", "id")


@verified_login_required
def case_list(request):
    status = request.GET.get("status", "open")
    if status not in queries.STATUS_FILTERS:
        status = "open"
    try:
        window = lists.case_window(request.user, status, CASE_PAGE_SIZE, cursor=request.GET.get("cursor") or None)
    except InvalidInput as error:
        raise BadRequest(_("Deze cursor hoort niet bij deze lijst.")) from error
    window.rows = queries.with_track_summary(window.rows)
    audit.record_list(request.user, "case", [c.pk for c in window])
    return render(request, "cases/list.html", {"window": window, "status": status,
                                                "tables": access.chaired_tables(request.user)})


def _context(request, case, **forms):
    level = access.case_access(request.user, case)
    transitions = services.available_transitions(request.user, case)
    transition_form = forms.get("transition_form") or CaseTransitionForm(case=case)
    tracks = access.tracks_for(request.user, case).select_related("owner").prefetch_related("tasks__assignee",
                                                                                           "progress__author")
    return {
        "case": case, "access": access, "full": level >= access.CaseAccess.MEMBER,
        "history": steps.described(case.history.select_related("actor"), case.route.route.case)
        if level >= access.CaseAccess.MEMBER else [],
        "decisions": case.decisions.select_related("decided_by") if level >= access.CaseAccess.MEMBER else [],
        "signals": queries.signals_of(request.user, case, weighs=level >= access.CaseAccess.MEMBER),
        "tracks": [(t, access.can_work_track(request.user, t), _task_form(case, t, forms.get("task_form")))
                   for t in tracks],
        "transitions": transitions, "transition_form": transition_form,
        "transition_fields": transition_form.fields_for(transitions),
        "track_formset": forms.get("track_formset") or TrackFormSet(prefix="tracks", form_kwargs={"case": case}),
        "decides": any(t.effect == "decide" for t in transitions),
        "progress_form": ProgressForm(), "close_form": CloseTrackForm(),
        **summaries.for_case(case),
        "panels": panels.for_page("case", request.user, case),
        "acute_routes": acute.route_status(request.user, case),
        "care_summaries": case.care_summaries.all() if level >= access.CaseAccess.MEMBER else [],
        "consultations": _consultations(request, case) if level >= access.CaseAccess.MEMBER else [],
        "consultation_form": forms.get("consultation_form") or (
            ConsultationForm(case=case) if level >= access.CaseAccess.HANDLE else None),
        "agenda": case.agenda_items.select_related("meeting").prefetch_related("invited")
        if level >= access.CaseAccess.MEMBER else [],
        "handovers": case.handovers.select_related("from_table", "to_table", "change__actor")
        if level >= access.CaseAccess.MEMBER else [],
        "handover_form": forms.get("handover_form") or (
            HandoverForm(case=case) if level == access.CaseAccess.CHAIR and case.is_open
            and access.handover_targets(case).exists() else None),
    }


def _consultations(request, case):
    """Each consultation with its replies, and whether this user's organisation is asked to answer."""
    return [(c, access.answering_organisation(request.user, c) is not None)
            for c in case.consultations.prefetch_related("invited", "replies__organisation")]


def _task_form(case, track, failed=None):
    """Each track has its own task form (its own field ids); a failed one comes back with its errors."""
    if failed is not None and failed.prefix == f"task-{track.pk}":
        return failed
    return TaskForm(case=case, prefix=f"task-{track.pk}")


@verified_login_required
def detail(request, pk):
    return render_detail(request, policy.open(request.user, Case, pk))


def render_detail(request, case, status=200, **forms):
    """The case page, with a failed form of one of its actions shown again with its errors."""
    return render(request, "cases/detail.html", _context(request, case, **forms), status=status)


case_page = ObjectPage(lambda request, pk: policy.open(request.user, Case, pk), "cases:detail", "cases/detail.html",
                       _context)


def _action(form=None, key=None, hide_refusals=False):
    """POST-only case actions: fetch through the policy, validate, call one service; back to the case."""
    return lambda act: verified_login_required(case_page.action(form, key, hide_refusals)(act))


def _transition_forms(request, case):
    return {"transition_form": CaseTransitionForm(request.POST, case=case),
            "track_formset": TrackFormSet(request.POST, prefix="tracks", form_kwargs={"case": case})}


@_action(_transition_forms)
def take_transition(request, case, forms):
    data = dict(forms["transition_form"].cleaned_data)
    services.take_transition(request.user, case, data.pop("transition"), tracks=forms["track_formset"].tracks(),
                             expected_version=int_or_none(request.POST.get("version")), **data)
    return _("De stap is gezet.")


def _track(request, case, track_id):
    track = access.tracks_for(request.user, case).filter(pk=track_id).first()
    if track is None:
        raise Http404
    return track


@_action(lambda request, case: ConsultationForm(request.POST, case=case), "consultation_form", hide_refusals=True)
def call_consultation(request, case, data):
    services.call_consultation(request.user, case, **data)
    return _("Spoedoverleg gestart; de partners zijn gewaarschuwd.")


def _valid(form, message):
    """The cleaned data of a small form on the case page; if it does not validate, the message says why."""
    if not form.is_valid():
        raise Invalid(message)
    return form.cleaned_data


@_action(hide_refusals=True)
def reply_consultation(request, case, post, consultation_id):
    consultation = case.consultations.filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404
    data = _valid(ReplyForm(post), _("Schrijf uw antwoord (ten hoogste 2000 tekens)."))
    services.reply_consultation(request.user, consultation, data["text"])
    return _("Antwoord vastgelegd.")


@_action()
def report_progress(request, case, post, track_id):
    track = _track(request, case, track_id)
    data = _valid(ProgressForm(post), _("Beschrijf de voortgang (ten hoogste 2000 tekens)."))
    services.report_progress(request.user, track, data["text"])
    return _("Voortgang vastgelegd.")


@_action()
def close_track(request, case, post, track_id):
    track = _track(request, case, track_id)
    data = _valid(CloseTrackForm(post), _("Beschrijf de uitkomst van het spoor."))
    services.close_track(request.user, track, data["outcome"])
    return _("Spoor gesloten.")


def _task_form_for(request, case, track_id):
    return TaskForm(request.POST, case=case, prefix=f"task-{_track(request, case, track_id).pk}")


@_action(_task_form_for, "task_form")
def add_task(request, case, data, track_id):
    services.add_task(request.user, _track(request, case, track_id), **data)
    return _("Taak toegevoegd.")


@verified_login_required
@require_POST
def complete_task(request, task_id):
    task = access.get_open_task(request.user, task_id)
    services.complete_task(request.user, task)
    messages.success(request, _("Taak afgerond."))
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseRedirect(back)
    return redirect("cases:tasks")


@verified_login_required
def my_tasks(request):
    """The open tasks of the user's organisations, a page at a time, and the first page of its
    open tracks (the rest on the tracks page)."""
    window = page_union_window(request, queries.TASK_LIST, access.task_scopes(request.user), queries.tasks_by_id,
                               TASK_PAGE_SIZE)
    tracks = union_window(queries.TRACK_LIST, access.track_scopes(request.user, is_open=True), TRACK_PAGE_SIZE,
                          queries.tracks_by_id)
    audit.record_list(request.user, "task", [t.pk for t in window])
    return render(request, "cases/tasks.html", {"window": window, "tracks": tracks})


@verified_login_required
def my_tracks(request):
    """The open tracks of the user's organisations, a page at a time."""
    window = page_union_window(request, queries.TRACK_LIST, access.track_scopes(request.user, is_open=True),
                               queries.tracks_by_id, TRACK_PAGE_SIZE)
    return render(request, "cases/tracks.html", {"window": window})


@verified_login_required
def table(request, pk):
    table = access.table_of_chair(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.plan_meeting(request.user, table, **form.cleaned_data)
        messages.success(request, _("Overleg gepland."))
        return redirect("cases:table", table.pk)
    waiting = page_window(request, access.waiting_at(table).annotate(deadline_key=queries.DEADLINE_KEY)
                          .select_related("lead_municipality"), WAITING_LIST, WAITING_PAGE_SIZE)
    audit.record_list(request.user, "case", [c.pk for c in waiting])
    meetings = MEETING_LIST.window(table.meetings.all(), TABLE_MEETINGS)
    return render(request, "cases/table.html", {
        "table": table, "form": form, "seats": table.seats.select_related("organisation"),
        "meetings": meetings, "waiting": waiting,
    }, status=400 if form.errors else 200)


@verified_login_required
def table_meetings(request, pk):
    """The meetings of a table its chair plans, newest first, a page at a time."""
    table = access.table_of_chair(request.user, pk)
    window = page_window(request, table.meetings.all(), MEETING_LIST, MEETING_PAGE_SIZE)
    return render(request, "cases/table_meetings.html", {"table": table, "window": window})


@verified_login_required
def meeting(request, pk):
    """The agenda and, after the meeting, the minutes: each viewer sees only the items they were at."""
    meeting, items = queries.meeting_for(request.user, pk)
    audit.record(request.user, "view", "meeting", meeting.pk, region=meeting.table.region_id)
    return render(request, "cases/meeting.html", {"meeting": meeting, "items": items})
