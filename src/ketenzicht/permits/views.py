"""The licensing officer's pages: the permit register against the maximum, the maxima and their
history, and Bibob requests. Thin: each page asks access.py and calls one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import ObjectPage, attempt
from ketenzicht.lib.http import int_or_none
from ketenzicht.lib.keyset_union import page_union_window
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import BibobChangeForm, BibobForm, EndPermitForm, MaximumForm, PermitChangeForm, PermitForm
from .models import BibobRequest, Permit

PAGE_SIZE = 50


def _overview(user):
    """Per municipality of the user: the places today per scope, and what expires within 90 days."""
    return [{"municipality": m, "places": services.places(m),
             "expiring": list(services.expiring(access.permits_visible_to(user, municipality=m)))}
            for m in access.read_municipalities(user)]


@verified_login_required
def register(request):
    """The permit register: places left against the APV's maximum, permits expiring within 90
    days, and every permit of the user's municipality, newest first, a page at a time."""
    if not access.reads_permits(request.user):
        raise PermissionDenied
    window = page_union_window(request, lists.PERMITS, access.permit_scopes(request.user), lists.permit_rows,
                               PAGE_SIZE)
    audit.record_list(request.user, "permit", [p.pk for p in window])
    overview = _overview(request.user)
    return render(request, "permits/register.html", {
        "overview": overview, "expiring": [p for row in overview for p in row["expiring"]], "window": window, "keeps": access.keeps_permits(request.user),
        "bibob": access.keeps_bibob(request.user), "today": timezone.localdate(),
    })


@verified_login_required
def new_permit(request):
    if not access.keeps_permits(request.user):
        raise PermissionDenied
    municipalities = access.kept_municipalities(request.user)
    form = PermitForm(request.POST or None, municipalities=municipalities)
    created = []
    if request.method == "POST" and attempt(form, lambda data: created.append(services.register_permit(
            request.user, data["municipality"], data))):
        messages.success(request, _("Vergunning %(reference)s geregistreerd.") % {"reference": created[0].reference})
        return redirect("permits:detail", created[0].pk)
    places = [{"municipality": m, "places": services.places(m)} for m in municipalities]
    return render(request, "permits/new.html", {"form": form, "overview": places},
                  status=400 if form.errors else 200)


def _permit_context(request, permit, change_form=None, end_form=None):
    changes = policy.can(request.user, "change", permit)
    return {
        "permit": permit, "changes": changes, "ends": policy.can(request.user, "end", permit),
        "change_form": change_form or PermitChangeForm(auto_id="change_%s", initial={
            name: getattr(permit, name) for name in PermitChangeForm.base_fields}),
        "end_form": end_form or EndPermitForm(auto_id="end_%s", initial={"effective_on": timezone.localdate()}),
        "places": services.places(permit.municipality),
        "bibob_requests": access.bibob_visible_to(request.user, permit=permit).order_by("-requested_at")
        if access.keeps_bibob(request.user) else None,
    }


@verified_login_required
def permit_detail(request, pk):
    permit = policy.open(request.user, Permit, pk)
    return render(request, "permits/detail.html", _permit_context(request, permit))


permit_page = ObjectPage(lambda request, pk: policy.open(request.user, Permit, pk), "permits:detail",
                         "permits/detail.html", _permit_context)


@verified_login_required
@permit_page.action(lambda request, permit: PermitChangeForm(request.POST, auto_id="change_%s"), "change_form")
def change_permit(request, permit, data):
    services.update_permit(request.user, permit, data, int_or_none(request.POST.get("version")))
    return _("Vergunning bijgewerkt.")


@verified_login_required
@permit_page.action(lambda request, permit: EndPermitForm(request.POST, auto_id="end_%s"), "end_form")
def end_permit(request, permit, data):
    services.end_permit(request.user, permit, data["status"], data["effective_on"], data["reference"],
                        int_or_none(request.POST.get("version")))
    return _("Vergunning beëindigd.")


@verified_login_required
def maxima(request):
    """The APV's maxima with their history; the licensing officer records a council's change."""
    if not access.reads_permits(request.user):
        raise PermissionDenied
    municipalities = access.kept_municipalities(request.user)
    form = MaximumForm(request.POST or None, municipalities=municipalities) if municipalities else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if attempt(form, lambda data: services.record_maximum(request.user, **data)):
            messages.success(request, _("Maximum vastgelegd."))
            return redirect("permits:maxima")
    rows = access.maxima_visible_to(request.user).select_related("municipality", "recorded_by").order_by(
        "municipality__name", "scope", "-valid_from", "-id")
    return render(request, "permits/maxima.html", {"form": form, "rows": rows},
                  status=400 if form is not None and form.errors else 200)


# ------------------------------------------------------------------------------------ Bibob
@verified_login_required
def bibob_list(request):
    if not access.keeps_bibob(request.user):
        raise PermissionDenied
    window = page_union_window(request, lists.BIBOB, access.bibob_scopes(request.user), lists.bibob_rows, PAGE_SIZE)
    audit.record_list(request.user, "bibob_request", [b.pk for b in window])
    return render(request, "permits/bibob_list.html", {"window": window})


@verified_login_required
def new_bibob(request):
    if not access.keeps_bibob(request.user):
        raise PermissionDenied
    initial = {"permit": request.GET.get("permit", "")[:20]}
    form = BibobForm(request.POST or None, municipalities=access.bibob_municipalities(request.user), initial=initial)
    created = []
    if request.method == "POST" and attempt(form, lambda data: created.append(services.create_bibob(
            request.user, data["municipality"], data))):
        messages.success(request, _("Bibob-verzoek %(reference)s vastgelegd.") % {"reference": created[0].reference})
        return redirect("permits:bibob_detail", created[0].pk)
    return render(request, "permits/bibob_new.html", {"form": form}, status=400 if form.errors else 200)


def _bibob_initial(bibob):
    initial = {name: getattr(bibob, name) for name in BibobChangeForm.base_fields if name not in ("permit", "signal",
                                                                                                  "case")}
    initial.update(permit=bibob.permit_id or "", signal=bibob.signal_id or "", case=bibob.case_id or "")
    return initial


def _bibob_context(request, bibob, change_form=None):
    return {"bibob": bibob,
            "change_form": change_form or BibobChangeForm(auto_id="bibob_%s", initial=_bibob_initial(bibob))}


@verified_login_required
def bibob_detail(request, pk):
    bibob = policy.open(request.user, BibobRequest, pk)
    return render(request, "permits/bibob_detail.html", _bibob_context(request, bibob))


bibob_page = ObjectPage(lambda request, pk: policy.open(request.user, BibobRequest, pk, action="change"),
                        "permits:bibob_detail", "permits/bibob_detail.html", _bibob_context)


@verified_login_required
@bibob_page.action(lambda request, bibob: BibobChangeForm(request.POST, auto_id="bibob_%s"), "change_form")
def change_bibob(request, bibob, data):
    services.update_bibob(request.user, bibob, data, int_or_none(request.POST.get("version")))
    return _("Bibob-verzoek bijgewerkt.")
