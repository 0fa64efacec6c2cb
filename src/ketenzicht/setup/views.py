"""The region's set-up pages (/inrichting): thin — find the region the user administers (404 for
any other), bind the form, call one service, say what happened. Every change is the services'."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ketenzicht.accounts import access as accounts_access
from ketenzicht.accounts import setup as sections
from ketenzicht.accounts.views import verified_login_required
from ketenzicht.care import services as care_services
from ketenzicht.care.models import ShelterPlace
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import retention
from ketenzicht.regions import services as region_services

from . import access, route_summary, services
from .forms import (
    CapacityForm,
    FeedbackTextsForm,
    InhabitantsForm,
    MunicipalityForm,
    NewRegionForm,
    NewShelterPlacesForm,
    OrganisationForm,
    RegionForm,
    RetentionForm,
    RouteVersionForm,
)

# What the shipped routes call their feedback moments, for the form's labels.
FEEDBACK_LABELS = {"received": gettext_lazy("Ontvangen"), "taken_up": gettext_lazy("In behandeling genomen"),
                   "closed": gettext_lazy("Afgerond")}


def _page(request, template, context, failed=False):
    return render(request, template, context, status=400 if failed else 200)


@verified_login_required
def index(request):
    if not access.offers_setup(request.user):
        raise PermissionDenied
    return render(request, "setup/index.html", {"regions": access.regions_administered(request.user),
                                                "creates": access.creates_regions(request.user)})


@verified_login_required
def new_region(request):
    if not access.creates_regions(request.user):
        raise PermissionDenied
    form = NewRegionForm(request.POST or None)
    if request.method == "POST":
        created = []
        if attempt(form, lambda data: created.append(services.create_region(request.user, **data))):
            messages.success(request, _("Regio %(name)s aangemaakt, met de standaardroute.") % {"name": created[0].name})
            return redirect("setup:region", created[0].slug)
    return _page(request, "setup/region_form.html", {"form": form, "region": None}, request.method == "POST")


@verified_login_required
def overview(request, region):
    region = access.region_or_404(request.user, region)
    return render(request, "setup/overview.html", {
        "region": region, "sections": sections.sections(request.user, region, accounts_access.administers)})


@verified_login_required
def edit_region(request, region):
    region = access.region_or_404(request.user, region)
    initial = {"name": region.name, "public_contact": region.public_contact,
               "suppression_threshold": region.suppression_threshold}
    form = RegionForm(request.POST or None, initial=initial)
    if request.method == "POST" and attempt(form, lambda data: region_services.update_region(request.user, region, data)):
        messages.success(request, _("Regio bijgewerkt."))
        return redirect("setup:region", region.slug)
    return _page(request, "setup/region_form.html", {"form": form, "region": region}, request.method == "POST")


@verified_login_required
def municipalities(request, region):
    region = access.region_or_404(request.user, region)
    form = MunicipalityForm(request.POST or None)
    if request.method == "POST" and attempt(form, lambda data: region_services.add_municipality(request.user, region, **data)):
        messages.success(request, _("Gemeente toegevoegd."))
        return redirect("setup:municipalities", region.slug)
    return _page(request, "setup/municipalities.html", {
        "region": region, "form": form, "municipalities": region.municipalities.all()}, request.method == "POST")


@verified_login_required
def municipality(request, region, code):
    region = access.region_or_404(request.user, region)
    found = get_object_or_404(region.municipalities, cbs_code=code)
    form = InhabitantsForm(request.POST or None, initial={"inhabitants": found.inhabitants,
                                                          "inhabitants_on": found.inhabitants_on})
    if request.method == "POST" and attempt(
            form, lambda data: region_services.update_inhabitants(request.user, region, found, **data)):
        messages.success(request, _("Inwoners van %(name)s bijgewerkt.") % {"name": found.name})
        return redirect("setup:municipalities", region.slug)
    return _page(request, "setup/municipality.html", {"region": region, "municipality": found, "form": form},
                 request.method == "POST")


@verified_login_required
def organisations(request, region):
    region = access.region_or_404(request.user, region)
    form = OrganisationForm(request.POST or None, region=region)
    if request.method == "POST" and attempt(form, lambda data: region_services.add_organisation(request.user, region, **data)):
        messages.success(request, _("Organisatie toegevoegd."))
        return redirect("setup:organisations", region.slug)
    rows = region.organisations.select_related("municipality").order_by("-active", "name")
    return _page(request, "setup/organisations.html", {"region": region, "form": form, "organisations": rows},
                 request.method == "POST")


@verified_login_required
def organisation(request, region, pk):
    region = access.region_or_404(request.user, region)
    found = get_object_or_404(region.organisations, pk=pk)
    form = OrganisationForm(request.POST or None, instance=found, region=region)
    if request.method == "POST" and attempt(
            form, lambda data: region_services.update_organisation(request.user, region, found, **data)):
        messages.success(request, _("Organisatie bijgewerkt."))
        return redirect("setup:organisations", region.slug)
    if request.method == "POST":
        found.refresh_from_db()  # the heading shows the stored name, the form what was typed
    return _page(request, "setup/organisation.html", {"region": region, "organisation": found, "form": form},
                 request.method == "POST")


@verified_login_required
@require_POST
def organisation_active(request, region, pk):
    region = access.region_or_404(request.user, region)
    found = get_object_or_404(region.organisations, pk=pk)
    active = request.POST.get("active") == "1"
    region_services.set_organisation_active(request.user, region, found, active)
    messages.success(request, (_("%(name)s is weer actief.") if active else
                               _("%(name)s is buiten gebruik gesteld; wat de organisatie deed blijft zichtbaar."))
                     % {"name": found.name})
    return redirect("setup:organisations", region.slug)


@verified_login_required
def shelter(request, region):
    region = access.region_or_404(request.user, region)
    places = ShelterPlace.objects.filter(organisation__region=region).select_related("organisation")
    form = NewShelterPlacesForm(request.POST if "add" in request.POST else None, region=region)
    failed = None
    if request.method == "POST" and "add" in request.POST:
        if attempt(form, lambda data: care_services.add_shelter_places(request.user, data["organisation"],
                                                                         data["kind"], data["places"])):
            messages.success(request, _("Opvangplekken vastgelegd."))
            return redirect("setup:shelter", region.slug)
    elif request.method == "POST":
        place = get_object_or_404(places, pk=int_or_none(request.POST.get("place")))
        failed = CapacityForm(request.POST, prefix=f"place{place.pk}")
        version = int_or_none(request.POST.get("version"))
        if attempt(failed, lambda data: care_services.set_shelter_capacity(request.user, place, data["places"],
                                                                             version)):
            messages.success(request, _("Aantal plekken bijgewerkt."))
            return redirect("setup:shelter", region.slug)
    rows = [(place, failed if failed is not None and failed.prefix == f"place{place.pk}" else
             CapacityForm(initial={"places": place.places}, prefix=f"place{place.pk}")) for place in places]
    return _page(request, "setup/shelter.html", {"region": region, "form": form, "rows": rows},
                 request.method == "POST")


@verified_login_required
def feedback(request, region):
    region = access.region_or_404(request.user, region)
    texts, route = services.feedback_texts(region)
    form = FeedbackTextsForm(request.POST or None, texts=texts, labels=FEEDBACK_LABELS)
    if request.method == "POST" and attempt(form, lambda data: services.set_feedback_texts(
            request.user, region, form.texts(), int_or_none(request.POST.get("version")))):
        messages.success(request, _("Teksten opgeslagen als nieuwe versie van de route; lopende signalen houden "
                                    "hun versie."))
        return redirect("setup:feedback", region.slug)
    return _page(request, "setup/feedback.html", {"region": region, "form": form, "route": route},
                 request.method == "POST")


@verified_login_required
def route(request, region):
    region = access.region_or_404(request.user, region)
    form = RouteVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        outcome = []
        if attempt(form, lambda data: outcome.append(services.new_route_version(request.user, region,
                                                                                data["definition"]))):
            stored, created = outcome[0]
            if created:
                messages.success(request, _("Versie %(version)s (%(name)s) is nu de route van de regio; lopende "
                                            "signalen en casussen houden hun versie.")
                                 % {"version": stored.version, "name": stored.name})
            else:
                messages.info(request, _("Deze route is al de actieve versie (versie %(version)s); er is geen nieuwe "
                                         "versie gemaakt.") % {"version": stored.version})
            return redirect("setup:route", region.slug)
    return _page(request, "setup/route.html", {"region": region, "form": form, **route_summary.overview(region)},
                 request.method == "POST")


@verified_login_required
def retention_terms(request, region):
    region = access.region_or_404(request.user, region)
    form = RetentionForm(request.POST or None, rules=retention.rules(region.pk))
    if request.method == "POST" and attempt(form, lambda data: retention.set_terms(request.user, region, form.terms())):
        messages.success(request, _("Bewaartermijnen opgeslagen."))
        return redirect("setup:retention", region.slug)
    return _page(request, "setup/retention.html", {"region": region, "form": form}, request.method == "POST")
