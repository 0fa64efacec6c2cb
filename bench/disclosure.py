"""How often a differencing attack pins a small count, per publication rule (issue 13, finding 7).

    .venv/bin/python bench/disclosure.py [--trials N]

Simulates one municipality's signals per month of a year (Poisson, several rates) and a region
of eleven municipalities, publishes every month, quarter and year (or every municipality and the
region) under each rule, and works out as an attacker which true counts stay possible for every
small count (1 to 4): jointly over all published equations for the year, over the one equation
for the region. A count is pinned when one value is left. Prints the share pinned per rule; the
rule in use is `suppression.rounded` (rounded down, zero hidden). "Free periods" is today's
rule before the fix: exact counts of 5 and more for any period, where January to July minus
January to June pins every month.
"""
import argparse
import math
import random

from ketenzicht.insights.suppression import rounded

T = 5


def exact(count):
    """Fixed periods, exact counts, 1 to 4 hidden (no rounding)."""
    return (0, 0) if count == 0 else (1, T - 1) if count < T else (count, count)


def nearest_zero_shown(count):
    """Rounded to the nearest multiple of five, zero shown, 1 to 4 as "<5"."""
    if count == 0:
        return (0, 0)
    if count < T:
        return (1, T - 1)
    shown = max(T, T * ((2 * count + T) // (2 * T)))
    return (max(T, shown - T // 2), shown + T // 2)


def nearest_zero_hidden(count):
    """Rounded to the nearest multiple of five, 0 to 4 as "<5"."""
    return (0, T - 1) if count < T else nearest_zero_shown(count)


def down(count):
    """The rule in use: rounded down to a multiple of five, 0 to 4 as "<5"."""
    shown = rounded(count, T)
    return (0, T - 1) if shown is None else (shown, shown + T - 1)


RULES = {"fixed periods, exact counts": exact, "+ rounded to nearest, zero shown": nearest_zero_shown,
         "+ rounded to nearest, zero hidden": nearest_zero_hidden, "+ rounded down, zero hidden (in use)": down}


def sums(ranges):
    """Every total a list of (low, high) ranges can add up to."""
    totals = {0}
    for low, high in ranges:
        totals = {t + v for t in totals for v in range(low, high + 1)}
    return totals


def possible_in_year(months, rule, target):
    """Values of month `target` consistent with the published months, quarters and year together."""
    month_ranges = [rule(n) for n in months]
    quarter_ranges = [rule(sum(months[3 * q:3 * q + 3])) for q in range(4)]
    year_low, year_high = rule(sum(months))
    left = set()
    for value in range(month_ranges[target][0], month_ranges[target][1] + 1):
        year = {0}
        for q in range(4):
            parts = [(value, value) if i == target else month_ranges[i] for i in range(3 * q, 3 * q + 3)]
            quarter = {s for s in sums(parts) if quarter_ranges[q][0] <= s <= quarter_ranges[q][1]}
            year = {a + b for a in year for b in quarter}
        if any(year_low <= s <= year_high for s in year):
            left.add(value)
    return left


def possible_in_region(parts, rule, target):
    """Values of municipality `target` consistent with every municipality and the region's total."""
    ranges = [rule(n) for n in parts]
    total_low, total_high = rule(sum(parts))
    others = sums(ranges[:target] + ranges[target + 1:])
    return {v for v in range(ranges[target][0], ranges[target][1] + 1)
            if any(total_low <= v + s <= total_high for s in others)}


def poisson(rate, rng):
    limit, k, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def share_pinned(draw, possible, trials, rule, rng):
    small = pinned = 0
    for _ in range(trials):
        counts = draw(rng)
        for i, count in enumerate(counts):
            if 0 < count < T:
                small += 1
                pinned += len(possible(counts, rule, i)) == 1
    return pinned, small


def free_periods(rate, trials, rng):
    """Before the fix: months whose count follows from two cumulative periods both shown exactly."""
    small = pinned = 0
    for _ in range(trials):
        months = [poisson(rate, rng) for _ in range(24)]
        for m in range(12, 24):
            if 0 < months[m] < T:
                small += 1
                # the attacker starts the periods as early as needed (up to a year back) to pass 5
                pinned += any(sum(months[s:m]) >= T for s in range(m - 12, m))
    return pinned, small


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(13)
    print(f"{'rule':<40} {'rate':>5} {'year: pinned/small':>22} {'region: pinned/small':>22}")
    for rate in (0.3, 1, 2, 4):
        pinned, small = free_periods(rate, args.trials, rng)
        print(f"{'free periods, exact counts (before)':<40} {rate:>5} {pinned:>6}/{small:<6} {pinned / small:7.2%}")
        for name, rule in RULES.items():
            year = share_pinned(lambda r, rate=rate: [poisson(rate, r) for _ in range(12)], possible_in_year, args.trials, rule, rng)
            region = share_pinned(lambda r, rate=rate: [poisson(rate, r) for _ in range(11)], possible_in_region, args.trials,
                                  rule, rng)
            print(f"{name:<40} {rate:>5} {year[0]:>6}/{year[1]:<6} {year[0] / year[1]:7.2%}"
                  f" {region[0]:>6}/{region[1]:<6} {region[0] / region[1]:7.2%}")
    adversarial = [0, 1, 3, 4, 4, 4, 9, 9, 14]  # counts at the top of their block, where pins live
    pinned, small = share_pinned(lambda r: [r.choice(adversarial) for _ in range(12)], possible_in_year,
                                 args.trials * 10, down, rng)
    print(f"rounded down, counts chosen at the top of their blocks: year {pinned}/{small} = {pinned / small:.2%}")


if __name__ == "__main__":
    main()
