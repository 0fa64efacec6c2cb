"""What the linkage shows of a signal and its possible matches, the same for the pages and the API:
the signal opened for the linkage (its read logged once) and the match rows (in scope the other
record, out of scope only whom to contact). Both build on this module, so they cannot drift apart
in what they show to whom."""
from django.db.models import Q

from ketenzicht.care.models import Trajectory
from ketenzicht.intake.models import Person, Signal
from ketenzicht.privacy import audit, policy

from . import access
from .models import PersonIdentifiers, SuggestionStatus


def open_signal(user, pk):
    """The signal when the user may handle it (a refusal logged, 404); its read logged once."""
    signal = policy.get(user, Signal, pk, "update")
    audit.record_signal(user, "linkage", signal,
                        flagged=policy.rules(Signal).flagged(user, "update", signal))  # break-the-glass
    return signal


def match_rows(user, suggestions, is_own):
    """The suggestions, each from the caller's side (`is_own(side)`): in scope the other record (a
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
    log_shown(user, shown)
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


def of_signal(signal):
    """`is_own` for the suggestions about a signal: its own persons are the caller's side."""
    return lambda side: isinstance(side, Person) and side.signal_id == signal.pk


def of_side(own):
    """`is_own` for one side (after a decision: the side the user handles)."""
    return lambda side: type(side) is type(own) and side.pk == own.pk


def log_shown(user, others):
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
