"""Pages of the plan of approach. Thin: find the plan the user may read (404 for any other region's:
access.py decides), bind a form, call one service, render."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.insights import access as insights_access
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError, Stale
from ketenzicht.regions.models import Region

from . import access, progress, services
from .forms import ActionForm, ActionPageForm, KpiEditForm, KpiForm, KpiValueForm, LineForm, PlanForm
from .models import MANUAL, Action, Kpi, Line, Plan

MAX_PLANS = 50  # a region keeps a plan per few years: the list is short; older ones beyond this are not shown


def _plan(request, pk, keep=False):
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk)
    if not (access.keeps if keep else access.reads)(request.user, plan.region):
        raise Http404
    return plan


@verified_login_required
def index(request):
    """The plans of the regions the user reads; straight to the plan when there is one."""
    region_ids = access.reading_region_ids(request.user)
    if not region_ids:
        raise Http404
    plans = list(Plan.objects.filter(region__in=region_ids).select_related("region")[:MAX_PLANS])
    if len(plans) == 1 and not request.GET.get("alle"):
        return redirect("plan:detail", plans[0].pk)
    regions = [r for r in Region.objects.filter(pk__in=region_ids).order_by("name") if access.keeps(request.user, r)]
    return render(request, "plan/index.html", {"plans": plans, "keeps": regions})


@verified_login_required
def detail(request, pk):
    plan = _plan(request, pk)
    today = timezone.localdate()
    lines, kpis = progress.of_plan(plan, today=today)
    return render(request, "plan/detail.html", {
        "plan": plan, "lines": lines, "kpis": kpis, "today": today, "keeps": access.keeps(request.user, plan.region),
        "late": [a for line in lines for a in line.late], "measured_until": progress.measured_until(plan, today),
        "monitor_url": _monitor_url(request.user, plan.region)})


def _monitor_url(user, region):
    """The region's monitor (whose download carries the plan section), for whoever may open it."""
    if not insights_access.figure_regions(user).filter(pk=region.pk).exists():
        return None
    return f"{reverse('insights:monitor')}?{urlencode({'region': region.slug})}"


def _form_page(request, form, title, back, status=200, stale=None, remove=None, intro=""):
    """`remove`: (url, button text, question) of a removal the page offers beside its form."""
    return render(request, "plan/form.html", {"form": form, "title": title, "back": back, "stale": stale,
                                              "remove": remove, "intro": intro},
                  status=400 if request.method == "POST" else status)


@verified_login_required
def new_plan(request, region):
    region = get_object_or_404(Region, slug=region)
    if not access.keeps(request.user, region):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(request.user, region, **form.cleaned_data)
        except DomainError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Het plan is aangemaakt. Voeg nu de ambities of sporen toe, en daaronder de acties."))
            return redirect("plan:detail", plan.pk)
    return _form_page(request, form, _("Nieuw plan van aanpak voor %(region)s") % {"region": region.name}, None)


@verified_login_required
def new_line(request, pk):
    plan = _plan(request, pk, keep=True)
    form = LineForm(request.POST or None)
    if request.method == "POST" and attempt(form, lambda data: services.add_line(request.user, plan, **data)):
        messages.success(request, _("De ambitie of het spoor is toegevoegd; voeg er nu acties aan toe."))
        return redirect("plan:detail", plan.pk)
    return _form_page(request, form, _("Ambitie of spoor toevoegen"), plan)


def _kept(request, queryset, plan_path, **lookup):
    """A part of a plan (line, action, KPI) that the user keeps the plan of; any other is not found."""
    obj = get_object_or_404(queryset.select_related(f"{plan_path}__region"), **lookup)
    plan = obj
    for step in plan_path.split("__"):
        plan = getattr(plan, step)
    if not access.keeps(request.user, plan.region):
        raise Http404
    return obj, plan


def _line(request, pk):
    return _kept(request, Line.objects, "plan", pk=pk)[0]


@verified_login_required
def edit_line(request, pk):
    line = _line(request, pk)
    form = LineForm(request.POST or None, initial={"kind": line.kind, "title": line.title, "title_en": line.title_en})
    if request.method == "POST" and attempt(form, lambda data: services.update_line(request.user, line, **data)):
        messages.success(request, _("De ambitie of het spoor is gewijzigd."))
        return redirect("plan:detail", line.plan.pk)
    remove = (reverse("plan:remove_line", args=[line.pk]), _("Verwijderen"),
              _("Kan alleen zolang er geen acties onder staan.")) if not line.actions.exists() else None
    return _form_page(request, form, _("Wijzigen: %(line)s") % {"line": line.label}, line.plan, remove=remove)


