"""What the barrier model adds to a signal's or a case's page (intake/panels.py): the region's
instruments that can raise the barriers the signal (or the case's signals) names, and which of them
the lead municipality has in place. Only for whoever works it (access.py); nothing without barriers."""
from ketenzicht.intake.models import Barrier

from . import access, queries

TEMPLATE = "approach/_instruments_panel.html"


def _panel(region, municipality, barriers):
    if not barriers:
        return None
    return {"barriers": barriers, "municipality": municipality, "region": region,
            "instruments": queries.fitting_instruments(region, barriers, [municipality])}


def on_signal(user, signal):
    if not access.sees_instruments_on_signal(user, signal):
        return None
    return _panel(signal.region, signal.lead_municipality, list(signal.barriers.all()))


def on_case(user, case):
    if not access.sees_instruments_on_case(user, case):
        return None
    return _panel(case.region, case.lead_municipality, list(Barrier.objects.filter(signals__case=case).distinct()))
