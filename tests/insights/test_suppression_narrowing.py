"""`suppression._narrow` works through a list of the sums whose bounds changed instead of passing
over every sum until nothing changes, and sums each sum's bounds once: the bounds it reaches must
be exactly those of the passes as first written (kept here as the reference, with their arithmetic
of unbounded sums), whatever the sums, the counts and the hidden cells."""
from hypothesis import given, settings
from hypothesis import strategies as st

from ketenzicht.insights import suppression
from ketenzicht.insights.suppression import INFINITE, block


def _sum(values):
    """The sum of bounds, and how many of them are unbounded (a hidden count)."""
    finite = [v for v in values if v != INFINITE]
    return sum(finite), len(values) - len(finite)


def _without(total, one):
    """A sum of bounds (see `_sum`) less one of them."""
    value, unbounded = total
    if one == INFINITE:
        unbounded -= 1
    else:
        value -= one
    return INFINITE if unbounded else value


def passes(bounds, sums):
    """The narrowing as it was written first: every sum in turn, again until nothing changes."""
    bounds = dict(bounds)
    for _round in range(100):
        changed = False
        for total, parts in sums:
            lows = _sum([bounds[p][0] for p in parts])
            highs = _sum([bounds[p][1] for p in parts])
            low, high = bounds[total]
            new = (max(low, lows[0]), min(high, INFINITE if highs[1] else highs[0]))
            if new != (low, high):
                bounds[total], changed = new, True
            for part in parts:
                p_low, p_high = bounds[part]
                tightened = (max(p_low, new[0] - _without(highs, p_high)), min(p_high, new[1] - _without(lows, p_low)))
                if tightened != (p_low, p_high):
                    bounds[part], changed = tightened, True
        if not changed:
            break
    return bounds


@st.composite
def systems(draw):
    """Counts (most of them small) and sums over them that hold, like those of tables published
    together: a total and its parts, parts shared between sums; some counts hidden."""
    size = draw(st.integers(3, 14))
    counts = draw(st.lists(st.integers(0, 30), min_size=size, max_size=size))
    sums = []
    for _i in range(draw(st.integers(1, 6))):
        parts = draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=min(size - 1, 6), unique=True))
        total = len(counts)
        counts.append(sum(counts[p] for p in parts))
        sums.append((total, parts))
        if draw(st.booleans()):  # a total that is itself a part of another sum
            size = len(counts)
    hidden = draw(st.sets(st.integers(0, len(counts) - 1), max_size=4))
    base = draw(st.sampled_from([3, 5, 10]))
    bounds = {q: (0, INFINITE) if q in hidden else block(n, base) for q, n in enumerate(counts)}
    return bounds, sums


@settings(max_examples=300, deadline=None)
@given(systems())
def test_the_work_list_reaches_the_bounds_of_the_passes(system):
    bounds, sums = system
    assert suppression._narrow(bounds, sums) == passes(bounds, sums)


def test_a_hidden_part_is_learnt_from_the_total_and_the_others():
    """total = a + b, total and a shown as 10 (10 to 14), b as <5 (0 to 4): b learns nothing more;
    with a hidden, a is 6 to 14 (the total less what b can be), no longer anything."""
    bounds = {"total": block(10, 5), "a": block(10, 5), "b": block(0, 5)}
    assert suppression._narrow(bounds, [("total", ["a", "b"])])["b"] == (0, 4)
    hidden = dict(bounds, a=(0, INFINITE))
    assert suppression._narrow(hidden, [("total", ["a", "b"])])["a"] == (6, 14)