@require_POST
@verified_login_required
def remove_line(request, pk):
    line = _line(request, pk)
    plan = line.plan
    try:
        services.remove_line(request.user, line)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("plan:edit_line", line.pk)
    messages.success(request, _("De ambitie of het spoor is verwijderd."))
    return redirect("plan:detail", plan.pk)


@verified_login_required
def new_action(request, pk):
    plan = _plan(request, pk, keep=True)
    if not plan.lines.exists():
        messages.error(request, _("Voeg eerst een ambitie of spoor toe; een actie hoort onder een ervan."))
        return redirect("plan:new_line", plan.pk)
    form = ActionForm(request.POST or None, plan=plan, initial={"line": request.GET.get("spoor")})
    if request.method == "POST" and attempt(form, lambda data: services.add_action(request.user, plan, **data)):
        messages.success(request, _("De actie is toegevoegd."))
        return redirect("plan:detail", plan.pk)
    return _form_page(request, form, _("Nieuwe actie"), plan)


@require_POST
@verified_login_required
def remove_action(request, pk):
    action, plan = _kept(request, Action.objects, "line__plan", pk=pk)
    services.remove_action(request.user, action)
    messages.success(request, _("De actie is verwijderd."))
    return redirect("plan:detail", plan.pk)


@verified_login_required
def edit_action(request, pk):
    action, plan = _kept(request, Action.objects, "line__plan", pk=pk)
    initial = {name: getattr(action, name) for name in (
        "title", "title_en", "owner", "owner_en", "deadline", "status", "progress_note", "progress_note_en",
        "version")}
    form = ActionPageForm(request.POST or None, initial=initial, plan=plan)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_action(request.user, action, expected_version=data.pop("version"), **data)
        except Stale as error:
            stale = error.message
            data = request.POST.copy()
            data["version"] = str(action.version)
            form = ActionPageForm(data, initial=initial, plan=plan)
            form.is_valid()
        except DomainError as error:
            error.add_to(form)
        else:
            messages.success(request, _("De actie is bijgewerkt."))
            return redirect("plan:detail", plan.pk)
    remove = (reverse("plan:remove_action", args=[action.pk]), _("Actie verwijderen"),
              _("Alleen voor een actie die per vergissing is vastgelegd; een actie die niet meer doorgaat zet u op "
                "'Vervallen'."))
    return _form_page(request, form, _("Actie bijwerken: %(action)s") % {"action": action.label}, plan, stale=stale,
                      remove=remove)


@verified_login_required
def new_kpi(request, pk):
    plan = _plan(request, pk, keep=True)
    form = KpiForm(request.POST or None, plan=plan)
    if request.method == "POST" and attempt(form, lambda data: services.add_kpi(request.user, plan, **data)):
        messages.success(request, _("De KPI is toegevoegd."))
        return redirect("plan:detail", plan.pk)
    return _form_page(request, form, _("Nieuwe KPI"), plan)


def _kpi(request, pk):
    return _kept(request, Kpi.objects, "plan", pk=pk)[0]


@verified_login_required
def edit_kpi(request, pk):
    kpi = _kpi(request, pk)
    initial = {name: getattr(kpi, name) for name in ("name", "name_en", "target", "direction", "unit", "line")}
    form = KpiEditForm(request.POST or None, initial=initial, plan=kpi.plan)
    if request.method == "POST" and attempt(form, lambda data: services.update_kpi(request.user, kpi, **data)):
        messages.success(request, _("De KPI is gewijzigd."))
        return redirect("plan:detail", kpi.plan.pk)
    remove = (reverse("plan:remove_kpi", args=[kpi.pk]), _("KPI verwijderen"),
              _("Een KPI waar het plan niet meer op stuurt; met de waarden die ervoor zijn vastgelegd."))
    return _form_page(request, form, _("KPI wijzigen: %(kpi)s") % {"kpi": kpi.label}, kpi.plan, remove=remove)


@require_POST
@verified_login_required
def remove_kpi(request, pk):
    kpi = _kpi(request, pk)
    plan = kpi.plan
    services.remove_kpi(request.user, kpi)
    messages.success(request, _("De KPI is verwijderd."))
    return redirect("plan:detail", plan.pk)


@verified_login_required
def kpi_value(request, pk):
    kpi = _kept(request, Kpi.objects, "plan", pk=pk, metric=MANUAL)[0]
    form = KpiValueForm(request.POST or None, plan=kpi.plan)
    if request.method == "POST" and attempt(form, lambda data: services.record_value(request.user, kpi, **data)):
        messages.success(request, _("De waarde is vastgelegd."))
        return redirect("plan:detail", kpi.plan.pk)
    return _form_page(request, form, _("Waarde vastleggen: %(kpi)s") % {"kpi": kpi.label}, kpi.plan)
