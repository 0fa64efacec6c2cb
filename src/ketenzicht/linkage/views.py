"""The linkage pages: a signal's persons with their identifiers and the possible matches, one
person's identifiers, a care trajectory's identifiers and matches, the signal's network, and a
decision on a match. Thin: fetch through the
policy, bind a form, call one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.care.models import Trajectory
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import audit, policy

from . import access, presenting, queries, services
from .forms import IdentifiersForm
from .models import PersonIdentifiers


def _signal(request, pk):
    return presenting.open_signal(request.user, pk)


@verified_login_required
def signal_page(request, pk):
    signal = _signal(request, pk)
    persons = list(signal.persons.select_related("identifiers").order_by("pk"))
    rows = presenting.match_rows(request.user, access.suggestions_about(signal), presenting.of_signal(signal))
    for person in persons:
        person.ids = getattr(person, "identifiers", None)
        person.matches = [row for row in rows if row["own"].pk == person.pk]
    return render(request, "linkage/signal.html", {"signal": signal, "persons": persons,
                                                   "network": queries.network(request.user, signal)})


def _initial(person):
    stored = PersonIdentifiers.objects.filter(person=person).first()
    return {field: getattr(stored, field) for field in services.CLEAR_FIELDS} if stored else {}


@verified_login_required
def person_page(request, pk, person):
    signal = _signal(request, pk)
    person = get_object_or_404(signal.persons, pk=person)
    form = IdentifiersForm(request.POST or None, initial=_initial(person))
    found = []
    if request.method == "POST" and attempt(form, lambda data: found.append(services.record(request.user, person,
                                                                                             data))):
        if found[0]:
            messages.success(request, _("Gegevens opgeslagen. Er is een mogelijke match: zie hieronder."))
        else:
            messages.success(request, _("Gegevens opgeslagen. Er is geen mogelijke match gevonden."))
        return redirect("linkage:signal", signal.pk)
    return render(request, "linkage/person.html", {"signal": signal, "person": person, "form": form},
                  status=400 if form.errors else 200)


@verified_login_required
def trajectory_page(request, pk):
    """What identifies the person of a care trajectory, the form to record it and the possible
    matches, on one page (a trajectory is for one person)."""
    trajectory = policy.get(request.user, Trajectory, pk, "handle")
    audit.record(request.user, "linkage", "trajectory", trajectory.pk, region=trajectory.region_id)
    stored = PersonIdentifiers.objects.filter(trajectory=trajectory).first()
    initial = {field: getattr(stored, field) for field in services.CLEAR_FIELDS} if stored else {}
    form = IdentifiersForm(request.POST or None, initial=initial)
    found = []
    if request.method == "POST" and attempt(form, lambda data: found.append(
            services.record_trajectory(request.user, trajectory, data))):
        if found[0]:
            messages.success(request, _("Gegevens opgeslagen. Er is een mogelijke match: zie hieronder."))
        else:
            messages.success(request, _("Gegevens opgeslagen. Er is geen mogelijke match gevonden."))
        return redirect("linkage:trajectory", trajectory.pk)
    rows = presenting.match_rows(request.user, access.suggestions_about_trajectory(trajectory),
                                 presenting.of_side(trajectory))
    return render(request, "linkage/trajectory.html", {"t": trajectory, "ids": stored, "form": form,
                                                       "matches": rows},
                  status=400 if form.errors else 200)


@verified_login_required
def network_page(request, pk):
    signal = _signal(request, pk)
    return render(request, "linkage/network.html", {"signal": signal,
                                                    "network": queries.network(request.user, signal)})


@verified_login_required
@require_POST
def decide(request, pk):
    suggestion = access.fetch_suggestion(pk)
    if suggestion is None:
        raise Http404
    try:
        suggestion = services.decide(request.user, suggestion, request.POST.get("decision", ""),
                                     int_or_none(request.POST.get("version")))
    except PermissionDenied:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, {"confirmed": _("Vastgelegd: dit is dezelfde persoon. De cijfers tellen hen één keer."),
                                   "rejected": _("Vastgelegd: dit is niet dezelfde persoon."),
                                   "open": _("Het besluit is teruggedraaid.")}[suggestion.status])
    own, _other = access.own_side(request.user, suggestion)
    return redirect(access.page_of(own))
