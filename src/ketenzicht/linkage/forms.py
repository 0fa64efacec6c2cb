"""The form for a person's identifiers. The service normalises and checks each field (lib.errors.Invalid
on the field), so the page and any other caller refuse the same input with the same words."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import PlainText

from .models import MAX_LIST, Decision, Gender

LINES = {"widget": forms.Textarea(attrs={"rows": 2}), "required": False, "max_length": MAX_LIST}
ONE_A_LINE = _("Eén per regel.")


class IdentifiersForm(forms.Form):
    given_name = PlainText(label=_("Voornamen (zoals geschreven)"), max_length=200, required=False)
    family_name = PlainText(label=_("Achternaam (met tussenvoegsel)"), max_length=200, required=False)
    date_of_birth = PlainText(label=_("Geboortedatum"), max_length=200, required=False,
                              help_text=_("Ook deels: 1990-02-28, 28-02-1990, 1990-02 of alleen het jaar 1990."))
    gender = forms.ChoiceField(label=_("Geslacht"), choices=[("", _("Onbekend"))] + list(Gender.choices),
                               required=False)
    nationality = PlainText(label=_("Nationaliteit"), max_length=200, required=False,
                            help_text=_("Landcode van twee letters (ISO 3166), zoals NL, RO of NG."))
    phones = PlainText(label=_("Telefoonnummers"), help_text=ONE_A_LINE, **LINES)
    addresses = PlainText(label=_("Adressen"), help_text=ONE_A_LINE, **LINES)
    emails = PlainText(label=_("E-mailadressen"), help_text=ONE_A_LINE, **LINES)
    plates = PlainText(label=_("Kentekens"), help_text=ONE_A_LINE, **LINES)
    kvk = PlainText(label=_("KvK-nummer (bij een bedrijf)"), max_length=200, required=False)


class DecisionForm(forms.Form):
    """A decision on a possible match through the API, with the version the client saw (a stale one
    is refused by the service)."""

    decision = forms.ChoiceField(label=_("Besluit"), choices=Decision.choices)
    version = forms.IntegerField(label=_("Versie zoals u de mogelijke match ophaalde"), min_value=1)
