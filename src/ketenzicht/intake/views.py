"""Pages for professionals: report a signal, the inbox, and handling one signal. Thin: parse, call a
service, render."""
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ketenzicht.accounts import drafts
from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib import keyset, paging
from ketenzicht.lib.actions import ObjectPage
from ketenzicht.lib.dates import add_months
from ketenzicht.lib.errors import DomainError, Invalid
from ketenzicht.lib.forms import quiet
from ketenzicht.lib.forms_bridge import InvalidInput
from ketenzicht.lib.http import int_or_none, parse_date_or_none
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Municipality
from ketenzicht.route import steps
from ketenzicht.route.models import RouteDefinition

from . import access, acute, emergency, panels, queries, receipts, services, signalenkaart
from .forms import (
    MAX_PERSONS,
    AcuteInterventionForm,
    AttachmentForm,
    CareCallInForm,
    EmergencyForm,
    FeedbackForm,
    LinkForm,
    NoteForm,
    PersonFormSet,
    ProfessionalSignalForm,
    SamePersonForm,
    TransitionForm,
    persons_from,
)
from .models import ExploitationForm, Signal

INBOX_PAGE_SIZE = 25


@verified_login_required
def inbox(request):
    status = request.GET.get("status", "open")
    if status not in queries.STATUS_FILTERS:
        status = "open"
    narrow = {**_narrow(request.GET), **_search(request.GET)}
    try:
        window = queries.inbox_page(request.user, status, INBOX_PAGE_SIZE, cursor=request.GET.get("cursor") or None,
                                    narrow=narrow)
    except InvalidInput as error:
        raise BadRequest(_("Deze cursor hoort niet bij deze lijst.")) from error
    audit.record_list(request.user, "signal", [s.pk for s in window])
    return render(request, "intake/inbox.html", {
        "window": window, "status": status, "narrow": narrow, "text_limit": queries.TEXT_SEARCH_LIMIT,
        "choices": _search_choices(request.user), "searched": any(request.GET.get(k) for k in SEARCH_KEYS)})


SEARCH_KEYS = ("q", "stage", "form", "acute", "unseen", "minor", "municipality")


def _search(params):
    """The liaison's search and filters. `q` is a reference (8 characters) or else text; text is
    encrypted, so it is matched after decrypting (queries.TEXT_SEARCH_LIMIT)."""
    search = {flag: True for flag in ("acute", "unseen", "minor") if params.get(flag) == "1"}
    q = params.get("q", "").strip()[:200]
    if q:
        ids = queries.reference_range(q)
        search.update({"reference": ids} if ids else {"text": q})
    search["q"] = q
    if params.get("stage"):
        search["stage"] = params["stage"][:50]
    form = ExploitationForm.objects.filter(code=params.get("form", "")).first()
    if form:
        search["form"] = form.pk
        search["form_code"] = form.code
    return search


def _search_choices(user):
    """What the filters offer: the user's municipalities, the route's stages, the forms."""
    stages = {}
    for definition in RouteDefinition.objects.filter(region_id__in=user.region_ids(), active=True):
        for code, stage in definition.route.signal.stages.items():
            stages.setdefault(code, stage.label)
    return {"municipalities": access.handled_municipalities(user),
            "stages": sorted(stages.items(), key=lambda item: str(item[1])),
            "forms": ExploitationForm.objects.all()}


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


