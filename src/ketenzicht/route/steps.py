"""Checking one step on a route before a service takes it: is it allowed from here, for these
roles, and are its required fields given? Shared by signals and cases."""
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
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


# Steps the services take that are no transition of any route.
OWN_STEPS = {"ontvangen": _("Signaal ontvangen"), "routeversie": _("Naar een nieuwe versie van de route"),
             "overdragen": _("Overgedragen aan een andere tafel")}


@dataclass(frozen=True)
class Described:
    """One step of a history in people's words ("Take up, from Received to Enrichment"): the labels
    of the route in the active language, never its codes."""
    step: object
    text: str


def _words(code):
    """A code the route (no longer) knows, made readable rather than shown raw."""
    return code.replace("_", " ").capitalize()


def described(history, flow):
    """The steps of a history with the labels of the flow they run on."""
    def stage(code):
        return flow.stages[code].label if code in flow.stages else _words(code)

    def title(name):
        if name in flow.transitions:
            return flow.transitions[name].label
        return str(OWN_STEPS[name]) if name in OWN_STEPS else _words(name)

    def text(step):
        if step.from_stage:
            return gettext("%(step)s, van %(from)s naar %(to)s") % {
                "step": title(step.transition), "from": stage(step.from_stage), "to": stage(step.to_stage)}
        return gettext("%(step)s, naar %(to)s") % {"step": title(step.transition), "to": stage(step.to_stage)}

    return [Described(step, text(step)) for step in history]
