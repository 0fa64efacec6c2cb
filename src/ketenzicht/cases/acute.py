"""The table's half of the acute route: when a party records its intervention on a signal that
became a case, the chair and the members of the case's table hear of it (seed 001 section 2.2:
"the participants of the table are informed afterwards"), each only if they may open the case."""
from django.urls import reverse

from ketenzicht.intake import access as intake_access
from ketenzicht.intake import acute as intake_acute
from ketenzicht.notifications.services import notify

from . import access


def tell_the_table(user, signal, intervention):
    """Called by intake inside the recording's transaction (registered in registrations.py)."""
    case = signal.case
    if case is None:
        return
    notify(access.table_members(case.table).exclude(pk=user.pk), "acute", reverse("cases:detail", args=[case.pk]),
           about=case)


def route_status(user, case):
    """For the case page: each acute signal of the case with its acute route's rows (intake's
    route_state: who has and has not recorded; a text only where this user may read it) and
    whether this user may open the route's own page. Empty for whoever may not see the case."""
    if not access.sees_acute_status(user, case):
        return []
    signals = case.signals.select_related("case").prefetch_related("municipality_links")
    return [(signal, intake_acute.route_state(user, signal), intake_access.sees_acute_route(user, signal))
            for signal in signals if intake_access.is_acute(signal)]
