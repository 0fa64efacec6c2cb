"""Pages for professionals: report a signal, the inbox, and handling one signal. Thin: parse, call a
service, render."""
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.dates import add_months
from ketenzicht.http import int_or_none, parse_date_or_none
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Municipality
from ketenzicht.route.steps import TransitionRefused

from . import queries, receipts, services
from .forms import (
    AttachmentForm,
    FeedbackForm,
    LinkForm,
    NoteForm,
    PersonFormSet,
    ProfessionalSignalForm,
    SamePersonForm,
    TransitionForm,
    persons_from,
)
from .models import Indicator


@verified_login_required
def inbox(request):
    status = request.GET.get("status", "open")
    if status not in queries.STATUS_FILTERS:
        status = "open"
    narrow = _narrow(request.GET)
    page = queries.inbox_page(request.user, status, request.GET.get("page"), narrow=narrow)
    audit.record_list(request.user, "signal", [s.pk for s in page])
    return render(request, "intake/inbox.html", {"page": page, "status": status, "narrow": narrow})


def _narrow(params):
    """The list behind a figure: one municipality, a period or a month of receipt. Parameters that
    do not parse are ignored (the inbox then shows more, never less)."""
    narrow = {}
    municipality = Municipality.objects.filter(cbs_code=params.get("municipality", "")).first()
    if municipality:
        narrow["municipality_id"] = municipality.pk
        narrow["municipality"] = municipality
    start, end = parse_date_or_none(params.get("from")), parse_date_or_none(params.get("to"))
    month = parse_date_or_none(f"{params.get('month', '')}-01")
    if month:
        start, end = month, add_months(month, 1) - timedelta(days=1)
    zone = timezone.get_current_timezone()
    if start:
        narrow["start"] = timezone.make_aware(datetime.combine(start, time.min), zone)
    if end:
        narrow["end"] = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    narrow["period"] = (start, end) if start or end else None
    return narrow


@verified_login_required
def new_signal(request):
    if not policy.can_report(request.user):
        raise PermissionDenied
    municipalities = policy.reportable_municipalities(request.user)
    form = ProfessionalSignalForm(request.POST or None, municipalities=municipalities)
    persons = PersonFormSet(request.POST or None, prefix="persons",
                            form_kwargs={"municipalities": policy.reportable_municipalities(request.user)})
    status = 200
    if request.method == "POST":
        if form.is_valid() and persons.is_valid():
            try:
                signal, code = services.report(request.user, form.cleaned_data, persons_from(persons))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Uw melding is verstuurd; de gemeente ziet haar direct."))
                receipts.keep(request, code, signal)
                return redirect("intake:detail", signal.pk)
        status = 400
    return render(request, "intake/new.html", {"form": form, "persons": persons,
                                               "indicator_groups": _indicator_groups(form)}, status=status)


def _indicator_groups(form):
    """The signalenkaart: indicators grouped under the one form of exploitation they belong to."""
    widgets = {str(w.data["value"]): w for w in form["indicators"]}
    groups = {}
    for indicator in Indicator.objects.prefetch_related("forms"):
        forms = list(indicator.forms.all())
        label = forms[0].name if len(forms) == 1 else _("Algemene signalen")
        groups.setdefault(label, []).append(widgets[indicator.code])
    return list(groups.items())


def _detail_context(request, signal, **forms):
    access = policy.signal_access(request.user, signal)
    context = {
        "signal": signal,
        "handles": access == policy.Access.HANDLE,
        "route_stage": signal.flow_stage,
        "feedback": signal.feedback.all(),
        "attachments": policy.attachments_for(request.user, signal).select_related("restricted_to"),
        "persons": signal.persons.select_related("residence"),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
    }
    if access == policy.Access.HANDLE:
        related = [s for s in signal.related.all() if policy.can(request.user, "view", s)]
        transitions = services.available_transitions(request.user, signal)
        transition_form = forms.get("transition_form") or TransitionForm(tracks=signal.route.route.tracks)
        context.update(
            notes=policy.notes_for(request.user, signal).select_related("author", "restricted_to"),
            history=signal.history.select_related("actor"),
            transitions=transitions, transition_form=transition_form,
            transition_fields=transition_form.fields_for(transitions),
            note_form=forms.get("note_form") or NoteForm(),
            link_form=forms.get("link_form") or LinkForm(),
            related=related,
            same_person_form=forms.get("same_person_form") or _same_person_form(request.user, signal, related),
            feedback_form=forms.get("feedback_form") or FeedbackForm(),
        )
    return context