@drafts.keeps_draft
@verified_login_required
def new_signal(request):
    if not access.can_report(request.user):
        raise PermissionDenied
    municipalities = access.reportable_municipalities(request.user)
    data = request.POST if request.method == "POST" else drafts.take(request.user, "intake:new")
    form = ProfessionalSignalForm(data, municipalities=municipalities)
    persons = PersonFormSet(data, prefix="persons", form_kwargs={"municipalities": municipalities})
    status = 200
    if request.method == "GET" and data is not None:  # back after the session ended: as it was typed
        quiet(form), quiet(persons)
        messages.info(request, _("Wat u invulde voordat uw sessie verliep, staat weer in het formulier. "
                                 "Controleer het en verstuur het opnieuw."))
    elif "add_person" in request.POST:
        quiet(form)
        persons = persons.with_one_more()
    elif request.method == "POST":
        if form.is_valid() and persons.is_valid():
            try:
                signal, code = services.report(request.user, form.cleaned_data, persons_from(persons))
            except DomainError as error:
                error.add_to(form)
            else:
                messages.success(request, _("Uw melding is verstuurd; de gemeente ziet haar direct."))
                return receipts.keep(redirect("intake:detail", signal.pk), code, signal)
        status = 400
    return render(request, "intake/new.html", {"form": form, "persons": persons, "max_persons": MAX_PERSONS,
                                               "indicator_groups": _indicator_groups(form)}, status=status)


def _indicator_groups(form):
    """The signalenkaart: indicators grouped under the one form of exploitation they belong to, as
    (label, form code or "" for the general ones, widgets); static/ketenzicht/signal-form.js shows
    only the groups of the forms chosen."""
    widgets = {str(w.data["value"]): w for w in form["indicators"]}
    groups = {}
    for indicator in form.offered_indicators:  # the signalenkaart of the reporter's region(s)
        forms = list(indicator.forms.all())
        key = (forms[0].label, forms[0].code) if len(forms) == 1 else (_("Algemene signalen"), "")
        groups.setdefault(key, []).append(widgets[indicator.code])
    return [(label, code, items) for (label, code), items in groups.items()]


def _detail_context(request, signal, **forms):
    level = access.signal_access(request.user, signal)
    context = {
        "signal": signal,
        "indicators": signalenkaart.names_on(signal),
        "handles": level == access.Access.HANDLE,
        "works": level >= access.Access.CALLED_IN,
        "called_in": level == access.Access.CALLED_IN,
        "call_in": getattr(signal, "care_call_in", None) if level >= access.Access.CALLED_IN else None,
        "route_stage": signal.flow_stage,
        "feedback": signal.feedback.all(),
        "attachments": access.attachments_for(request.user, signal).select_related("restricted_to"),
        "persons": signal.persons.select_related("residence"),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "panels": panels.for_page("signal", request.user, signal),
        "external_reference": signal.external_reference if access.sees_external_reference(request.user, signal)
        else None,
    }
    if access.is_acute(signal) and access.sees_acute_route(request.user, signal):
        context.update(_acute_context(request, signal, forms.get("acute_form")))
    if level >= access.Access.CALLED_IN:
        handling, stray = _handling_steps(signal, services.available_transitions(request.user, signal),
                                          forms.get("transition_form"))
        context.update(
            notes=access.notes_for(request.user, signal).select_related("author", "restricted_to"),
            history=steps.described(signal.history.select_related("actor"), signal.route.route.signal),
            handling=handling, stray_transition_form=stray,
            note_form=forms.get("note_form") or NoteForm(),
        )
    if level == access.Access.HANDLE:
        related = [s for s in signal.related.all() if policy.can(request.user, "view", s)]
        context.update(
            care_form=forms.get("care_form") or CareCallInForm(),
            link_form=forms.get("link_form") or LinkForm(),
            related=related,
            same_person_form=forms.get("same_person_form") or _same_person_form(request.user, signal, related),
            feedback_form=forms.get("feedback_form") or FeedbackForm(),
        )
    return context


def _transition_form(signal, name, data=None):
    """The form of one step: only its fields, those it requires marked, ids of its own."""
    transition = signal.route.route.signal.transitions.get(name)
    return TransitionForm(data, tracks=signal.route.route.tracks, transition=transition,
                          auto_id=f"id_step_{slugify(name)}_%s")


