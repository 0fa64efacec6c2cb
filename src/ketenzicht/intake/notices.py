"""The notifications intake sends, by kind: their titles, rendered in the reader's language."""
from django.utils.translation import gettext_lazy as _

TITLES = {
    "new_signal": _("Nieuw signaal %(reference)s in Ketenzicht"),
    "signal_expiry": _("Signaal %(reference)s wordt over %(days)s dagen geanonimiseerd, tenzij iemand het oppakt"),
    "acute_intervention": _("%(organisation)s heeft een acute interventie vastgelegd bij signaal %(reference)s"),
    "care_call_in": _("U bent als zorgcoördinator ingeschakeld op signaal %(reference)s"),
}
