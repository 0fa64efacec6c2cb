"""The inspection pages: the list, planning one, one inspection with its partners' findings, and
turning a finding into a signal. Thin: fetch through the policy, bind a form, call one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import ObjectPage, attempt
from ketenzicht.lib.http import int_or_none
from ketenzicht.lib.paging import page_window
from ketenzicht.privacy import audit, policy

from . import access, lists, services
from .forms import FindingForm, InspectionForm, SignalForm, StatusForm
from .models import Inspection

PAGE_SIZE = 50


@verified_login_required
def inspection_list(request):
    if not access.takes_part(request.user):
        raise PermissionDenied
    window = page_window(request, policy.visible(request.user, Inspection).select_related("municipality")
                         .prefetch_related("partners"), lists.INSPECTIONS, PAGE_SIZE)
    audit.record_list(request.user, "inspection", [i.pk for i in window])
    return render(request, "inspections/list.html", {"window": window,
                                                     "plans": access.plans_inspections(request.user)})


@verified_login_required
def new_inspection(request):
    if not access.plans_inspections(request.user):
        raise PermissionDenied
    municipalities = access.planning_municipalities(request.user)
    initial = {"municipality": municipalities.first().cbs_code} if municipalities.count() == 1 else {}
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    created = []
    if request.method == "POST" and attempt(form, lambda data: created.append(
            services.plan(request.user, data["municipality"], data))):
        messages.success(request, _("Controle gepland; de partners zien haar en leggen hun bevindingen vast."))
        return redirect("inspections:detail", created[0].pk)
    return render(request, "inspections/new.html", {"form": form}, status=400 if form.errors else 200)


def _context(request, inspection, **forms):
    user = request.user
    findings = list(access.findings_for(user, inspection))
    bound = forms.get("signal_form")
    for finding in findings:
        own_ids = f"signal_{finding.pk}_%s"  # a form per finding: each its own field ids
        finding.signal_form = bound if bound is not None and bound.auto_id == own_ids else SignalForm(auto_id=own_ids)
        finding.may_signal = finding.signal_id is None and access.may_signal(user, finding)
        finding.signal_visible = finding.signal_id is not None and policy.can(user, "view", finding.signal)
    return {
        "i": inspection, "findings": findings, "plans": access.plans(user, inspection),
        "partners": inspection.partners.order_by("name"),
        "finding_form": forms.get("finding_form") or FindingForm(
            auto_id="finding_%s", user=user, inspection=inspection,
            initial={"organisation": (access.own_partners(user, inspection) or [None])[0]}),
        "records": access.can(user, "record", inspection),
        "signal_form": bound,
        "status_form": StatusForm(auto_id="status_%s", initial={"status": inspection.status}),
    }


@verified_login_required
def detail(request, pk):
    inspection = policy.open(request.user, Inspection, pk)
    return render(request, "inspections/detail.html", _context(request, inspection))


page = ObjectPage(lambda request, pk: policy.get(request.user, Inspection, pk), "inspections:detail",
                  "inspections/detail.html", _context)


@verified_login_required
@page.action(lambda request, inspection: FindingForm(request.POST, auto_id="finding_%s", user=request.user,
                                                     inspection=inspection), "finding_form")
def add_finding(request, inspection, data):
    services.record_finding(request.user, inspection, data["organisation"], data["text"],
                            data["points_to_trafficking"])
    return _("Bevinding vastgelegd.")


@verified_login_required
@page.action(lambda request, inspection: StatusForm(request.POST, auto_id="status_%s"), "status_form")
def set_status(request, inspection, data):
    services.set_status(request.user, inspection, data["status"], int_or_none(request.POST.get("version")))
    return _("Status vastgelegd.")


@verified_login_required
@page.action(lambda request, inspection, finding: SignalForm(request.POST, auto_id=f"signal_{finding}_%s"),
             "signal_form")
def make_signal(request, inspection, data, finding):
    found = access.fetch_finding(inspection, finding)
    if found is None:
        raise Http404
    signal = services.make_signal(request.user, found, data["exploitation_forms"])
    return _("Signaal %(ref)s gemaakt; het staat in de inbox van %(municipality)s.") % {
        "ref": signal.reference, "municipality": inspection.municipality.name}
