from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.regions.models import Organisation

from .models import Event


class SubscriptionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none(),
                                          error_messages={"required": _("Kies een organisatie."),
                                                          "invalid_choice": _("Kies een organisatie uit de lijst.")})
    url = forms.CharField(label=_("Adres (URL)"), max_length=500,
                          help_text=_("Een https-adres van het systeem van de organisatie, bijvoorbeeld https://partner.example.nl/ketenzicht."),
                          error_messages={"required": _("Vul het adres in."),
                                          "max_length": _("Het adres is te lang (hoogstens 500 tekens).")})
    events = forms.MultipleChoiceField(label=_("Gebeurtenissen"), choices=Event.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": _("Kies ten minste één gebeurtenis."),
                                                       "invalid_choice": _("Kies gebeurtenissen uit de lijst.")})

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region, active=True)
