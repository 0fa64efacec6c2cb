"""The wijzer's pages: the public guide per region (no login, no JavaScript: every step a GET form,
the answers in the address), its A4 print view and the liaison directory; the internal version per
municipality; and the region's set-up of texts, contacts, directory and internal routes. Thin:
read the answers, ask routes.py where they lead, render; every change is a service's."""
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import Stale
from ketenzicht.lib.http import int_or_none
from ketenzicht.regions.models import Municipality, Region

from . import access, routes, services, texts
from .forms import ContactsForm, InternalRouteForm, LiaisonForm, TextsForm
from .models import InternalRoute, Liaison


# ---------------------------------------------------------------------------------- the guide
def _answered(answers, upto):
    """The query string of the answers given before `upto` (the "change" links)."""
    kept = {}
    for step in routes.STEPS:
        if step == upto:
            break
        if step in answers:
            kept[step] = answers[step]
    return urlencode(kept)


def _summary(answers, internal, municipalities):
    names = {m.cbs_code: m.name for m in municipalities}
    rows = []
    for step in routes.STEPS:
        if step not in answers:
            continue
        code = answers[step]
        label = dict(routes.choices(step, internal, municipalities)).get(code, names.get(code, code))
        rows.append({"question": routes.QUESTIONS[step], "answer": label, "change": _answered(answers, step)})
    return rows


def _outcome(wording, route, municipality, form_url, internal=False):
    """Each place of the route as the template shows it: title, the region's text, the contact."""
    liaisons = list(texts.liaisons([municipality.pk])) if municipality else []
    places = []
    for kind in route.all:
        place = {"kind": kind, "text": wording.text(f"outcome:{kind}"), "primary": kind in route.primary}
        if kind in routes.CONTACT_KINDS:
            place["contact"] = wording.contact(kind)
            place["title"] = place["contact"].name
        elif kind == routes.LIAISON:
            place["title"] = (_("Aandachtsfunctionaris mensenhandel van %(municipality)s")
                              % {"municipality": municipality.name})
            place["liaisons"] = liaisons
        elif kind == routes.FORM and internal:  # staff report in Ketenzicht itself, and read the feedback there
            place.update(title=_("Signaal melden in Ketenzicht"), url=form_url, button=_("Signaal melden"),
                         text=_("Meld het signaal in Ketenzicht: het komt direct in de inbox van de "
                                "aandachtsfunctionaris, en u leest er zelf de terugkoppeling."))
        elif kind == routes.FORM:
            place.update(title=_("Het meldformulier"), url=form_url, button=_("Naar het meldformulier"))
        else:
            place["title"] = _("De afspraken van %(municipality)s") % {"municipality": municipality.name}
            place["route"] = texts.internal_route(municipality)
        places.append(place)
    return places


def _guide(request, region, municipalities, internal=False, municipality=None, form_url=""):
    answers, unknown = routes.read(request.GET, municipalities, internal)
    step = routes.next_step(answers, internal)
    wording = texts.Wording(region)
    context = {"region": region, "internal": internal, "municipality": municipality, "wording": wording,
               "intro": wording.text("intro"), "summary": _summary(answers, internal, municipalities),
               "restart": request.path, "emergency": wording.contact(routes.EMERGENCY)}
    if step is not None:
        context.update(step=step, question=routes.QUESTIONS[step], help=wording.text(f"step:{step}"),
                       choices=routes.choices(step, internal, municipalities),
                       kept=[(k, v) for k, v in answers.items()], unknown=bool(unknown),
                       number=list(routes.STEPS).index(step) + 1)
        return render(request, "wijzer/guide.html", context, status=400 if unknown else 200)
    if municipality is None and answers.get(routes.MUNICIPALITY) not in (None, routes.OUTSIDE):
        municipality = next(m for m in municipalities if m.cbs_code == answers[routes.MUNICIPALITY])
    route = routes.route(answers, internal)
    places = _outcome(wording, route, municipality, form_url, internal)
    context.update(places=places, primary=[p for p in places if p["primary"]],
                   others=[p for p in places if not p["primary"]], chosen=municipality,
                   print_query=urlencode({"municipality": municipality.cbs_code}) if municipality else "")
    return render(request, "wijzer/guide.html", context)


