"""Forms of training and awareness: they check one field at a time (empty, too long, markup, a
number out of range, an unknown code); the services check what needs the region (an organisation
or intervention of another region, a sector twice). The API binds the same forms
(lib/forms_bridge.py)."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.intake.forms import CodesField, MunicipalityField
from ketenzicht.intake.models import ExploitationForm
from ketenzicht.lib.forms import Blocks, PlainText, named_messages
from ketenzicht.regions.models import Municipality, Organisation, Region, Sector

from .models import MAX_EVALUATION, MAX_PARTICIPANTS, MAX_REACH, PUBLIC, ActivityKind, Intervention, Scale

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _number(label, minimum, maximum, **kwargs):
    """A whole number within bounds; the error sits on the field, so it names the bound, not the field."""
    return forms.IntegerField(label=label, min_value=minimum, max_value=maximum, error_messages={
        "min_value": gettext_lazy("Vul een getal in van ten minste %(limit_value)s."),
        "max_value": gettext_lazy("Vul een getal in van ten hoogste %(limit_value)s."),
        "invalid": gettext_lazy("Vul een heel getal in.")}, **kwargs)


class InterventionForm(forms.Form):
    name = PlainText(label=gettext_lazy("Interventie (Nederlands)"), max_length=200)
    name_en = PlainText(label=gettext_lazy("Interventie (Engels)"), max_length=200)
    exploitation_forms = CodesField(ExploitationForm.objects.all(), label=gettext_lazy("Focus op uitbuiting"),
                       help_text=gettext_lazy("Geen keuze: algemeen, alle vormen."))
    target_group = PlainText(label=gettext_lazy("Doelgroep (Nederlands)"), max_length=300)
    target_group_en = PlainText(label=gettext_lazy("Doelgroep (Engels)"), max_length=300)
    scale = forms.ChoiceField(label=gettext_lazy("Schaal"), choices=Scale.choices)
    provider = PlainText(label=gettext_lazy("Uitvoering door"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exploitation_forms"].label_from_instance = lambda form: form.label
        named_messages(self)


class InterventionEditForm(InterventionForm):
    active = forms.BooleanField(label=gettext_lazy("In het aanbod"), required=False)


class ParticipantsForm(forms.Form):
    """One sector's participants of a session: a row of the page's formset, an item of the API's list."""

    sector = forms.ChoiceField(label=gettext_lazy("Sector"), choices=Sector.choices,
                               error_messages={"invalid_choice": gettext_lazy("Onbekende sector: %(value)s.")})
    participants = _number(gettext_lazy("Deelnemers"), 1, MAX_PARTICIPANTS)

    def pair(self):
        return self.cleaned_data["sector"], self.cleaned_data["participants"]


class ParticipantsRowForm(ParticipantsForm):
    """On the page the rows start empty: a row left empty is no sector, so neither field of a row is
    required on its own (the service asks for at least one sector); a row half filled in is refused,
    and its errors name the sector chosen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("— kies een sector —"))] + list(Sector.choices)
        for field in self.fields.values():
            field.required = False
        chosen = dict(Sector.choices).get(self.data.get(self.add_prefix("sector"))) if self.is_bound else None
        if chosen:
            self.fields["participants"].label = _("Deelnemers (%(sector)s)") % {"sector": chosen}

    def clean(self):
        data = super().clean()
        sector, participants = data.get("sector"), data.get("participants")
        if sector and participants is None and "participants" not in self.errors:
            self.add_error("participants", _("Vul in hoeveel mensen van deze sector deelnamen."))
        if participants is not None and not sector and "sector" not in self.errors:
            self.add_error("sector", _("Kies de sector van deze deelnemers."))
        return data


class ParticipantsBlocks(Blocks, forms.BaseFormSet):
    block_label = gettext_lazy("Deelnemers, sector %(n)s")


ParticipantsFormSet = forms.formset_factory(ParticipantsRowForm, formset=ParticipantsBlocks, extra=4,
                                            max_num=len(Sector.values), validate_max=True)


class SessionForm(forms.Form):
    municipality = MunicipalityField(label=gettext_lazy("Gemeente"), queryset=Municipality.objects.none())
    held_on = forms.DateField(label=gettext_lazy("Datum"), **DATE)
    intervention = forms.ModelChoiceField(Intervention.objects.none(), label=gettext_lazy("Interventie"),
                                          required=False, error_messages={
                                              "invalid_choice": gettext_lazy("Onbekende interventie in het aanbod "
                                                                             "van de regio.")})
    organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.none(), label=gettext_lazy("Deelnemende organisaties"), required=False,
        widget=forms.CheckboxSelectMultiple, error_messages={
            "invalid_choice": gettext_lazy("Onbekende organisatie in uw regio: %(value)s."),
            "invalid_pk_value": gettext_lazy("Onbekende organisatie: %(pk)s.")})
    evaluation = PlainText(label=gettext_lazy("Evaluatie"), max_length=MAX_EVALUATION, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("Kort, over de training; noem geen namen."))
    score = _number(gettext_lazy("Waardering (1–10)"), 1, 10, required=False)

    def __init__(self, *args, region_ids=(), municipalities=None, **kwargs):
        """`region_ids`: the regions whose interventions and organisations may be named (the page's
        one region; the API's every region the user reads, the service then checks the
        municipality's); `municipalities`: those the user may choose."""
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities
        self.fields["intervention"].queryset = Intervention.objects.filter(region_id__in=region_ids, active=True)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            region_id__in=region_ids, active=True).order_by("name")
        named_messages(self)


