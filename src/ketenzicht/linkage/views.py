"""The linkage pages: a signal's persons with their identifiers and the possible matches, one
person's identifiers, a care trajectory's identifiers and matches, the signal's network, and a
decision on a match. Thin: fetch through the
policy, bind a form, call one service."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.care.models import Trajectory
from ketenzicht.intake.models import Person, Signal
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import DomainError
from ketenzicht.lib.http import int_or_none
from ketenzicht.privacy import audit, policy

from . import access, queries, services
from .forms import IdentifiersForm
from .models import PersonIdentifiers, SuggestionStatus


def _signal(request, pk):
    """The signal when the user may handle it (a refusal logged, 404); its read logged once."""
    signal = policy.get(request.user, Signal, pk, "update")
    audit.record_signal(request.user, "linkage", signal,
                        flagged=policy.rules(Signal).flagged(request.user, "update", signal))  # break-the-glass
    return signal


def _match_rows(user, suggestions, is_own):
    """The suggestions, each from the page's side (`is_own(side)`): in scope the other record (a
    person of a signal, or a trajectory) and its identifiers, else only whom to contact. A fixed
    number of queries however many suggestions."""
    pairs = []
    for suggestion in suggestions:
        pairs.append((suggestion, *((suggestion.left, suggestion.right) if is_own(suggestion.left)
                                    else (suggestion.right, suggestion.left))))
    handles = access.handled(user, [other for _s, _own, other in pairs])
    shown = [other for _s, _own, other in pairs if handles(other)]
    stored = {(ids.person_id, ids.trajectory_id): ids for ids in PersonIdentifiers.objects.filter(
        Q(person__in=[o for o in shown if isinstance(o, Person)])
        | Q(trajectory__in=[o for o in shown if isinstance(o, Trajectory)]))} if shown else {}
    _log_shown(user, shown)
    known = {}
    rows = []
    for suggestion, own, other in pairs:
        in_scope = handles(other)
        is_trajectory = isinstance(other, Trajectory)
        rows.append({"s": suggestion, "own": own, "other": other if in_scope else None,
                     "other_is_trajectory": is_trajectory,
                     "other_ids": stored.get((None, other.pk) if is_trajectory else (other.pk, None))
                     if in_scope else None,
                     "contacts": [] if in_scope else access.contacts_of(other, known),
                     "is_open": suggestion.status == SuggestionStatus.OPEN})
    return rows


def _log_shown(user, others):
    """The other records whose identifiers a page shows (in scope): each read logged against its own
    record, once, as the page's own record is (a break-the-glass read flagged)."""
    seen = set()
    for other in others:
        record = access.record_of(other)
        if (type(record), record.pk) in seen:
            continue
        seen.add((type(record), record.pk))
        if isinstance(record, Trajectory):
            audit.record(user, "linkage", "trajectory", record.pk, region=record.region_id, via="match")
        else:
            audit.record_signal(user, "linkage", record, via="match",
                                flagged=policy.rules(Signal).flagged(user, "update", record))


@verified_login_required
def signal_page(request, pk):
    signal = _signal(request, pk)
    persons = list(signal.persons.select_related("identifiers").order_by("pk"))
    rows = _match_rows(request.user, access.suggestions_about(signal),
                       lambda side: isinstance(side, Person) and side.signal_id == signal.pk)
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
    rows = _match_rows(request.user, access.suggestions_about_trajectory(trajectory),
                       lambda side: isinstance(side, Trajectory) and side.pk == trajectory.pk)
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
