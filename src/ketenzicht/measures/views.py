"""The mayor's office's pages: the municipality's measures, a new one, one measure with its
signing and outcome, and the region's list of legal grounds (set-up). Thin: fetch through the
policy, bind a form, call one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import ObjectPage, attempt
from ketenzicht.lib.http import int_or_none
from ketenzicht.lib.paging import page_window
from ketenzicht.privacy import audit, policy
from ketenzicht.regions.models import Region

from . import access, lists, services
from .forms import GroundForm, MeasureForm, OutcomeForm
from .models import LegalGround, Measure

PAGE_SIZE = 50


@verified_login_required
def measure_list(request):
    if not access.reads_measures(request.user):
        raise PermissionDenied
    window = page_window(request, policy.visible(request.user, Measure).select_related(
        "municipality", "ground", "signed_by"), lists.MEASURES, PAGE_SIZE)
    audit.record_list(request.user, "measure", [m.pk for m in window])
    return render(request, "measures/list.html", {"window": window,
                                                  "records": access.records_measures(request.user)})


@verified_login_required
def new_measure(request):
    if not access.records_measures(request.user):
        raise PermissionDenied
    municipalities = access.recording_municipalities(request.user)
    initial = {"municipality": municipalities.first().cbs_code} if municipalities.count() == 1 else {}
    initial.update({k: request.GET[k] for k in ("signal", "kind") if request.GET.get(k)})
    form = MeasureForm(request.POST or None, user=request.user, initial=initial)
    created = []
    if request.method == "POST" and attempt(form, lambda data: created.append(
            services.record(request.user, data["municipality"], data))):
        messages.success(request, _("Maatregel vastgelegd. Onderteken hem om het besluit vast te leggen."))
        return redirect("measures:detail", created[0].pk)
    return render(request, "measures/new.html", {"form": form}, status=400 if form.errors else 200)


def _context(request, measure, **forms):
    return {
        "m": measure, "may_record": access.can(request.user, "record", measure),
        "may_sign": access.can(request.user, "sign", measure) and not measure.is_signed,
        "outcome_form": forms.get("outcome_form") or OutcomeForm(
            auto_id="outcome_%s", initial={"outcome": measure.outcome, "outcome_note": measure.outcome_note}),
        "signal_visible": measure.signal is not None and policy.can(request.user, "view", measure.signal),
    }


@verified_login_required
def detail(request, pk):
    measure = policy.open(request.user, Measure, pk)
    return render(request, "measures/detail.html", _context(request, measure))


page = ObjectPage(lambda request, pk: policy.get(request.user, Measure, pk), "measures:detail",
                  "measures/detail.html", _context)


@verified_login_required
@page.action()
def sign(request, measure, data):
    services.sign(request.user, measure, int_or_none(data.get("version")))
    return _("Maatregel ondertekend; het besluit ligt nu vast.")


@verified_login_required
@page.action(lambda request, measure: OutcomeForm(request.POST, auto_id="outcome_%s"), "outcome_form")
def outcome(request, measure, data):
    services.record_outcome(request.user, measure, data["outcome"], data["outcome_note"],
                            int_or_none(request.POST.get("version")))
    return _("Uitkomst vastgelegd.")


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.keeps_grounds(request.user, region):
        raise Http404
    return region


@verified_login_required
def grounds(request, region):
    """Set-up: the shipped grounds and the region's own; the administrator adds and retires its own."""
    region = _region(request, region)
    form = GroundForm(request.POST or None)
    if request.method == "POST" and attempt(form, lambda data: services.add_ground(
            request.user, region, data["code"], data["label"])):
        messages.success(request, _("Grondslag toegevoegd."))
        return redirect("measures:grounds", region.slug)
    return render(request, "measures/grounds.html", {
        "region": region, "form": form,
        "shipped": LegalGround.objects.filter(region__isnull=True),
        "own": LegalGround.objects.filter(region=region).order_by("-active", "label"),
    }, status=400 if form.errors else 200)


@verified_login_required
@require_POST
def retire_ground(request, region, pk):
    region = _region(request, region)
    ground = get_object_or_404(LegalGround, pk=pk, region=region)
    services.retire_ground(request.user, region, ground)
    messages.success(request, _("Grondslag ingetrokken; maatregelen die erop rusten, blijven hem noemen."))
    return redirect("measures:grounds", region.slug)