def guide(request, slug):
    region = get_object_or_404(Region, slug=slug)
    municipalities = list(region.municipalities.all())
    return _guide(request, region, municipalities, form_url=reverse("public:report", args=[region.slug]))


def _print_rows(wording, municipality):
    """Who asks → where to go, for the A4: one row per kind of person, and labour exploitation apart."""
    rows = []
    probes = [(who, "unsure") for who in routes.ANSWERS[routes.WHO]] + [("citizen", "labour")]
    for who, what in probes:
        answers = {routes.WHO: who, routes.WHAT: what, routes.DANGER: "no",
                   routes.MUNICIPALITY: municipality.cbs_code if municipality else routes.OUTSIDE}
        route = routes.route(answers)
        label = routes.ANSWERS[routes.WHO][who]
        if what == "labour":
            label = _("Iedereen die uitbuiting in het werk ziet")
        rows.append({"who": label, "primary": [_place_name(wording, k, municipality) for k in route.primary],
                     "others": [_place_name(wording, k, municipality) for k in route.others]})
    return rows


def _place_name(wording, kind, municipality):
    if kind in routes.CONTACT_KINDS:
        return wording.contact(kind).name
    if kind == routes.LIAISON:
        return _("aandachtsfunctionaris van %(municipality)s") % {"municipality": municipality.name}
    return _("het meldformulier")


def print_view(request, slug):
    """The A4 a municipality hands out: the whole route of the region on one page, with the liaison
    of one municipality (?municipality=GM0193) or the region's directory."""
    region = get_object_or_404(Region, slug=slug)
    municipality = None
    if code := request.GET.get("municipality"):
        municipality = region.municipalities.filter(cbs_code=code).first()
        if municipality is None:
            raise Http404
    wording = texts.Wording(region)
    liaisons = texts.liaisons([municipality.pk] if municipality else None, region=region)
    form_url = request.build_absolute_uri(reverse("public:report", args=[region.slug]))
    return render(request, "wijzer/print.html", {
        "region": region, "municipality": municipality, "wording": wording, "rows": _print_rows(wording, municipality),
        "contacts": wording.contacts(), "liaisons": liaisons, "form_url": form_url,
        "wijzer_url": request.build_absolute_uri(reverse("wijzer:guide", args=[region.slug])),
        "municipalities": region.municipalities.all(),
        "texts": {kind: wording.text(f"outcome:{kind}") for kind in routes.OUTCOMES}})


def directory(request, slug):
    """The region's liaison directory: every municipality, its liaison(s) or that it has none listed."""
    region = get_object_or_404(Region, slug=slug)
    listed = {}
    for liaison in texts.liaisons(region=region):
        listed.setdefault(liaison.municipality_id, []).append(liaison)
    rows = [(m, listed.get(m.pk, [])) for m in region.municipalities.all()]
    return render(request, "wijzer/directory.html", {"region": region, "rows": rows})


# ---------------------------------------------------------------------------- internal version
@verified_login_required
def internal(request):
    own = Municipality.objects.filter(pk__in=access.own_municipality_ids(request.user)).select_related("region")
    if not own:
        raise PermissionDenied
    if len(own) == 1:
        return redirect("wijzer:internal_guide", own[0].cbs_code)
    return render(request, "wijzer/internal_choose.html", {"municipalities": own})


@verified_login_required
def internal_guide(request, code):
    municipality = access.internal_municipality_or_404(request.user, code)
    return _guide(request, municipality.region, [municipality], internal=True, municipality=municipality,
                  form_url=reverse("intake:new"))


# ------------------------------------------------------------------------------------ set-up
def _region_or_404(user, slug):
    region = Region.objects.filter(slug=slug).first()
    if region is None or not access.edits(user, region):
        raise Http404
    return region


@verified_login_required
def setup(request, region):
    region = _region_or_404(request.user, region)
    listed = set(Liaison.objects.filter(municipality__region=region).values_list("municipality_id", flat=True))
    routes_set = set(InternalRoute.objects.filter(municipality__region=region).exclude(text="")
                     .values_list("municipality_id", flat=True))
    rows = [(m, m.pk in listed, m.pk in routes_set) for m in region.municipalities.all()]
    return render(request, "wijzer/setup.html", {"region": region, "rows": rows})


def _version(request):
    return int_or_none(request.POST.get("version"))


