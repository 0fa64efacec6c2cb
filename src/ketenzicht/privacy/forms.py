"""Forms of the privacy pages: the access-log filter, a review, and a break-the-glass request."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .words import ACTIONS

# Groups of log actions the privacy officer reviews together.
CATEGORIES = {
    "logins": ("login", "login_failed", "login_locked"),
    "login_failures": ("login_failed", "login_locked"),
    "roles": ("role_grant", "role_change", "role_approve", "role_withdraw"),
}


class AccessLogFilter(forms.Form):
    """Every field optional; an invalid one is reported and ignored, the others still filter."""

    category = forms.ChoiceField(label=_("Soort"), required=False, choices=[
        ("", _("Alles")), ("logins", _("Aanmeldingen")),
        ("login_failures", _("Mislukte aanmeldingen en blokkades")), ("roles", _("Toegekende rollen"))])

    username = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Actie"), required=False,
                               choices=lambda: [("", _("Alle"))] + sorted(
                                   ((code, str(label).capitalize()) for code, label in ACTIONS.items()),
                                   key=lambda choice: choice[1]))
    object_id = forms.CharField(label=_("Record (id of referentie)"), required=False, max_length=150)
    since = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    flagged = forms.BooleanField(label=_("Alleen gemarkeerde (noodtoegang)"), required=False)
    unreviewed = forms.BooleanField(label=_("Alleen nog niet beoordeelde"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("Deze datum ligt vóór de begindatum."))
        return cleaned


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Oordeel"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Bijvoorbeeld: terecht, acute zorgvraag; of: navragen bij de teamleider."))


class SubjectForm(forms.Form):
    identifier = forms.CharField(label=_("E-mailadres of telefoonnummer van de betrokkene"), max_length=200)


class CorrectionForm(forms.Form):
    identifier = forms.CharField(max_length=200, widget=forms.HiddenInput)
    contact = forms.CharField(label=_("Juiste contactgegevens (leeg: wissen)"), max_length=500, required=False)