def _handling_steps(signal, transitions, bound=None):
    """Each step the user may take as its own small form that says what it needs; the one just
    tried (with its errors) stays open. Returns (steps, the tried form if it is no step offered)."""
    tried = bound.data.get("transition") if bound is not None else None
    handling = []
    for transition in transitions:
        form = bound if transition.name == tried else _transition_form(signal, transition.name)
        needs = [str(form[name].label).lower() for name in TransitionForm.needs(transition)]
        handling.append({"transition": transition, "form": form, "fields": form.fields_for(transition),
                         "needs": ", ".join(needs), "open": transition.name == tried})
    return handling, bound if bound is not None and not any(step["open"] for step in handling) else None


@verified_login_required
def detail(request, pk):
    signal = policy.open(request.user, Signal, pk)
    services.mark_seen(request.user, signal)
    code = receipts.take(request, signal)
    response = render(request, "intake/detail.html", {**_detail_context(request, signal), "receipt_code": code})
    return receipts.shown(response) if code else response


signal_page = ObjectPage(lambda request, pk: policy.open(request.user, Signal, pk), "intake:detail",
                         "intake/detail.html", _detail_context, hide_refusals=True)


def _action(form=None, key=None):
    """A POST on one signal: fetch through the policy, validate, call one service, back to the signal."""
    return lambda act: verified_login_required(signal_page.action(form, key)(act))


@_action(lambda request, signal: NoteForm(request.POST), "note_form")
def add_note(request, signal, data):
    services.add_note(request.user, signal, **data)
    return _("Informatie toegevoegd.")


@_action(lambda request, signal: LinkForm(request.POST), "link_form")
def link_signal(request, signal, data):
    other = services.find_for_linking(request.user, signal, data["reference"])
    if other is None:
        raise Invalid(_("Geen ander signaal met deze referentie dat u behandelt."), "reference")
    services.link(request.user, signal, other)
    return _("Signalen gekoppeld.")


def _same_person_form(user, signal, related, data=None):
    """Only persons of linked signals the user handles can be named the same person."""
    handled = [s for s in related if policy.can(user, "update", s)]
    return SamePersonForm(data, signal=signal, related=handled, auto_id="same_%s")


def _bound_same_person_form(request, signal):
    related = [s for s in signal.related.all() if policy.can(request.user, "view", s)]
    return _same_person_form(request.user, signal, related, request.POST)


@_action(_bound_same_person_form, "same_person_form")
def link_person(request, signal, data):
    services.link_person(request.user, data["person"], data["other"])
    return _("Vastgelegd: dit is dezelfde persoon.")


@_action(lambda request, signal: FeedbackForm(request.POST), "feedback_form")
def give_feedback(request, signal, data):
    services.give_feedback(request.user, signal, data["text"])
    return _("Terugkoppeling verstuurd. De melder ziet haar bij de melding.")


@_action()
def set_acute(request, signal, data):
    acute = data.get("acute") == "1"
    services.set_acute(request.user, signal, acute, expected_version=int_or_none(data.get("version")))
    return _("Gemarkeerd als acuut.") if acute else _("Markering acuut verwijderd.")


@_action(lambda request, signal: _transition_form(signal, request.POST.get("transition", ""), request.POST),
         "transition_form")
def take_transition(request, signal, data):
    data = dict(data)
    name = data.pop("transition")
    services.take_transition(request.user, signal, name, expected_version=int_or_none(request.POST.get("version")),
                             **data)
    return _("Stap gezet: %(step)s.") % {"step": signal.route.route.signal.transitions[name].label}


@_action(lambda request, signal: AttachmentForm(request.POST, request.FILES), "attachment_form")
def add_attachment(request, signal, data):
    services.add_attachment(request.user, signal, data["file"], data["restricted"])
    return _("Bijlage toegevoegd.")


@verified_login_required
def download_attachment(request, pk, attachment_id):
    signal = policy.open(request.user, Signal, pk)
    attachment = access.attachments_for(request.user, signal).filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    audit.record(request.user, "download", "attachment", attachment.pk, region=signal.region_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)


