"""Pages of the table's work. Thin: fetch through the policy, validate with a form, call a service."""
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.care.services import care_status_of
from ketenzicht.http import int_or_none
from ketenzicht.privacy import audit, policy
from ketenzicht.route.models import RouteDefinition
from ketenzicht.route.steps import TransitionRefused

from . import queries, services
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


@verified_login_required
def case_list(request):
    status = request.GET.get("status", "open")
    if status not in queries.STATUS_FILTERS:
        status = "open"
    page = Paginator(queries.overview(request.user, status), 25).get_page(request.GET.get("page"))
    page.object_list = queries.with_track_summary(page.object_list)
    audit.record_list(request.user, "case", [c.pk for c in page])
    return render(request, "cases/list.html", {"page": page, "status": status,
                                                "tables": policy.chaired_tables(request.user)})


def _context(request, case, **forms):
    access = policy.case_access(request.user, case)
    transitions = services.available_transitions(request.user, case)
    transition_form = forms.get("transition_form") or CaseTransitionForm(case=case)
    tracks = policy.tracks_for(request.user, case).select_related("owner").prefetch_related("tasks__assignee",
                                                                                           "progress__author")
    return {
        "case": case, "access": access, "full": access >= policy.CaseAccess.MEMBER,
        "history": case.history.select_related("actor") if access >= policy.CaseAccess.MEMBER else [],
        "decisions": case.decisions.select_related("decided_by") if access >= policy.CaseAccess.MEMBER else [],
        "signals": [s for s in case.signals.select_related("lead_municipality") if policy.can(request.user, "view", s)],
        "tracks": [(t, policy.can_work_track(request.user, t), _task_form(case, t, forms.get("task_form")))
                   for t in tracks],
        "transitions": transitions, "transition_form": transition_form,
        "transition_fields": transition_form.fields_for(transitions),
        "track_formset": forms.get("track_formset") or TrackFormSet(prefix="tracks", form_kwargs={"case": case}),
        "decides": any(t.effect == "decide" for t in transitions),
        "progress_form": ProgressForm(), "close_form": CloseTrackForm(),
        "care": care_status_of(case),
        "care_summaries": case.care_summaries.all() if access >= policy.CaseAccess.MEMBER else [],
        "coordinates_care": policy.coordinates_care(request.user),
        "consultations": _consultations(request, case) if access >= policy.CaseAccess.MEMBER else [],
        "consultation_form": forms.get("consultation_form") or (
            ConsultationForm(case=case) if access >= policy.CaseAccess.HANDLE else None),
        "agenda": case.agenda_items.select_related("meeting").prefetch_related("invited")
        if access >= policy.CaseAccess.MEMBER else [],
    }


def _consultations(request, case):
    """Each consultation with its replies, and whether this user's organisation is asked to answer."""
    return [(c, policy.answering_organisation(request.user, c) is not None)
            for c in case.consultations.prefetch_related("invited", "replies__organisation")]


def _task_form(case, track, failed=None):
    """Each track has its own task form (its own field ids); a failed one comes back with its errors."""
    if failed is not None and failed.prefix == f"task-{track.pk}":
        return failed
    return TaskForm(case=case, prefix=f"task-{track.pk}")


@verified_login_required
def detail(request, pk):
    case = policy.get_case(request.user, pk)
    return render(request, "cases/detail.html", _context(request, case))


def _action(view):
    """POST-only case actions: fetch through the policy; on success back to the case page."""
    @verified_login_required
    @require_POST
    @wraps(view)
    def wrapper(request, pk, **kwargs):
        case = policy.get_case(request.user, pk)
        try:
            result = view(request, case, **kwargs)
        except services.StaleCase:
            messages.error(request, _("Iemand anders heeft deze casus intussen gewijzigd. Bekijk de nieuwe stand."))
            return redirect("cases:detail", case.pk)
        return result or redirect("cases:detail", case.pk)
    return wrapper


