"""What linkage fills in of the registries of the apps below it (accounts' AppConfig imports this)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake import panels
from ketenzicht.intake import services as intake_services
from ketenzicht.notifications import kinds as notification_kinds

from . import access, services
from .models import PersonIdentifiers, SuggestionStatus

notification_kinds.register({
    "linkage_match": _("Mogelijk is een betrokkene van signaal %(reference)s elders in de keten bekend"),
})


def on_signal(user, signal):
    """The signal page's panel: how many persons have identifiers, how many matches wait; for
    whoever handles the signal only."""
    if not access.may_record(user, signal):
        return None
    return {"signal": signal,
            "recorded": PersonIdentifiers.objects.filter(person__signal=signal).count(),
            "open": access.suggestions_about(signal).filter(status=SuggestionStatus.OPEN).count()}


panels.register("signal", "linkage", "linkage/_panel.html", on_signal)
intake_services.on_anonymise(services.forget)
