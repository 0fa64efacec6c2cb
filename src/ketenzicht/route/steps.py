"""Checking one step on a route before a service takes it: is it allowed from here, for these
roles, and are its required fields given? Shared by signals and cases."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.errors import Refused

MESSAGES = {
    "transition": _("Deze stap kan nu niet worden gezet."),
    "reason": _("Geef een reden op voor deze stap."),
    "until": _("Geef een datum in de toekomst op tot wanneer u monitort."),
    "referral": _("Geef op naar wie u doorverwijst."),
    "intervention": _("Beschrijf de acute interventie en kies het soort."),
    "meeting": _("Kies het overleg waarop de casus komt."),
    "decision": _("Beschrijf het besluit."),
    "tracks": _("Een besluit heeft ten minste één spoor met een eigenaar."),
}


class TransitionRefused(Refused):
    """A step that cannot be taken, with the field to blame and a message for the user."""

    def __init__(self, field, message=None):
        super().__init__(message or MESSAGES[field], field)


def check(flow, stage, name, roles, given):
    """The transition `name` if these roles may take it from `stage` with these fields, else refuse.

    `given` maps field names to what the user gave; empty values count as missing.
    """
    transition = flow.transitions.get(name)
    if transition is None or transition not in flow.available(stage, roles):
        raise TransitionRefused("transition")
    for field in transition.required:
        value = given.get(field)
        if isinstance(value, str):
            value = value.strip()
        if not value:
            raise TransitionRefused(field)
    until = given.get("until")
    if "until" in transition.required and until <= timezone.localdate():
        raise TransitionRefused("until")
    return transition