@_action
def take_transition(request, case):
    form = CaseTransitionForm(request.POST, case=case)
    formset = TrackFormSet(request.POST, prefix="tracks", form_kwargs={"case": case})
    valid = form.is_valid() & formset.is_valid()
    if valid:
        data = dict(form.cleaned_data)
        try:
            services.take_transition(request.user, case, data.pop("transition"), tracks=formset.tracks(),
                                     expected_version=int_or_none(request.POST.get("version")), **data)
        except TransitionRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        else:
            messages.success(request, _("De stap is gezet."))
            return None
    return render(request, "cases/detail.html", _context(request, case, transition_form=form,
                                                        track_formset=formset), status=400)


def _track(request, case, track_id):
    track = policy.tracks_for(request.user, case).filter(pk=track_id).first()
    if track is None:
        raise Http404
    return track


@_action
def call_consultation(request, case):
    form = ConsultationForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.call_consultation(request.user, case, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Spoedoverleg gestart; de partners zijn gewaarschuwd."))
            return None
    return render(request, "cases/detail.html", _context(request, case, consultation_form=form), status=400)


@_action
def reply_consultation(request, case, consultation_id):
    consultation = case.consultations.filter(pk=consultation_id).first()
    form = ReplyForm(request.POST)
    if consultation is None:
        raise Http404
    if not form.is_valid():
        messages.error(request, _("Schrijf uw antwoord (ten hoogste 2000 tekens)."))
        return None
    try:
        services.reply_consultation(request.user, consultation, form.cleaned_data["text"])
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Antwoord vastgelegd."))
    return None


@_action
def report_progress(request, case, track_id):
    track = _track(request, case, track_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Beschrijf de voortgang (ten hoogste 2000 tekens)."))
        return None
    services.report_progress(request.user, track, form.cleaned_data["text"])
    messages.success(request, _("Voortgang vastgelegd."))
    return None


@_action
def close_track(request, case, track_id):
    track = _track(request, case, track_id)
    form = CloseTrackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Beschrijf de uitkomst van het spoor."))
        return None
    try:
        services.close_track(request.user, track, form.cleaned_data["outcome"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Spoor gesloten."))
    return None


@_action
def add_task(request, case, track_id):
    track = _track(request, case, track_id)
    form = TaskForm(request.POST, case=case, prefix=f"task-{track.pk}")
    if form.is_valid():
        try:
            services.add_task(request.user, track, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Taak toegevoegd."))
            return None
    return render(request, "cases/detail.html", _context(request, case, task_form=form), status=400)


@verified_login_required
@require_POST
def complete_task(request, task_id):
    task = policy.get_open_task(request.user, task_id)
    services.complete_task(request.user, task)
    messages.success(request, _("Taak afgerond."))
    return redirect(request.POST.get("back") if str(request.POST.get("back", "")).startswith("/") and not
                    str(request.POST.get("back", "")).startswith("//") else "cases:tasks")


@verified_login_required
def my_tasks(request):
    page = Paginator(policy.tasks_of(request.user).select_related("track__case", "assignee"), 50) \
        .get_page(request.GET.get("page"))
    tracks = policy.tracks_owned(request.user).filter(is_open=True).select_related("case__route", "owner").defer(
        "case__" + RouteDefinition.LIGHT)[:50]
    audit.record_list(request.user, "task", [t.pk for t in page])
    return render(request, "cases/tasks.html", {"page": page, "tracks": tracks})


@verified_login_required
def table(request, pk):
    table = policy.table_of_chair(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.plan_meeting(request.user, table, **form.cleaned_data)
        messages.success(request, _("Overleg gepland."))
        return redirect("cases:table", table.pk)
    return render(request, "cases/table.html", {
        "table": table, "form": form, "seats": table.seats.select_related("organisation"),
        "meetings": table.meetings.all()[:20],
        "waiting": table.cases.filter(is_open=True).exclude(agenda_items__isnull=False)
        .select_related("lead_municipality"),
    }, status=400 if form.errors else 200)


@verified_login_required
def meeting(request, pk):
    """The agenda and, after the meeting, the minutes: each viewer sees only the items they were at."""
    meeting, items = queries.meeting_for(request.user, pk)
    audit.record(request.user, "view", "meeting", meeting.pk, region=meeting.table.region_id)
    return render(request, "cases/meeting.html", {"meeting": meeting, "items": items})
