"""Forms of the inspection pages; the same forms validate the API (lib/forms_bridge.py)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.forms import CodesField, MunicipalityField
from ketenzicht.intake.models import ExploitationForm
from ketenzicht.lib.forms import LimitedText
from ketenzicht.regions.models import Municipality, Organisation

from . import access
from .models import Status

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PartnersField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Onbekende partner in uw regio: %(value)s."),
        "invalid_pk_value": _("Onbekende partner: %(pk)s."),
        "required": _("Kies ten minste één partner die aan de controle deelneemt."),
    }

    def label_from_instance(self, organisation):
        return f"{organisation.name} ({organisation.get_sector_display()})"


class InspectionForm(forms.Form):
    municipality = MunicipalityField(label=_("Gemeente"), queryset=Municipality.objects.none())
    planned_on = forms.DateField(label=_("Datum controle"), **DATE)
    address = forms.CharField(label=_("Adres"), max_length=300, required=False)
    business_name = forms.CharField(label=_("Bedrijf"), max_length=200, required=False)
    kvk_number = forms.RegexField(label=_("KvK-nummer"), regex=r"^\d{8}$", max_length=8, required=False,
                                  error_messages={"invalid": _("Een KvK-nummer bestaat uit 8 cijfers.")})
    purpose = LimitedText(label=_("Aanleiding en doel"), max_length=1000, required=False,
                          widget=forms.Textarea(attrs={"rows": 2}))
    partners = PartnersField(label=_("Partners die deelnemen"), queryset=Organisation.objects.none(), required=False,
                             widget=forms.CheckboxSelectMultiple,
                             help_text=_("Bijvoorbeeld de Arbeidsinspectie, de politie, de Belastingdienst en de "
                                         "omgevingsdienst. Hun medewerkers leggen hun eigen bevindingen vast."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            municipalities = access.planning_municipalities(user)
            self.fields["municipality"].queryset = municipalities
            self.fields["partners"].queryset = Organisation.objects.filter(
                region_id__in=municipalities.values("region_id"), active=True).order_by("name")


class FindingForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Namens"), queryset=Organisation.objects.none(),
                                          error_messages={"invalid_choice": _(
                                              "U legt alleen bevindingen vast voor uw eigen organisatie.")})
    text = LimitedText(label=_("Bevinding"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    points_to_trafficking = forms.BooleanField(label=_("Deze bevinding wijst op mensenhandel"), required=False)

    def __init__(self, *args, user=None, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and inspection is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in access.own_partners(user, inspection)])


class SignalForm(forms.Form):
    exploitation_forms = CodesField(ExploitationForm.objects.all(), label=_("Vermoede vormen van uitbuiting"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
