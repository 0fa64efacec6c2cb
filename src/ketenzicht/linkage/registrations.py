"""What linkage fills in of the registries of the apps below it (accounts' AppConfig imports this)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.care import services as care_services
from ketenzicht.intake import panels
from ketenzicht.intake import services as intake_services
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import subjects

from . import access, services
from .models import PersonIdentifiers, SuggestionStatus

notification_kinds.register({
    "linkage_match": _("Mogelijk is een betrokkene van signaal %(reference)s elders in de keten bekend"),
    "linkage_match_care": _("Mogelijk is de persoon van zorgtraject %(reference)s elders in de keten bekend"),
    "linkage_decision": _("Besluit over een mogelijke match met een betrokkene van signaal %(reference)s"),
    "linkage_decision_care": _("Besluit over een mogelijke match met de persoon van zorgtraject %(reference)s"),
})


def on_signal(user, signal):
    """The signal page's panel: how many persons have identifiers, how many matches wait; for
    whoever handles the signal only."""
    if not access.may_record(user, signal):
        return None
    return {"signal": signal,
            "recorded": PersonIdentifiers.objects.filter(person__signal=signal).count(),
            "open": access.suggestions_about(signal).filter(status=SuggestionStatus.OPEN).count()}


def on_trajectory(user, trajectory):
    """The trajectory page's panel: whether identifiers are recorded, how many matches wait; for
    whoever handles the trajectory only."""
    if not access.may_record_trajectory(user, trajectory):
        return None
    return {"trajectory": trajectory,
            "recorded": PersonIdentifiers.objects.filter(trajectory=trajectory).exists(),
            "open": access.suggestions_about_trajectory(trajectory).filter(status=SuggestionStatus.OPEN).count()}


panels.register("signal", "linkage", "linkage/_panel.html", on_signal)
panels.register("trajectory", "linkage", "linkage/_trajectory_panel.html", on_trajectory)
intake_services.on_anonymise(services.forget)
care_services.on_anonymise(services.forget_trajectories)
subjects.register(services.SUBJECTS)
