"""Pages of the region's shared costs. Thin: find the region or cost the user may see (404 for
any other: access.py decides), bind a form, call one service, render."""
import tempfile

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.errors import DomainError, Stale
from ketenzicht.privacy import audit
from ketenzicht.regions.models import Region

from . import access, documents, services
from .forms import CostPageForm
from .models import KeyKind, SharedCost

PER_PAGE = 50


@verified_login_required
def index(request):
    regions = Region.objects.filter(pk__in=access.reading_region_ids(request.user)).order_by("name")
    if len(regions) == 1:
        return redirect("costs:region", regions[0].slug)
    if not regions:
        raise Http404
    return render(request, "costs/index.html", {"regions": regions})


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.reads(request.user, region):
        raise Http404
    return region


def _cost(request, slug, pk):
    region = _region(request, slug)
    return region, get_object_or_404(SharedCost.objects.select_related("region"), pk=pk, region=region)


@verified_login_required
def region(request, region):
    region = _region(request, region)
    page = Paginator(SharedCost.objects.filter(region=region).order_by("-year", "function", "id"),
                     PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [{"cost": c, "amount": services.euro(c.amount)} for c in page.object_list]
    return render(request, "costs/region.html", {"region": region, "page": page,
                                                 "keeps": access.keeps(request.user, region)})


def key_text(cost):
    """One sentence: how this cost is split."""
    if cost.key_kind == KeyKind.OWN_WEIGHTS:
        return _("Verdeeld naar de eigen gewichten van de regio.")
    day = formats.date_format(cost.reference_date, "j F Y")
    if cost.key_kind == KeyKind.FIXED_PLUS_INHABITANTS:
        return _("Elke gemeente betaalt een vast deel van %(fixed)s; de rest wordt verdeeld naar het aantal "
                 "inwoners per %(day)s.") % {"fixed": services.euro(cost.fixed_part), "day": day}
    return _("Verdeeld met het aantal inwoners per %(day)s als verdeelsleutel.") % {"day": day}


def context(cost):
    """What the page and the PDF show of a cost's split, formatted once."""
    result = services.allocation(cost)
    rows = [{"code": s.name.cbs_code, "name": s.name.name, "weight": formats.number_format(s.weight, 0,
                                                                                             force_grouping=True),
             "percentage": services.percent(s.percentage), "share": services.euro(s.amount)} for s in result.shares]
    total = {"weight": formats.number_format(result.total_weight, 0, force_grouping=True),
             "percentage": services.percent(result.total_percentage), "share": services.euro(result.total)}
    title = _("%(label)s %(year)s — %(region)s") % {"label": cost.title, "year": cost.year,
                                                      "region": cost.region.name}
    return result, {"cost": cost, "region": cost.region, "rows": rows, "total": total, "title": title,
                    "key": key_text(cost), "weight_header": services.weight_header(cost),
                    "difference": services.difference_text(result)}


@verified_login_required
def cost(request, region, pk):
    _region_, cost = _cost(request, region, pk)
    _result, data = context(cost)
    audit.record(request.user, "view", "shared_cost", cost.pk, region=cost.region_id)
    return render(request, "costs/cost.html", {**data, "keeps": access.keeps(request.user, cost.region)})


@verified_login_required
def download(request, region, pk, fmt):
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    _region_, cost = _cost(request, region, pk)
    result, data = context(cost)
    audit.record(request.user, "download", "shared_cost", cost.pk, region=cost.region_id, format=fmt)
    file = tempfile.TemporaryFile()
    if fmt == "pdf":
        documents.write_pdf(data, file)
    else:
        documents.write_xlsx(cost, result, file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=f"kostenverdeling-{cost.region.slug}-{cost.year}-"
                        f"{cost.pk}.{fmt}", content_type=(
        "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


# --------------------------------------------------------------------------------- set-up
def _setup_region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.keeps(request.user, region):
        raise Http404
    return region


def _save(form, act):
    """Run the service; its refusal goes on the form (nothing typed is lost); a stale version says so."""
    if not form.is_valid():
        return False, None
    try:
        act(form.service_fields())
    except Stale as error:
        return False, error.message
    except DomainError as error:
        error.add_to(form)
        return False, None
    return True, None


@verified_login_required
def setup(request, region):
    region = _setup_region(request, region)
    members = services.municipalities(region)
    form = CostPageForm(request.POST or None, municipalities=members,
                        initial={"key_kind": KeyKind.INHABITANTS, "remainder_rule": "leave"})
    if request.method == "POST":
        done, _stale = _save(form, lambda data: services.add_cost(request.user, region, **data))
        if done:
            messages.success(request, _("De kosten zijn vastgelegd."))
            return redirect("costs:setup", region.slug)
    return render(request, "costs/setup.html", {
        "region": region, "form": form, "costs": SharedCost.objects.filter(region=region)[:PER_PAGE]},
        status=400 if request.method == "POST" else 200)


@verified_login_required
def setup_cost(request, region, pk):
    region = _setup_region(request, region)
    cost = get_object_or_404(SharedCost, pk=pk, region=region)
    members = services.municipalities(region)
    initial = {name: getattr(cost, name) for name in (
        "year", "function", "label", "label_en", "amount", "key_kind", "fixed_part", "reference_date",
        "remainder_rule", "version")}
    initial.update({f"weight_{code}": w for code, w in services.weights_of(cost).items()})
    form = CostPageForm(request.POST or None, municipalities=members, initial=initial)
    stale = None
    if request.method == "POST":
        done, stale = _save(form, lambda data: services.update_cost(
            request.user, cost, expected_version=form.cleaned_data.get("version"), **data))
        if done:
            messages.success(request, _("De kosten zijn gewijzigd."))
            return redirect("costs:cost", region.slug, cost.pk)
    return render(request, "costs/setup.html", {"region": region, "form": form, "cost": cost, "stale": stale},
                  status=400 if request.method == "POST" else 200)
