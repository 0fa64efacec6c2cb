"""The demo's shared costs, made through the costs app's services as the region's administrator
would; running it again changes nothing. Configuration: loaded with or without the example signals.

IJsselland: the care coordinator 2022, € 81.148 split by inhabitants per 1 January 2021 (seed 001
§4.4), the seed's eleven municipalities and inhabitants being the demo's (demo/data/
municipalities.csv); the seed's rounded shares add up to € 81.147,99 and the seed leaves the cent,
so the demo's rule is "leave". Zeeland: the care coordination € 85.215 a year over its twelve
municipalities excluding Tholen by inhabitants December 2017 (seed 002, bijlage 6; the seed gives
no year, the demo takes 2020, its plan's year, and no shares: the split rounds to € 85.215,01)."""
from datetime import date
from decimal import Decimal

from ketenzicht.accounts.models import Role, User
from ketenzicht.costs import services
from ketenzicht.costs.models import Function, SharedCost

COSTS = {
    "ijsselland": (2022, "Zorgcoördinator mensenhandel", "Care coordinator for human trafficking",
                   Decimal("81148.00"), date(2021, 1, 1)),
    "zeeland": (2020, "Zorgcoördinatie mensenhandel (excl. Tholen)", "Care coordination (excluding Tholen)",
                Decimal("85215.00"), date(2017, 12, 1)),
}


def load(region, municipalities, with_signals):
    if region.slug not in COSTS or SharedCost.objects.filter(region=region).exists():
        return
    admin = User.objects.holding((Role.REGION_ADMIN,), organisation__region=region).order_by("pk").first()
    if admin is None:
        return
    year, label, label_en, amount, day = COSTS[region.slug]
    services.add_cost(admin, region, year=year, function=Function.CARE_COORDINATOR, label=label, label_en=label_en,
                      amount=amount, reference_date=day)
