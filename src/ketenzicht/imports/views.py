"""Pages of an import: upload (the dry run), the report, the confirmation and the progress. Thin:
find the import through the policy (404 for anyone but its uploader), call one service, render."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.errors import DomainError
from ketenzicht.privacy import policy

from . import access, services
from .forms import LimitedUpload, UploadForm
from .models import ImportBatch

RECENT = 10


@csrf_exempt  # the upload's size limit must be in place before the CSRF check reads the body
def new(request):
    limited = LimitedUpload(request)
    if request.method == "POST":
        request.upload_handlers.insert(0, limited)
    return _new(request, limited)


@csrf_protect
@verified_login_required
def _new(request, limited):
    if not access.may_import(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None, limited=limited)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.dry_run(request.user, upload.read(), upload.name)
        except DomainError as error:
            error.add_to(form)
        else:
            return redirect("imports:batch", batch.pk)
    recent = policy.visible(request.user, ImportBatch)[:RECENT]
    return render(request, "imports/new.html", {"form": form, "recent": recent},
                  status=400 if form.errors else 200)


@verified_login_required
def batch(request, pk):
    # Counts and the report's row numbers, fields and messages: no signal's content is shown, so the
    # page is not a read for the access log (the upload and the confirmation are logged).
    found = policy.get(request.user, ImportBatch, pk)
    return render(request, "imports/batch.html", {"batch": found})


@verified_login_required
def progress(request, pk):
    """The progress part of the page, which the page's script asks for every second."""
    found = policy.get(request.user, ImportBatch, pk)
    # Without the request: a part of the page needs no menu, and asks the database nothing more.
    return HttpResponse(render_to_string("imports/progress.html", {"batch": found}))


@require_POST
@verified_login_required
def confirm(request, pk):
    found = policy.get(request.user, ImportBatch, pk, action="confirm")
    try:
        services.confirm(request.user, found)
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise Http404 from None
    return redirect("imports:batch", found.pk)  # whose progress bar says what happens now
