"""The table's half of the acute route: when a party records its intervention on a signal that
became a case, the chair and the members of the case's table hear of it (seed 001 section 2.2:
"the participants of the table are informed afterwards"), each only if they may open the case."""
from django.urls import reverse
from django.utils import timezone

from ketenzicht.accounts.models import User
from ketenzicht.notifications.services import notify

from . import access
from .models import Seat


def tell_the_table(user, signal, intervention):
    """Called by intake inside the recording's transaction (registered in registrations.py)."""
    case = signal.case
    if case is None:
        return
    seated = Seat.objects.filter(Seat.valid_on(timezone.localdate()), table_id=case.table_id).values("organisation_id")
    members = User.objects.holding(access.PARTICIPANT_ROLES, organisation_id__in=seated)
    notify((access.chairs(case.table) | members).exclude(pk=user.pk), "acute",
           reverse("cases:detail", args=[case.pk]), about=case)
