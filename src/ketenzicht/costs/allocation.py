"""The split of one amount over municipalities by weights, in Decimal, to the cent.

As the region's own tables do (seed 001 §4.4): each municipality's exact share rounded half up to
the cent, its percentage of the budget rounded half up to two decimals. Rounded shares need not add
up to the budget (seed 001's add up to € 81.147,99 of € 81.148,00): under the rule "leave" the
difference is stated; under "largest remainder" (Hamilton) every share is first cut down to the
cent and the missing cents go one by one to the largest cut-off remainders, so the shares add up
exactly. Pure: no database, so the seed's tables are checked row by row without one."""
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass
class Share:
    name: str
    weight: int
    exact: Decimal
    percentage: Decimal
    amount: Decimal


@dataclass
class Split:
    budget: Decimal
    shares: list
    rule: str

    @property
    def total_weight(self):
        return sum(s.weight for s in self.shares)

    @property
    def total(self):
        return sum((s.amount for s in self.shares), Decimal("0.00"))

    @property
    def total_percentage(self):
        return sum((s.percentage for s in self.shares), Decimal("0.00"))

    @property
    def difference(self):
        """The sum of the shares minus the budget (negative: short of it)."""
        return self.total - self.budget


def split(budget, weights, *, fixed_part=Decimal(0), rule="leave"):
    """`weights`: (name, weight) pairs, in the order to show; at least one weight above zero.
    Each municipality pays `fixed_part`, and the rest of the budget by its weight."""
    budget, fixed_part = Decimal(budget), Decimal(fixed_part)
    total_weight = sum(w for _n, w in weights)
    rest = budget - fixed_part * len(weights)
    exact = [(name, w, fixed_part + rest * w / total_weight) for name, w in weights]
    if rule == "largest_remainder":
        amounts = _largest_remainder(budget, [e for _n, _w, e in exact])
    else:
        amounts = [e.quantize(CENT, ROUND_HALF_UP) for _n, _w, e in exact]
    shares = [Share(name, w, e, _percentage(e, w, budget, total_weight), amount)
              for (name, w, e), amount in zip(exact, amounts, strict=True)]
    return Split(budget, shares, rule)


def _percentage(exact, weight, budget, total_weight):
    part = exact / budget if budget else Decimal(weight) / total_weight
    return (part * HUNDRED).quantize(CENT, ROUND_HALF_UP)


def _largest_remainder(budget, exact):
    floors = [e.quantize(CENT, ROUND_DOWN) for e in exact]
    missing = int((budget - sum(floors)) / CENT)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return floors
