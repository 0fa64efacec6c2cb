"""Forms of the permit register and Bibob requests; the same forms validate the API."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import LimitedText
from ketenzicht.regions.models import Municipality

from .models import BibobAdvice, BibobOutcome, Kind, PermitStatus, Scope, kvk_validator

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _municipality_field():
    return forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(), to_field_name="cbs_code")


class ForMunicipalities:
    """A form whose `municipality` may be only one of the user's own (as the service also checks)."""

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
            if len(municipalities) == 1 and not self.is_bound:
                self.fields["municipality"].initial = municipalities[0].cbs_code


class PermitChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices, widget=forms.RadioSelect)
    business_name = LimitedText(label=_("Naam bedrijf"), max_length=200)
    kvk_number = forms.CharField(label=_("KvK-nummer"), max_length=8, validators=[kvk_validator],
                                 help_text=_("8 cijfers"))
    address = LimitedText(label=_("Adres"), max_length=300)
    valid_from = forms.DateField(label=_("Geldig vanaf"), **DATE)
    valid_until = forms.DateField(label=_("Geldig tot en met"), **DATE)
    conditions = LimitedText(label=_("Voorschriften"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    bibob_outcome = forms.ChoiceField(label=_("Uitkomst Bibob-toets"), choices=BibobOutcome.choices, required=False)

    def clean_kvk_number(self):
        return self.cleaned_data["kvk_number"].strip()


class PermitForm(ForMunicipalities, PermitChangeForm):
    municipality = _municipality_field()
    field_order = ["municipality"]


class EndPermitForm(forms.Form):
    status = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect, choices=[
        (PermitStatus.WITHDRAWN, _("Intrekken")), (PermitStatus.REFUSED, _("Weigeren (niet voortzetten)"))])
    effective_on = forms.DateField(label=_("Gaat in op"), **DATE)
    reference = LimitedText(label=_("Kenmerk besluit"), max_length=200)


class MaximumForm(ForMunicipalities, forms.Form):
    municipality = _municipality_field()
    scope = forms.ChoiceField(label=_("Geldt voor"), choices=Scope.choices, widget=forms.RadioSelect,
                              initial=Scope.ALL)
    maximum = forms.IntegerField(label=_("Maximum aantal vergunningen"), min_value=0, max_value=1000)
    valid_from = forms.DateField(label=_("Geldt vanaf"), **DATE)
    decided_on = forms.DateField(label=_("Datum raadsbesluit"), **DATE)
    reference = LimitedText(label=_("Kenmerk besluit of APV-artikel"), max_length=200,
                            help_text=_("Bijvoorbeeld: artikel 3:4 lid 2 APV, raadsbesluit RA09.0059"))


class BibobChangeForm(forms.Form):
    subject_name = LimitedText(label=_("Naam bedrijf"), max_length=200)
    kvk_number = forms.CharField(label=_("KvK-nummer"), max_length=8, validators=[kvk_validator],
                                 help_text=_("8 cijfers; zonder KvK-nummer geen Bibob-verzoek"))
    reason = LimitedText(label=_("Aanleiding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    advice_requested_on = forms.DateField(label=_("Advies gevraagd aan het Landelijk Bureau Bibob op"),
                                          required=False, **DATE)
    advice_received_on = forms.DateField(label=_("Advies ontvangen op"), required=False, **DATE)
    advice = forms.ChoiceField(label=_("Advies"), choices=[("", _("(nog geen advies)")), *BibobAdvice.choices],
                               required=False)
    outcome = LimitedText(label=_("Uitkomst"), max_length=4000, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))
    decision = LimitedText(label=_("Besluit"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("Besloten op"), required=False, **DATE)
    permit = forms.CharField(label=_("Vergunning (nummer)"), max_length=20, required=False,
                             help_text=_("Het nummer van de vergunning in dit register, zonder V-"))
    signal = forms.CharField(label=_("Signaal (id)"), max_length=40, required=False)
    case = forms.CharField(label=_("Casus (id)"), max_length=40, required=False)

    def clean_kvk_number(self):
        return self.cleaned_data["kvk_number"].strip()

    def clean_permit(self):
        return self.cleaned_data["permit"].strip().upper().removeprefix("V-")


class BibobForm(ForMunicipalities, BibobChangeForm):
    municipality = _municipality_field()
    field_order = ["municipality"]
