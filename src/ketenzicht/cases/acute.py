"""The table's half of the acute route: when a party records its intervention on a signal that
became a case, the chair and the members of the case's table hear of it (seed 001 section 2.2:
"the participants of the table are informed afterwards"), each only if they may open the case."""
from django.urls import reverse

from ketenzicht.notifications.services import notify

from . import access


def tell_the_table(user, signal, intervention):
    """Called by intake inside the recording's transaction (registered in registrations.py)."""
    case = signal.case
    if case is None:
        return
    notify(access.table_members(case.table).exclude(pk=user.pk), "acute", reverse("cases:detail", args=[case.pk]),
           about=case)
