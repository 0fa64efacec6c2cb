"""Small counts in published figures: every count rounded down to a block, so no sum or difference
of published figures gives one back.

Published figures (downloads, the API, and the screen of users who do not see small counts) show
each count rounded down to a multiple of the region's threshold t (default 5): 0 to t - 1 as
"<t", t to 2t - 1 as t, 2t to 3t - 1 as 2t, and so on. A published number therefore says "the count
lies in this block of t values", and every count's blocks lie on the same grid. Each count is
published on its own from the exact number (a total is not the sum of rounded cells), and the same
number always gives the same result, wherever it appears.

Why down, and why zero is hidden too: a difference of two periods, a year minus its quarters or a
region minus its municipalities is an equation between such blocks. With blocks of equal width on
one grid, an equation of n terms narrows no term to a single value unless n is a multiple of t and
every term sits at the top of its block; rounding to the nearest multiple, or showing zero exactly
(which makes "<t" mean 1 to t - 1), gives blocks of unequal width and pins small counts in sparse
tables. The argument and the measurements are in docs/security/statistical-disclosure.md and
bench/disclosure.py.
"""
import logging
from collections import deque
from functools import cache

logger = logging.getLogger(__name__)


def rounded(count, base):
    """The published form of a count: the multiple of `base` at or below it, or None (shown as
    "<base") for 0 to base - 1."""
    return count // base * base or None


def label(threshold):
    return f"<{threshold}"


# A count hidden although it is not small, because with the other figures published beside it it
# would give a small count back. Not "<5": it is not small, and saying so would misstate it.
SECONDARY = "·"
INFINITE = float("inf")


def block(count, base):
    """The counts a published count stands for, as (low, high)."""
    low = rounded(count, base) or 0
    return low, low + base - 1


def equations(quantities):
    """The sums among the quantities published together: (total, [parts]) wherever the parts'
    filters split the total's along one dimension (a quarter into its months, all signals into
    sectors). A dimension a filter leaves out stands for every value any quantity of its space
    names."""
    domains, index, position = {}, {}, {}
    for space, scope in quantities:
        position[space, scope] = len(position)
        for dim, values in scope:
            domains.setdefault((space, dim), set()).update(values)
            index.setdefault((space, scope - {(dim, values)}, dim), []).append((values, (space, scope)))
    by_space = {}
    for space, dim in domains:
        by_space.setdefault(space, []).append(dim)
    found = []
    for space, scope in quantities:
        own = dict(scope)
        for dim in by_space.get(space, ()):
            whole = own[dim] if dim in own else frozenset(domains[space, dim])
            if len(whole) < 2:
                continue  # one value has no parts (most counts: a month, a municipality)
            rest = scope - {(dim, own[dim])} if dim in own else scope
            parts = [(values, q) for values, q in index.get((space, rest, dim), ()) if values < whole]
            # Parts of one size come from one table (months, quarters): try each size.
            for size in {len(values) for values, _q in parts}:
                same = [(values, q) for values, q in parts if len(values) == size]
                if sum(len(values) for values, _q in same) == len(whole) and \
                        frozenset().union(*(values for values, _q in same)) == whole:
                    # In the order they were counted: the same figures give the same sums.
                    found.append(((space, scope), sorted((q for _v, q in same), key=position.__getitem__)))
    return found


ROUNDS = 100  # at most as much work as this many passes over every sum