@_action(lambda request, signal: CareCallInForm(request.POST), "care_form")
def call_in_care(request, signal, data):
    acute.call_in_care(request.user, signal, data["reason"])
    return _("De zorgcoördinator is ingeschakeld. Zij ziet dit signaal nu en heeft een melding gekregen.")


def _acute_form(request, signal, data=None):
    organisations = sorted(access.acute_organisations(request.user, signal).items(), key=lambda i: i[1][1].name)
    return AcuteInterventionForm(data, organisations=organisations)


def _acute_context(request, signal, form=None):
    """The acute route's state, and the form for the user's organisation(s) while it is acute."""
    rows = acute.route_state(request.user, signal)
    mine = access.acute_organisations(request.user, signal)
    open_to_me = [pk for pk in mine if not any(r["intervention"] and r["organisation"].pk == pk for r in rows)]
    return {"acute_shown": True, "acute_rows": rows, "acute_form": form or (_acute_form(request, signal) if open_to_me else None),
            "acute_done": bool(mine) and not open_to_me}


def _acute_page_context(request, signal, **forms):
    return {"signal": signal, "sees_signal": policy.can(request.user, "view", signal),
            **_acute_context(request, signal, forms.get("acute_form"))}


acute_page = ObjectPage(lambda request, pk: acute.open_route(request.user, pk), "intake:acute_route",
                        "intake/acute_route.html", _acute_page_context, hide_refusals=True)


@verified_login_required
def acute_route(request, pk):
    signal = acute.open_route(request.user, pk)
    return render(request, "intake/acute_route.html", _acute_page_context(request, signal))


@verified_login_required
@acute_page.action(lambda request, signal: _acute_form(request, signal, request.POST), "acute_form")
def record_intervention(request, signal, data):
    acute.record_intervention(request.user, signal, data["text"], data.get("acted_at"), data.get("organisation"))
    return _("Uw interventie is vastgelegd. De gemeente en de tafel zijn op de hoogte gebracht.")


@verified_login_required
def acute_list(request):
    """Police and public prosecutor: the open acute signals and cases of their region, where they
    record their own intervention."""
    if not access.acts_on_acute_route(request.user):
        raise PermissionDenied
    window = paging.page_window(request, access.acute_signals_for(request.user).select_related(
        "lead_municipality", "case").prefetch_related("acute_interventions"), ACUTE_ORDER, ACUTE_PAGE_SIZE)
    mine = {a.organisation_id for a in request.user.assignments}
    audit.record_list(request.user, "signal", [s.pk for s in window], reason="acute_route")
    return render(request, "intake/acute_list.html", {"window": window, "rows": [
        (s, any(i.organisation_id in mine for i in s.acute_interventions.all())) for s in window]})


# The acute route's list, newest first, a page after the last one shown (it stopped at 100 unsaid).
ACUTE_ORDER, ACUTE_PAGE_SIZE = keyset.Keyset("acute", "-received_at", "-id"), 50


@verified_login_required
def break_glass(request):
    if not access.may_break_glass_somewhere(request.user):
        raise PermissionDenied
    form = EmergencyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            signal = emergency.find_signal(request.user, form.cleaned_data["reference"])
            try:
                if signal is None:
                    raise Invalid(_("Geen signaal gevonden waarvoor u noodtoegang kunt krijgen."), "reference")
                grant = emergency.break_glass(request.user, signal, form.cleaned_data["reason"])
            except DomainError as error:
                error.add_to(form)
            else:
                messages.warning(request, _("Noodtoegang verleend tot %(until)s. De functionaris gegevensbescherming "
                                            "beoordeelt deze toegang.") % {
                    "until": formats.date_format(timezone.localtime(grant.expires_at), "DATETIME_FORMAT")})
                return redirect("intake:detail", signal.pk)
    return render(request, "privacy/emergency.html", {"form": form}, status=status)