def audience_choices():
    return [(PUBLIC, _("Inwoners (algemeen publiek)"))] + list(Sector.choices)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=ActivityKind.choices)
    title = PlainText(label=gettext_lazy("Titel"), max_length=200)
    municipality = MunicipalityField(label=gettext_lazy("Gemeente"), queryset=Municipality.objects.none(),
                                     required=False, help_text=gettext_lazy("Leeg: de hele regio."))
    starts_on = forms.DateField(label=gettext_lazy("Datum"), **DATE)
    ends_on = forms.DateField(label=gettext_lazy("Einddatum"), required=False,
                              help_text=gettext_lazy("Voor een campagne die langer loopt."), **DATE)
    audience = forms.MultipleChoiceField(label=gettext_lazy("Voor wie"), choices=audience_choices,
                                         help_text=gettext_lazy("Inwoners in het algemeen en/of de medewerkers "
                                                                "van sectoren."),
                                         widget=forms.CheckboxSelectMultiple, error_messages={
                                             "invalid_choice": gettext_lazy("Onbekend publiek: %(value)s."),
                                             "required": gettext_lazy("Kies voor wie de activiteit is: sectoren "
                                                                      "en/of het publiek.")})
    reach = _number(gettext_lazy("Bereik"), 0, MAX_REACH,
                    help_text=gettext_lazy("Hoeveel mensen de activiteit bereikte, zoals geteld."))

    def __init__(self, *args, municipalities=None, region_wide=True, **kwargs):
        """`region_wide`: the user may record for the region as a whole (its administrator); else the
        empty choice is not offered and a municipality is required (a choice the form offers is never
        refused afterwards)."""
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        if municipalities is not None:
            field.queryset = municipalities
        if region_wide:
            field.empty_label = _("De hele regio")
        else:
            field.required = True
            field.help_text = ""
            field.error_messages["required"] = _("Kies de gemeente waarvoor u de activiteit vastlegt.")
            field.empty_label = None if municipalities is not None and municipalities.count() == 1 else \
                _("— kies een gemeente —")
        named_messages(self)


    def clean(self):
        """The end before the start, with the other fields' errors (the service checks it again)."""
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("De einddatum ligt voor de begindatum."))
        return data


class RegionField(forms.ModelChoiceField):
    """A region by its slug (the API's input names the region it records for)."""

    default_error_messages = {"invalid_choice": gettext_lazy("Onbekende regio: %(value)s.")}

    def __init__(self, **kwargs):
        super().__init__(Region.objects.none(), to_field_name="slug", label=gettext_lazy("Regio"), **kwargs)


class InterventionInputForm(InterventionForm):
    region = RegionField()

    def __init__(self, *args, region_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=region_ids)


class ActivityInputForm(ActivityForm):
    region = RegionField()

    def __init__(self, *args, region_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=region_ids)
