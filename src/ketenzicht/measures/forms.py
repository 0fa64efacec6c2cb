"""Forms of the measures pages; the same forms validate the API (lib/forms_bridge.py)."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.cases.models import Track
from ketenzicht.intake.forms import MunicipalityField
from ketenzicht.lib.forms import LimitedText
from ketenzicht.regions.models import Municipality

from . import access
from .models import Kind, LegalGround, Outcome

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
KVK = {"regex": r"^\d{8}$", "max_length": 8, "required": False,
       "error_messages": {"invalid": _("Een KvK-nummer bestaat uit 8 cijfers.")}}


class GroundField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Onbekende of niet aangeboden wettelijke grondslag: %(value)s.")}

    def __init__(self, **kwargs):
        super().__init__(LegalGround.objects.none(), to_field_name="code", **kwargs)


class TrackField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Onbekend bestuurlijk spoor: kies een spoor van een casus van "
                                                  "uw gemeente.")}

    def label_from_instance(self, track):
        return _("Casus %(ref)s, bestuurlijk spoor sinds %(on)s") % {
            "ref": track.case.reference, "on": timezone.localdate(track.opened_at).isoformat()}


class MeasureForm(forms.Form):
    municipality = MunicipalityField(label=_("Gemeente"), queryset=Municipality.objects.none())
    kind = forms.ChoiceField(label=_("Soort maatregel"), choices=Kind.choices)
    ground = GroundField(label=_("Wettelijke grondslag"), empty_label=_("Kies een grondslag"),
                         error_messages={"required": _("Een maatregel rust op een wettelijke grondslag: kies er een.")})
    decided_on = forms.DateField(label=_("Datum besluit"), **DATE)
    starts_on = forms.DateField(label=_("Ingangsdatum"), required=False, **DATE)
    ends_on = forms.DateField(label=_("Einddatum"), required=False, **DATE)
    address = forms.CharField(label=_("Adres"), max_length=300, required=False)
    business_name = forms.CharField(label=_("Bedrijf"), max_length=200, required=False)
    kvk_number = forms.RegexField(label=_("KvK-nummer"), **KVK)
    decision = LimitedText(label=_("Besluit (samenvatting)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    track = TrackField(label=_("Bestuurlijk spoor van een casus"), queryset=Track.objects.none(), required=False,
                       empty_label=_("Geen"))
    signal = forms.CharField(label=_("Signaal (kenmerk)"), max_length=36, required=False,
                             help_text=_("Het kenmerk van het signaal dat tot de maatregel leidde, zoals 3F2A9C1B."))
    permit = forms.IntegerField(label=_("Vergunning (nummer)"), min_value=1, required=False,
                                help_text=_("Bij weigering of intrekking: de vergunning waar het om gaat."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            municipalities = access.recording_municipalities(user)
            self.fields["municipality"].queryset = municipalities
            region_ids = set(municipalities.values_list("region_id", flat=True))
            self.fields["ground"].queryset = access.grounds_for(region_ids.pop() if len(region_ids) == 1 else None) \
                if region_ids else LegalGround.objects.none()
            self.fields["track"].queryset = Track.objects.filter(
                kind=access.BESTUURLIJK, case__lead_municipality__in=municipalities).select_related("case") \
                .order_by("-opened_at")


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=Outcome.choices)
    outcome_note = LimitedText(label=_("Toelichting"), max_length=1000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))


class GroundForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Kort, zonder spaties, bijvoorbeeld apv-2-44."))
    label = forms.CharField(label=_("Wettelijke grondslag (artikel)"), max_length=200)
