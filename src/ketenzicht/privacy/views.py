"""The privacy pages: the access log for the privacy officer, and break-the-glass."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib import paging

from . import access, audit, log, retention, subjects
from .forms import AccessLogFilter, CorrectionForm, ReviewForm, SubjectForm

LOG_PAGE_SIZE = 50


def _filters(request):
    """The filter form, bound to the query; only its valid fields filter."""
    form = AccessLogFilter(request.GET or None)
    form.is_valid()
    valid = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
    return form, valid


@verified_login_required
def access_log(request):
    if not access.reads_access_log(request.user):
        raise PermissionDenied
    form, filters = _filters(request)
    window = paging.page_window(request, log.entries(request.user, filters), log.ORDER, LOG_PAGE_SIZE)
    audit.record_list(request.user, "accesslog", [entry.pk for entry in window],
                      filters={k: str(v) for k, v in filters.items() if v})
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("cursor", None)
    return render(request, "privacy/log.html", {
        "form": form, "window": window, "query": query.urlencode(), "entries": log.with_stated_reasons(window),
        "review_form": ReviewForm(),
    }, status=400 if form.errors else 200)


@verified_login_required
def access_log_csv(request):
    if not access.reads_access_log(request.user):
        raise PermissionDenied
    _form, filters = _filters(request)
    audit.record(request.user, "export", "accesslog", filters={k: str(v) for k, v in filters.items() if v})
    response = StreamingHttpResponse(log.csv_lines(log.entries(request.user, filters)),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{timezone.localdate():%Y%m%d}.csv"'
    return response


@verified_login_required
@require_POST
def review(request, entry_id):
    if not access.reads_access_log(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        log.review(request.user, entry_id, form.cleaned_data["note"])
        messages.success(request, _("Beoordeling vastgelegd."))
    else:
        messages.error(request, _("Vul een oordeel in (ten hoogste 500 tekens)."))
    return redirect(request.POST.get("back") if str(request.POST.get("back", "")).startswith("/privacy/")
                    else "privacy:log")


@verified_login_required
def retention_state(request):
    """The privacy officer sees the terms, what is due now, and the last runs of their region(s)."""
    if not access.reads_access_log(request.user):
        raise PermissionDenied
    regions = access.regions_reviewed_by(request.user)
    audit.record(request.user, "list", "retention")
    return render(request, "privacy/retention.html", {
        "outcomes": retention.preview(regions),
        "runs": access.access_log_visible_to(request.user).filter(action="retention").order_by("-at")[:10],
    })


@verified_login_required
def subject_request(request):
    """Requests of the people concerned: find by e-mail or phone, hand over, correct or erase."""
    regions = access.subject_request_regions(request.user)
    if not regions:
        raise PermissionDenied
    form = SubjectForm(request.GET or None)
    found = subjects.everything_about(request.user, form.cleaned_data["identifier"], regions) \
        if form.is_valid() else {}
    if form.is_valid() and request.GET.get("format") == "json":
        response = JsonResponse(subjects.export_all(request.user, found), json_dumps_params={"ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="inzage.json"'
        return response
    others = [(object_type, record, subjects.SOURCES[object_type].describe(record))
              for object_type, records in found.items() if object_type != "signal" for record in records]
    return render(request, "privacy/subjects.html", {
        "form": form, "signals": found.get("signal", []), "others": others, "correction": CorrectionForm(auto_id=False, initial={"identifier": form.data.get(
            "identifier", "")}), "query": request.GET.urlencode()})


@verified_login_required
@require_POST
def subject_correction(request, pk):
    regions = access.subject_request_regions(request.user)
    form = CorrectionForm(request.POST)
    if not regions or not form.is_valid():
        raise PermissionDenied
    signal = subjects.records_about(request.user, form.cleaned_data["identifier"], regions).filter(pk=pk).first()
    if signal is None:
        raise Http404
    subjects.correct_contact(request.user, signal, form.cleaned_data["contact"].strip())
    messages.success(request, _("Contactgegevens aangepast.") if form.cleaned_data["contact"].strip()
                     else _("Contactgegevens gewist."))
    return redirect("privacy:subjects")


@verified_login_required
@require_POST
def subject_erase(request, object_type, pk):
    """Erase a record of another kind the request found (linkage: what identifies a person)."""
    regions = access.subject_request_regions(request.user)
    form = CorrectionForm(request.POST)
    if not regions or not form.is_valid():
        raise PermissionDenied
    if object_type not in subjects.SOURCES or object_type == "signal":
        raise Http404
    record = subjects.records_about(request.user, form.cleaned_data["identifier"], regions, object_type) \
        .filter(pk=pk).first()
    if record is None:
        raise Http404
    subjects.correct_contact(request.user, record, "", object_type)
    messages.success(request, _("Gegevens gewist."))
    return redirect("privacy:subjects")
