"""Forms of the care workbench; the same forms validate the API."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.models import ExploitationForm, Gender
from ketenzicht.regions.models import Municipality, Organisation

from . import access
from .models import Consent, Need, Phase, PlaceKind, ShelterPlace

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class TrajectoryForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    birth_date = forms.DateField(label=_("Geboortedatum"), required=False, **DATE)
    is_minor = forms.BooleanField(label=_("Minderjarig"), required=False)
    gender = forms.ChoiceField(label=_("Geslacht"), choices=Gender.choices, initial=Gender.UNKNOWN)
    third_country = forms.BooleanField(label=_("Uit een derde land (buiten de EU)"), required=False)
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(),
                                          to_field_name="cbs_code")
    exploitation_forms = forms.ModelMultipleChoiceField(label=_("Vormen van uitbuiting"), required=False,
                                                        queryset=ExploitationForm.objects.all(), to_field_name="code",
                                                        widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(label=_("Behoeften"), choices=Need.Kind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    def clean(self):
        cleaned = super().clean()
        born = cleaned.get("birth_date")
        if born:
            today = timezone.localdate()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if age < 0 or age > 120:
                self.add_error("birth_date", _("Deze geboortedatum kan niet kloppen."))
            else:
                cleaned["age"] = age
                if cleaned.get("is_minor") and age >= 18:
                    self.add_error("is_minor", _("Geboortedatum en minderjarigheid spreken elkaar tegen."))
                cleaned["is_minor"] = age < 18
        return cleaned


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices)
    blocked = forms.BooleanField(label=_("Zorg is geblokkeerd"), required=False)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Afspraak of voortgang"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label=_("Volgende evaluatie"), required=False, **DATE)


class ToRecipients:
    """A form that names an organisation to share a dossier with offers only where the dossier may
    go (access.care_recipients: the trajectory's region, and shelter providers anywhere, since places
    for minors are national), each once, by name; one outside the region shows its region."""

    def for_trajectory(self, trajectory):
        field = self.fields["organisation"]
        field.queryset = access.care_recipients(trajectory).select_related("region").order_by("name", "pk")
        field.label_from_instance = lambda o: o.name if o.region_id == trajectory.region_id else \
            f"{o.name} ({o.region.name})"
        return self


class ConsentForm(ToRecipients, forms.Form):
    purpose = forms.ChoiceField(label=_("Toestemming voor"), choices=Consent.Purpose.choices)
    organisation = forms.ModelChoiceField(label=_("Partner (bij delen)"), queryset=Organisation.objects.all(),
                                          required=False)
    form = forms.ChoiceField(label=_("Vorm"), choices=[("written", _("Schriftelijk")), ("verbal", _("Mondeling"))])
    given_on = forms.DateField(label=_("Gegeven op"), **DATE)


class ReflectionForm(forms.Form):
    reflection_start = forms.DateField(label=_("Begin bedenktijd"), **DATE)
    residence_status = forms.CharField(label=_("Stand van de verblijfsprocedure"), max_length=200, required=False)


class PlacementForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Opvangplek"), queryset=ShelterPlace.objects.all())
    start = forms.DateField(label=_("Vanaf"), **DATE)


class PlaceSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort plek"), choices=[("", _("Alle passende"))] + PlaceKind.choices,
                             required=False)
    on = forms.DateField(label=_("Vrij op"), required=False, **DATE)


class HandOverForm(ToRecipients, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Ontvangende organisatie"), queryset=Organisation.objects.all())
    contents = forms.CharField(label=_("Wat wordt overgedragen"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class DormantForm(forms.Form):
    follow_up_on = forms.DateField(label=_("Opvolgen op"), **DATE)


class ShelterPlaceForm(forms.ModelForm):
    class Meta:
        model = ShelterPlace
        fields = ["kind", "places", "free_from", "conditions"]
        widgets = {"free_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReferralForm(ToRecipients, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Aanbieder"), queryset=Organisation.objects.all())
    need = forms.ChoiceField(label=_("Voor behoefte"), choices=Need.Kind.choices)


class SummaryForm(forms.Form):
    text = forms.CharField(label=_("Samenvatting voor de tafel"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Alleen wat de tafel nodig heeft; geen zorginhoud die zij niet hoeft te kennen."))
    reason = forms.CharField(label=_("Waarom deelt u dit?"), max_length=1000)