def _setup_form(request, region, form_class, stored, service, template, message, extra=None):
    guide = texts.guide_of(region)
    here = reverse(request.resolver_match.view_name, args=[region.slug])
    form = form_class(request.POST or None, stored=stored(guide))
    if request.method == "POST":
        if attempt(form, lambda data: service(request.user, region, form.values(), _version(request))):
            messages.success(request, message)
            return redirect(here)
        guide = texts.guide_of(region)  # after a stale save: what is typed stays, the next save is deliberate
    return render(request, template, {"region": region, "form": form, "version": guide.version if guide else 1,
                                      **(extra or {})}, status=400 if request.method == "POST" else 200)


@verified_login_required
def setup_texts(request, region):
    region = _region_or_404(request.user, region)
    return _setup_form(request, region, TextsForm, texts.stored_texts, services.set_texts, "wijzer/setup_texts.html",
                       _("Teksten van de wijzer opgeslagen."))


@verified_login_required
def setup_contacts(request, region):
    region = _region_or_404(request.user, region)
    return _setup_form(request, region, ContactsForm, texts.stored_contacts, services.set_contacts,
                       "wijzer/setup_contacts.html", _("Contacten van de wijzer opgeslagen."))


@verified_login_required
def setup_liaisons(request, region):
    region = _region_or_404(request.user, region)
    municipalities = list(region.municipalities.all())
    form = LiaisonForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST":
        def add(data):
            chosen = next((m for m in municipalities if m.cbs_code == data["municipality"]), None)
            return services.add_liaison(request.user, region, chosen, name=data["name"], phone=data["phone"],
                                        email=data["email"])
        if attempt(form, add):
            messages.success(request, _("Aandachtsfunctionaris toegevoegd aan de lijst."))
            return redirect("wijzer:setup_liaisons", region.slug)
    return render(request, "wijzer/setup_liaisons.html", {
        "region": region, "form": form, "liaisons": texts.liaisons(region=region)},
        status=400 if request.method == "POST" else 200)


@verified_login_required
def setup_liaison(request, region, pk):
    region = _region_or_404(request.user, region)
    liaison = get_object_or_404(texts.liaisons(region=region), pk=pk)
    initial = {"name": liaison.name, "phone": liaison.phone, "email": liaison.email}
    form = LiaisonForm(request.POST or None, initial=initial)
    version = liaison.version
    if request.method == "POST":
        if attempt(form, lambda data: services.update_liaison(request.user, liaison, version=_version(request),
                                                              **data)):
            messages.success(request, _("Gegevens bijgewerkt."))
            return redirect("wijzer:setup_liaisons", region.slug)
        version = get_object_or_404(Liaison, pk=liaison.pk).version  # what is typed stays; the next save is deliberate
    return render(request, "wijzer/setup_liaison.html", {"region": region, "liaison": liaison, "form": form,
                                                        "version": version},
                  status=400 if request.method == "POST" else 200)


@verified_login_required
@require_POST
def remove_liaison(request, region, pk):
    region = _region_or_404(request.user, region)
    liaison = get_object_or_404(texts.liaisons(region=region), pk=pk)
    try:
        services.remove_liaison(request.user, liaison, _version(request))
    except Stale as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s staat niet meer in de lijst.") % {"name": liaison.name})
    return redirect("wijzer:setup_liaisons", region.slug)


@verified_login_required
def setup_internal_route(request, region, code):
    region = _region_or_404(request.user, region)
    municipality = get_object_or_404(region.municipalities, cbs_code=code)
    found = InternalRoute.objects.filter(municipality=municipality).first()
    form = InternalRouteForm(request.POST or None, initial={"text": found.text if found else "",
                                                            "text_en": found.text_en if found else ""})
    if request.method == "POST":
        if attempt(form, lambda data: services.set_internal_route(request.user, municipality,
                                                                  version=_version(request), **data)):
            messages.success(request, _("Interne meldroute van %(name)s opgeslagen.") % {"name": municipality.name})
            return redirect("wijzer:setup", region.slug)
        found = InternalRoute.objects.filter(municipality=municipality).first()
    return render(request, "wijzer/setup_internal_route.html", {
        "region": region, "municipality": municipality, "form": form, "version": found.version if found else 1},
        status=400 if request.method == "POST" else 200)
