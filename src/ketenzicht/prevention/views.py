"""The pages of training and awareness: the overview per municipality, the sessions and activities
with their record forms, and the region's catalogue (set-up). Thin: find the region the user may
see (404 for any other: access.py decides), bind a form, call one service, render."""
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.paging import page_window
from ketenzicht.regions.models import Region

from . import access, lists, queries, services
from .forms import ActivityForm, InterventionEditForm, InterventionForm, ParticipantsFormSet, SessionForm
from .models import Intervention

PAGE_SIZE = 50
OVERVIEW_DAYS = 365


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.reads(request.user, region):
        raise Http404
    return region


@verified_login_required
def index(request):
    regions = Region.objects.filter(pk__in=access.reading_region_ids(request.user)).order_by("name")
    if not regions:
        raise Http404
    return redirect("prevention:overview", regions[0].slug)


@verified_login_required
def overview(request, region):
    """Per municipality the last year's sessions, staff trained and awareness activities: where the
    region trains, and where nobody does."""
    region = _region(request, region)
    end = timezone.localdate()
    start = end - datetime.timedelta(days=OVERVIEW_DAYS - 1)
    rows, region_wide = queries.per_municipality(region, start, end)
    return render(request, "prevention/overview.html", {
        "region": region, "rows": rows, "region_wide": region_wide, "start": start, "end": end,
        "untrained": [row["municipality"] for row in rows if not row["trained"]],
        "records": access.records_any(request.user, region)})


@verified_login_required
def sessions(request, region):
    region = _region(request, region)
    window = page_window(request, queries.sessions([region.pk]), lists.SESSIONS, PAGE_SIZE)
    return render(request, "prevention/sessions.html", {"region": region, "window": window,
                                                        "records": access.records_any(request.user, region)})


@verified_login_required
def activities(request, region):
    region = _region(request, region)
    window = page_window(request, queries.activities([region.pk]), lists.ACTIVITIES, PAGE_SIZE)
    return render(request, "prevention/activities.html", {"region": region, "window": window,
                                                          "records": access.records_any(request.user, region)})


@verified_login_required
def catalogue(request, region):
    """The region's training offer, to read (liaisons and analysts choose from it); its
    administrator keeps it under set-up."""
    region = _region(request, region)
    return render(request, "prevention/catalogue.html", {
        "region": region, "interventions": queries.interventions([region.pk]).filter(active=True),
        "sets_up": access.sets_up(request.user, region)})


def _recording(request, slug):
    region = _region(request, slug)
    municipalities = access.records_for(request.user, region)
    if not municipalities.exists():
        raise PermissionDenied
    return region, municipalities


def _only(municipalities):
    return {"municipality": municipalities.first().cbs_code} if municipalities.count() == 1 else {}


@verified_login_required
def new_session(request, region):
    region, municipalities = _recording(request, region)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, region_ids=[region.pk], municipalities=municipalities, initial=_only(municipalities))
    formset = ParticipantsFormSet(data, prefix="participants")
    if data is not None and formset.is_valid() and attempt(form, lambda cleaned: services.record_session(
            request.user, region, {**cleaned, "participants": [f.pair() for f in formset if f.has_changed()]})):
        messages.success(request, _("Training vastgelegd."))
        return redirect("prevention:sessions", region.slug)
    if data is not None:
        form.is_valid()  # the formset's errors and the form's both shown
    return render(request, "prevention/new_session.html", {"region": region, "form": form, "formset": formset},
                  status=400 if data is not None else 200)


@verified_login_required
def new_activity(request, region):
    region, municipalities = _recording(request, region)
    form = ActivityForm(request.POST or None, municipalities=municipalities, initial=_only(municipalities),
                        region_wide=access.records(request.user, region))
    if request.method == "POST" and attempt(form, lambda cleaned: services.record_activity(
            request.user, region, cleaned)):
        messages.success(request, _("Activiteit vastgelegd."))
        return redirect("prevention:activities", region.slug)
    return render(request, "prevention/new_activity.html", {"region": region, "form": form},
                  status=400 if request.method == "POST" else 200)


# ------------------------------------------------------------------------------------ set-up
def _setup_region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.sets_up(request.user, region):
        raise Http404
    return region


@verified_login_required
def setup_catalogue(request, region):
    region = _setup_region(request, region)
    form = InterventionForm(request.POST or None, prefix="add")
    if request.method == "POST" and attempt(form, lambda data: services.add_intervention(request.user, region, data)):
        messages.success(request, _("Interventie %(name)s toegevoegd.") % {"name": form.cleaned_data["name"]})
        return redirect("prevention:setup_catalogue", region.slug)
    return render(request, "prevention/setup_catalogue.html", {
        "region": region, "interventions": queries.interventions([region.pk]), "form": form},
        status=400 if request.method == "POST" else 200)


@verified_login_required
def setup_intervention(request, region, pk):
    region = _setup_region(request, region)
    intervention = get_object_or_404(Intervention, pk=pk, region=region)
    initial = {k: getattr(intervention, k) for k in ("name", "name_en", "target_group", "target_group_en", "scale",
                                                     "provider", "active")}
    initial["exploitation_forms"] = [f.code for f in intervention.forms.all()]
    form = InterventionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and attempt(form, lambda data: services.update_intervention(
            request.user, intervention, data)):
        messages.success(request, _("De interventie is gewijzigd."))
        return redirect("prevention:setup_catalogue", region.slug)
    return render(request, "prevention/setup_intervention.html", {"region": region, "intervention": intervention,
                                                                  "form": form},
                  status=400 if request.method == "POST" else 200)