def _narrow(bounds, sums, containing=None):
    """What an attacker learns: every bound implied by the sums, applied until nothing changes.

    A sum is looked at again only when a bound in it changed (a work list), not in passes over
    all of them: the bounds reached are the same (each step only narrows, and narrower bounds
    never give wider ones, so every order of steps ends at the same, narrowest bounds), but a
    monitor of ten years weighs some 1,300 counts in 400 sums, and the greedy search in `secondary`
    narrows once for every count it hides. `containing`: the sums each quantity is in (`_containing`).

    A sum that would push a bound past its other end cannot hold (the tables disagree, `_check`)
    and is skipped there: it tells nothing, and applied it moved bounds without end."""
    bounds = dict(bounds)
    containing = _containing(sums) if containing is None else containing
    waiting = deque(range(len(sums)))
    queued = [True] * len(sums)
    budget = ROUNDS * len(sums)
    while waiting and budget:
        budget -= 1
        index = waiting.popleft()
        queued[index] = False
        total, parts = sums[index]
        part_bounds = [bounds[p] for p in parts]
        # Lows are never unbounded (a hidden count is 0 to infinity); highs may be: summed apart.
        lows = sum(b[0] for b in part_bounds)
        finite = [b[1] for b in part_bounds if b[1] != INFINITE]
        unbounded, highs = len(part_bounds) - len(finite), sum(finite)
        low, high = bounds[total]
        new = (max(low, lows), min(high, INFINITE if unbounded else highs))
        narrowed = {total: new} if new != (low, high) else {}
        for part, (p_low, p_high) in zip(parts, part_bounds, strict=True):
            # The other parts' sums: the total's bounds less them bound this part.
            if p_high == INFINITE:
                others_high = INFINITE if unbounded > 1 else highs
            else:
                others_high = INFINITE if unbounded else highs - p_high
            tightened = (max(p_low, new[0] - others_high), min(p_high, new[1] - (lows - p_low)))
            if tightened != (p_low, p_high):
                narrowed[part] = tightened
        if any(b_low > b_high for b_low, b_high in narrowed.values()):
            continue  # the sum cannot hold with these bounds (tables that disagree): it tells nothing
        bounds.update(narrowed)
        for quantity in narrowed:
            for other in containing[quantity]:
                if not queued[other]:
                    queued[other] = True
                    waiting.append(other)
    return bounds


def _containing(sums):
    """{quantity: the indexes of the sums it is in, as total or as part}."""
    containing = {}
    for index, (total, parts) in enumerate(sums):
        for quantity in (total, *parts):
            containing.setdefault(quantity, []).append(index)
    return containing


def _order(quantity):
    """A fixed order of quantities (sets have none), so the same figures always hide the same cells."""
    space, scope = quantity
    return space, sorted((dim, sorted(map(str, values))) for dim, values in scope)


def _check(sums, counted):
    """Log (its size only, no count) when sums among the published tables do not hold among the exact
    counts: the tables disagree, as a stale aggregate beside fresh ones (`ketenzicht refresh_figures`
    repairs it). The search below still weighs those sums as an attacker would, who cannot know
    which one is off; `_narrow` skips a sum where it contradicts the bounds (before, such a sum
    pushed bounds past each other until the budget ran out, for every count hidden: seconds per
    figure)."""
    failing = sum(counted[total] != sum(counted[p] for p in parts) for total, parts in sums)
    if failing:
        logger.warning("published figures disagree: %d of %d sums among them do not hold; "
                       "run refresh_figures", failing, len(sums))


def secondary(counted, base):
    """The quantities to hide as well, so that no small count published together with the others
    can be narrowed below its block: with every published number read as its block and every sum
    among them (`equations`), each count shown as "<base" must still be anything from 0 to base - 1.

    Greedy, as secondary suppression is: while a small count is narrowed, hide the total of a sum
    it is part of (the smallest such total), else another part of a sum it is in, else anything
    in a sum. Deterministic: the same counts always hide the same cells."""
    counted = dict(counted)
    sums = equations(counted)
    _check(sums, counted)
    containing = _containing(sums)
    rank = cache(_order)  # made for the quantities compared only (most never are)
    small = {q for q, n in counted.items() if n < base}
    blocks = {q: block(n, base) for q, n in counted.items()}
    hidden = set()
    for _step in range(len(counted)):
        bounds = {q: (0, INFINITE) if q in hidden else b for q, b in blocks.items()}
        learnt = _narrow(bounds, sums, containing)
        leaking = sorted((q for q in small if learnt[q] != (0, base - 1)), key=rank)
        if not leaking:
            break
        target = leaking[0]
        tiers = ([total for total, parts in sums if target in parts],
                 [p for total, parts in sums if target in parts or target == total for p in (total, *parts)],
                 [q for total, parts in sums for q in (total, *parts)])
        free = [[q for q in tier if q not in small and q not in hidden] for tier in tiers]
        tier = next((tier for tier in free if tier), None)
        if tier is None:
            break
        hidden.add(min(tier, key=lambda q: (counted[q], rank(q))))
    return frozenset(hidden)
