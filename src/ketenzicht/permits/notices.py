"""The notifications this app sends, by kind: their titles, rendered in the reader's language."""
from django.utils.translation import gettext_lazy as _

TITLES = {
    "permit_expiring": _("Vergunning %(reference)s (%(business)s) verloopt op %(until)s"),
}