@verified_login_required
def detail(request, pk):
    signal = policy.get_signal(request.user, pk)
    services.mark_seen(request.user, signal)
    return render(request, "intake/detail.html", {**_detail_context(request, signal),
                                                  "receipt_code": receipts.take(request, signal)})


def _action(view):
    """A POST on one signal: fetch through the policy, run, and on success go back to the signal."""

    @verified_login_required
    @require_POST
    def wrapper(request, pk):
        signal = policy.get_signal(request.user, pk)
        try:
            result = view(request, signal)
        except PermissionDenied:
            raise Http404 from None
        except services.StaleVersion:
            messages.error(request, _("Iemand anders heeft dit signaal intussen gewijzigd. Bekijk de nieuwe stand."))
            return redirect("intake:detail", signal.pk)
        if result is None:
            return redirect("intake:detail", signal.pk)
        return result

    return wrapper


@_action
def add_note(request, signal):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/detail.html", _detail_context(request, signal, note_form=form), status=400)
    services.add_note(request.user, signal, **form.cleaned_data)
    messages.success(request, _("Informatie toegevoegd."))


@_action
def link_signal(request, signal):
    form = LinkForm(request.POST)
    other = services.find_for_linking(request.user, signal, form.data.get("reference", "")) if form.is_valid() else None
    if other is None:
        if form.is_valid():
            form.add_error("reference", _("Geen ander signaal met deze referentie dat u behandelt."))
        return render(request, "intake/detail.html", _detail_context(request, signal, link_form=form), status=400)
    services.link(request.user, signal, other)
    messages.success(request, _("Signalen gekoppeld."))


def _same_person_form(user, signal, related, data=None):
    """Only persons of linked signals the user handles can be named the same person."""
    handled = [s for s in related if policy.can(user, "update", s)]
    return SamePersonForm(data, signal=signal, related=handled, auto_id="same_%s")


@_action
def link_person(request, signal):
    related = [s for s in signal.related.all() if policy.can(request.user, "view", s)]
    form = _same_person_form(request.user, signal, related, request.POST)
    if not form.is_valid():
        return render(request, "intake/detail.html", _detail_context(request, signal, same_person_form=form),
                      status=400)
    services.link_person(request.user, form.cleaned_data["person"], form.cleaned_data["other"])
    messages.success(request, _("Vastgelegd: dit is dezelfde persoon."))


@_action
def give_feedback(request, signal):
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "intake/detail.html", _detail_context(request, signal, feedback_form=form), status=400)
    services.give_feedback(request.user, signal, form.cleaned_data["text"])
    messages.success(request, _("Terugkoppeling verstuurd. De melder ziet haar bij de melding."))


@_action
def set_acute(request, signal):
    acute = request.POST.get("acute") == "1"
    services.set_acute(request.user, signal, acute, expected_version=int_or_none(request.POST.get("version")))
    messages.success(request, _("Gemarkeerd als acuut.") if acute else _("Markering acuut verwijderd."))


@_action
def take_transition(request, signal):
    form = TransitionForm(request.POST, tracks=signal.route.route.tracks)
    if not form.is_valid():
        return render(request, "intake/detail.html", _detail_context(request, signal, transition_form=form),
                      status=400)
    try:
        form.take(request.user, signal, expected_version=int_or_none(request.POST.get("version")))
    except TransitionRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return render(request, "intake/detail.html", _detail_context(request, signal, transition_form=form),
                      status=400)
    messages.success(request, _("De stap is gezet."))


@_action
def add_attachment(request, signal):
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "intake/detail.html", _detail_context(request, signal, attachment_form=form),
                      status=400)
    services.add_attachment(request.user, signal, form.cleaned_data["file"], form.cleaned_data["restricted"])
    messages.success(request, _("Bijlage toegevoegd."))


@verified_login_required
def download_attachment(request, pk, attachment_id):
    signal = policy.get_signal(request.user, pk)
    attachment = policy.attachments_for(request.user, signal).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    audit.record(request.user, "download", "attachment", attachment.pk, region=signal.region_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)
