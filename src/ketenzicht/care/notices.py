"""The notifications care sends, by kind: their titles, rendered in the reader's language."""
from django.utils.translation import gettext_lazy as _

TITLES = {
    "care_track": _("Zorgspoor besloten in casus %(reference)s: open een zorgtraject"),
    "hand_over": _("Zorgdossier %(reference)s overgedragen"),
    "referral": _("Verwijzing ontvangen"),
    "referral_answer": _("Antwoord op een verwijzing in zorgtraject %(reference)s"),
    "reflection_end": _("Bedenktijd in zorgtraject %(reference)s loopt af"),
    "care_review": _("Evaluatie van zorgtraject %(reference)s verlopen"),
    "care_follow_up": _("Slapend zorgtraject %(reference)s: tijd om op te volgen"),
}
