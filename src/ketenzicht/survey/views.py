"""Pages of the staff survey. Thin: find the region or round the user may see (404 for any other:
access.py decides), bind a form, call one service, render. The questionnaire itself is public: its
link is the key, no account, nothing that names the respondent is kept."""
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError
from ketenzicht.ratelimit import rate_limited
from ketenzicht.regions.models import Region

from . import access, results, services
from .forms import AnswerForm, RoundForm
from .models import Round, State

COOKIE_SALT = "ketenzicht.survey.answered"
COOKIE_AGE = 60 * 60 * 24 * 366  # a round lasts weeks; a year covers any round


# --------------------------------------------------------------------------------- the region's pages
@verified_login_required
def index(request):
    regions = Region.objects.filter(pk__in=access.reading_region_ids(request.user)).order_by("name")
    if not regions:
        raise Http404
    if len(regions) == 1:
        return redirect("survey:results", regions[0].slug)
    return render(request, "survey/index.html", {"regions": regions})


def _region(request, slug, rule=access.reads):
    region = get_object_or_404(Region, slug=slug)
    if not rule(request.user, region):
        raise Http404
    return region


@verified_login_required
def results_page(request, region):
    region = _region(request, region)
    rows, columns = results.table(region, results.rounds_of(region))
    manages = access.manages(request.user, region)
    steps = {State.DRAFT: "open", State.OPEN: "close"}
    running = any(c.round.state == State.OPEN for c in columns)
    if running:  # one round open at a time: a draft is opened once the open one is closed
        steps.pop(State.DRAFT)
    rounds = [(c.round, request.build_absolute_uri(c.round.public_path) if c.round.state == State.OPEN else None,
               steps.get(c.round.state)) for c in columns] if manages else []
    return render(request, "survey/results.html", {
        "region": region, "rows": rows, "columns": columns, "manages": manages, "rounds": rounds,
        "threshold": region.suppression_threshold, "mark": results.hidden_mark(region.suppression_threshold)})


@verified_login_required
def new_round(request, region):
    region = _region(request, region, access.manages)
    form = RoundForm(request.POST or None, region=region)
    if request.method == "POST" and attempt(form, lambda data: services.create_round(request.user, region, **data)):
        messages.success(request, _("De ronde %(title)s is aangemaakt. Open haar om de link te laten werken.")
                         % {"title": form.cleaned_data["title"]})
        return redirect("survey:results", region.slug)
    return render(request, "survey/new.html", {"region": region, "form": form},
                  status=400 if request.method == "POST" else 200)


@verified_login_required
def edit_round(request, region, pk):
    """A round in preparation: changed, or removed, before it opens."""
    region = _region(request, region, access.manages)
    found = get_object_or_404(Round, pk=pk, region=region)
    if found.state != State.DRAFT:
        messages.error(request, _("De ronde %(title)s is %(state)s; alleen een ronde in voorbereiding kan nog "
                                  "gewijzigd worden.") % {"title": found.title,
                                                          "state": found.get_state_display().lower()})
        return redirect("survey:results", region.slug)
    initial = {name: getattr(found, name) for name in ("title", "title_en", "opens_on", "closes_on", "invited")}
    form = RoundForm(request.POST or None, initial=initial, region=region, exclude=found)
    if request.method == "POST" and attempt(form, lambda data: services.update_round(request.user, found, **data)):
        messages.success(request, _("De ronde %(title)s is gewijzigd.") % {"title": found.title})
        return redirect("survey:results", region.slug)
    return render(request, "survey/new.html", {"region": region, "form": form, "round": found},
                  status=400 if request.method == "POST" else 200)


@require_POST
@verified_login_required
def delete_round(request, region, pk):
    region = _region(request, region, access.manages)
    found = get_object_or_404(Round, pk=pk, region=region)
    try:
        services.delete_round(request.user, found)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De ronde %(title)s is verwijderd.") % {"title": found.title})
    return redirect("survey:results", region.slug)


@require_POST
@verified_login_required
def move(request, region, pk, step):
    region = _region(request, region, access.manages)
    found = get_object_or_404(Round, pk=pk, region=region)
    try:
        services.move_round(request.user, found, step)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("De ronde %(title)s is nu %(state)s.")
                         % {"title": found.title, "state": found.get_state_display().lower()})
    return redirect("survey:results", region.slug)


# --------------------------------------------------------------------------------- the public questionnaire
def _cookie(found):
    return f"peiling-{found.pk}"


def _answered(request, found):
    return request.get_signed_cookie(_cookie(found), default=None, salt=COOKIE_SALT) is not None


@never_cache
def answer(request, token):
    """The questionnaire behind a round's link. One response per browser (a signed cookie) and a
    limit per address keep one person from flooding a round; neither is stored with the answers."""
    found = get_object_or_404(Round.objects.select_related("region"), token=token)
    if found.state != State.OPEN:
        return render(request, "survey/closed.html", {"round": found}, status=410 if found.state == State.CLOSED
                      else 404)
    if _answered(request, found):
        return render(request, "survey/thanks.html", {"round": found, "again": True},
                      status=409 if request.method == "POST" else 200)
    form = AnswerForm(request.POST or None, round=found)
    status = 200
    if request.method == "POST":
        status = 400
        if rate_limited(request, "survey", settings.KETENZICHT_PUBLIC_RATE):
            form.add_error(None, _("Er zijn te veel antwoorden verstuurd vanaf dit adres. Wacht een minuut en "
                                   "probeer het opnieuw; uw antwoorden staan nog in het formulier."))
            status = 429
        elif attempt(form, lambda data: services.submit(found, data)):
            response = redirect("survey:thanks", token)
            response.set_signed_cookie(_cookie(found), "1", salt=COOKIE_SALT, max_age=COOKIE_AGE, httponly=True,
                                       samesite="Lax", secure=request.is_secure())
            return response
    return render(request, "survey/answer.html", {"round": found, "form": form}, status=status)


@never_cache
def thanks(request, token):
    """The thanks after answering; whoever has not answered (on this device) is sent to the questionnaire."""
    found = get_object_or_404(Round, token=token)
    if not _answered(request, found):
        return redirect("survey:answer", token)
    return render(request, "survey/thanks.html", {"round": found, "again": False})
