"""The notifications intake sends, by kind: their titles, rendered in the reader's language, and who
hears of a new signal."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import access
from .models import Signal

TITLES = {
    "new_signal": _("Nieuw signaal %(reference)s in Ketenzicht"),
    "signal_expiry": _("Signaal %(reference)s wordt over %(days)s dagen geanonimiseerd, tenzij iemand het oppakt"),
    "acute_intervention": _("%(organisation)s heeft een acute interventie vastgelegd bij signaal %(reference)s"),
    "care_call_in": _("U bent als zorgcoördinator ingeschakeld op signaal %(reference)s"),
}


def new_signal_audience(signal_id):
    """Whoever handles signals of one of its municipalities (the need-to-know rules then keep those
    who may view it), after the response that stored it; None when it is gone since."""
    signal = (Signal.objects.select_related("lead_municipality", "region", "route")
              .prefetch_related("municipality_links").filter(pk=signal_id).first())
    if signal is None:
        return None
    municipalities = [link.municipality_id for link in signal.municipality_links.all()]
    return access.signal_handlers(municipalities), reverse("intake:detail", args=[signal.pk]), signal
