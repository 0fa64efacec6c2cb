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


def rounded(count, base):
    """The published form of a count: the multiple of `base` at or below it, or None (shown as
    "<base") for 0 to base - 1."""
    return count // base * base or None


def label(threshold):
    return f"<{threshold}"
