"""The notifications cases sends, by kind: their titles, rendered in the reader's language. A
reminder has a kind for "near" (…_due) and one for "passed" (…_late)."""
from django.utils.translation import gettext_lazy as _

TITLES = {
    "acute": _("Acute interventie vastgelegd in casus %(reference)s"),
    "escalation": _("Nieuwe escalatie voor de tafel: casus %(reference)s"),
    "handover": _("Casus %(reference)s is aan uw tafel overgedragen"),
    "agenda": _("Casus %(reference)s geagendeerd voor de tafel"),
    "track": _("Spoor of taak toegewezen in casus %(reference)s"),
    "task": _("Taak toegewezen in casus %(reference)s"),
    "case_closed": _("Alle sporen van casus %(reference)s zijn gesloten"),
    "consultation": _("Spoedoverleg over casus %(reference)s: uw antwoord wordt gevraagd"),
    "consultation_reply": _("Antwoord in het spoedoverleg over casus %(reference)s"),
    "task_due": _("Taak in casus %(reference)s bijna verlopen"),
    "task_late": _("Taak in casus %(reference)s verlopen"),
    "track_due": _("Evaluatiedatum van een spoor in casus %(reference)s nadert"),
    "track_late": _("Evaluatiedatum van een spoor in casus %(reference)s verlopen"),
    "case_due": _("Termijn van casus %(reference)s nadert"),
    "case_late": _("Termijn van casus %(reference)s verlopen"),
    "signal_due": _("Termijn van signaal %(reference)s nadert"),
    "signal_late": _("Termijn van signaal %(reference)s verlopen"),
}
