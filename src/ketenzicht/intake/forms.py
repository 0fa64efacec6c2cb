"""Validation of signal input: one set of forms used by the pages and the API alike."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import Blocks, LimitedText, OwnIds, quiet
from ketenzicht.lib.http import int_or_none
from ketenzicht.regions.models import Municipality, Region
from ketenzicht.route import steps

from . import signalenkaart
from .emergency import MIN_REASON
from .models import (
    MAX_DESCRIPTION,
    MAX_INTERVENTION,
    Barrier,
    ExploitationForm,
    Gender,
    Indicator,
    Kind,
    NationalityGroup,
    Person,
    PersonRole,
    Urgency,
)

MAX_PERSONS = 20


class MunicipalityField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("Onbekende gemeentecode: %(value)s. Gebruik een CBS-code zoals GM0193."),
    }

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Municipality.objects.all(),
                         to_field_name="cbs_code", **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class MunicipalitiesField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Onbekende gemeentecode: %(value)s."),
        "invalid_pk_value": _("Onbekende gemeentecode: %(pk)s."),
    }

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Municipality.objects.all(),
                         to_field_name="cbs_code", **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class CodesField(forms.ModelMultipleChoiceField):
    """A multiple choice of reference data by its code (exploitation forms, indicators, barriers)."""

    default_error_messages = {
        "invalid_choice": _("Onbekende code: %(value)s."),
        "invalid_pk_value": _("Onbekende code: %(pk)s."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset, to_field_name="code", **kwargs)


def description_field(**kwargs):
    kwargs.setdefault("label", _("Wat heeft u gezien of gehoord?"))
    return LimitedText(max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 8}), **kwargs)


class PublicSignalForm(forms.Form):
    """The citizen's form: as little as needed, anonymous unless they leave contact details."""

    # With its region: the submission needs it, and one query is cheaper than two.
    municipality = MunicipalityField(Municipality.objects.select_related("region"),
                                     label=_("In welke gemeente speelt het?"), empty_label=_("Kies een gemeente"))
    description = description_field(
        help_text=_("Beschrijf wat u zag: waar, wanneer, wie. Namen zijn niet nodig."))
    exploitation_forms = CodesField(ExploitationForm.objects.all(), label=_("Om welke vorm gaat het, denkt u?"))
    location = forms.CharField(label=_("Adres of plaats (als u dat weet)"), max_length=500, required=False)
    contact = forms.CharField(
        label=_("Uw telefoonnummer of e-mailadres (niet verplicht)"), max_length=500, required=False,
        help_text=_("Laat dit leeg als u anoniem wilt blijven."),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["municipality"].queryset = region.municipalities.select_related("region")


class ProfessionalSignalForm(forms.Form):
    """The professional's guided form (the signalenkaart)."""

    kind = forms.ChoiceField(label=_("Wat voor melding is het?"), choices=Kind.choices, initial=Kind.SIGNAL,
                             widget=forms.RadioSelect)
    lead_municipality = MunicipalityField(
        label=_("Gemeente waar het signaal speelt (hoofdgemeente)"), empty_label=_("Kies een gemeente"),
        help_text=_("De hoofdgemeente neemt het signaal in behandeling. Weet u het niet precies: kies de gemeente "
                    "waar de uitbuiting plaatsvindt."))
    other_municipalities = MunicipalitiesField(
        label=_("Andere betrokken gemeenten"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Bijvoorbeeld waar betrokkenen wonen, werken of worden geworven."))
    exploitation_forms = CodesField(
        ExploitationForm.objects.all(), label=_("Vormen van uitbuiting"),
        help_text=_("Kies wat u vermoedt; daarna ziet u de signalen die bij die vormen horen."))
    indicators = CodesField(
        Indicator.objects.prefetch_related("forms"), label=_("Waargenomen signalen"),
        help_text=_("De signalenkaart: kenmerken die op mensenhandel kunnen wijzen. Kruis aan wat u zelf zag of "
                    "hoorde."))
    barriers = CodesField(
        Barrier.objects.all(), label=_("Barrières (barrièremodel)"),
        help_text=_("Het barrièremodel: plekken waar een uitbuiter een gewone dienst nodig heeft, zoals huisvesting, "
                    "werk of een bankrekening. Kruis aan waar u iets zag; daar kunnen partners ingrijpen."))
    location = forms.CharField(label=_("Adres of locatie"), max_length=500, required=False)
    description = description_field()
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL,
                                widget=forms.RadioSelect)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered_indicators = self.fields["indicators"].queryset
        if municipalities is not None:
            self.fields["lead_municipality"].queryset = municipalities
            self.fields["other_municipalities"].queryset = municipalities
            # The signalenkaart of the regions the reporter reports in: what they retired is not
            # offered, and refused by `clean` with its own message rather than as an unknown code
            regions = Region.objects.filter(pk__in=municipalities.values("region_id"))
            self.fields["indicators"].queryset = signalenkaart.of_region(*regions)
            self.offered_indicators = signalenkaart.offered(regions).prefetch_related("forms")
            if len(regions) == 1:
                labels = signalenkaart.labels(regions[0])
                self.fields["indicators"].label_from_instance = lambda i: labels.get(i.pk, i.label)

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_municipality")
        others = cleaned.get("other_municipalities")
        if lead and others:
            cleaned["other_municipalities"] = [m for m in others if m.pk != lead.pk]
        if lead and cleaned.get("indicators"):
            refused = signalenkaart.unoffered(lead.region, cleaned["indicators"])
            if refused:
                self.add_error("indicators", _("De signalenkaart van %(region)s biedt dit niet (meer) aan: "
                                               "%(codes)s.") % {"region": lead.region.name,
                                                                "codes": ", ".join(i.code for i in refused)})
        return cleaned


class PersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=[("", _("— geen —"))] + PersonRole.choices, required=False)
    age = forms.IntegerField(label=_("Leeftijd in jaren"), min_value=0, max_value=120, required=False,
                             error_messages={"min_value": _("Vul een leeftijd van 0 tot en met 120 jaar in."),
                                             "max_value": _("Vul een leeftijd van 0 tot en met 120 jaar in."),
                                             "invalid": _("Vul de leeftijd in als getal, zoals 17.")})
    # Asked only when the age is not known: one question about age, not two.
    is_minor = forms.NullBooleanField(
        label=_("Leeftijd niet bekend: minderjarig?"), required=False,
        widget=forms.Select(choices=[("unknown", _("Onbekend")), ("true", _("Ja")), ("false", _("Nee"))]))
    lvb = forms.BooleanField(label=_("Licht verstandelijke beperking (LVB)"), required=False)
    nationality_group = forms.ChoiceField(label=_("Nationaliteit"), choices=NationalityGroup.choices,
                                          initial=NationalityGroup.UNKNOWN, required=False)
    gender = forms.ChoiceField(label=_("Geslacht"), choices=Gender.choices, initial=Gender.UNKNOWN, required=False)
    residence = forms.ModelChoiceField(label=_("Woongemeente"), queryset=Municipality.objects.order_by("name"),
                                       to_field_name="cbs_code", required=False, empty_label=_("Onbekend"),
                                       error_messages={"invalid_choice": _("Onbekende gemeente.")})

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:  # where the reporter works: the region's municipalities
            self.fields["residence"].queryset = municipalities.order_by("name")

    def clean(self):
        cleaned = super().clean()
        age, minor = cleaned.get("age"), cleaned.get("is_minor")
        if age is not None:
            if minor is not None and minor != (age < 18):
                raise ValidationError({"is_minor": _("Leeftijd en minderjarigheid spreken elkaar tegen.")})
            cleaned["is_minor"] = age < 18
        if not cleaned.get("role") and self.has_changed() and any(
                cleaned.get(f) not in (None, "", False, NationalityGroup.UNKNOWN, Gender.UNKNOWN)
                for f in ("age", "is_minor", "lvb", "nationality_group", "gender", "residence")):
            raise ValidationError({"role": _("Kies de rol van deze betrokkene.")})
        cleaned.setdefault("nationality_group", NationalityGroup.UNKNOWN)
        cleaned["nationality_group"] = cleaned.get("nationality_group") or NationalityGroup.UNKNOWN
        cleaned["gender"] = cleaned.get("gender") or Gender.UNKNOWN
        return cleaned


class BasePersonFormSet(Blocks, forms.BaseFormSet):
    """The persons of a signal: one block to start with, more on request ("Persoon toevoegen")."""

    block_label = _("Betrokkene %(n)s")
    default_error_messages = {
        "too_many_forms": _("U kunt ten hoogste %(num)d betrokkenen opgeven."),
        "missing_management_form": _("Het formulier is niet volledig verstuurd. Laad de pagina opnieuw."),
    }

    def with_one_more(self):
        """The same persons as typed, and an empty block after them (without JavaScript: the
        "Nog een persoon" button sends the form, which comes back one block longer, nothing lost)."""
        data = self.data.copy()
        total = f"{self.prefix}-TOTAL_FORMS"
        data[total] = str(min((int_or_none(data.get(total)) or 0) + 1, MAX_PERSONS))
        grown = type(self)(data, prefix=self.prefix, form_kwargs=self.form_kwargs)
        return quiet(grown)


PersonFormSet = forms.formset_factory(PersonForm, formset=BasePersonFormSet, extra=1, max_num=MAX_PERSONS,
                                      validate_max=True)


def persons_from(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get("role")]


RESTRICTED_LABEL = _("Alleen zichtbaar voor mijn organisatie (bijvoorbeeld strafrechtelijke informatie die het OM "
                     "niet laat delen)")


class NoteForm(OwnIds, forms.Form):
    id_prefix = "note"
    text = LimitedText(label=_("Aanvullende informatie"), max_length=MAX_DESCRIPTION,
                           widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label=_("Bron (bijv. BRP, vergunningen, handhaving)"), max_length=200, required=False)
    restricted = forms.BooleanField(label=RESTRICTED_LABEL, required=False)


class LinkForm(OwnIds, forms.Form):
    id_prefix = "link"
    reference = forms.CharField(label=_("Referentie van het andere signaal"), max_length=40,
                                help_text=_("De 8 tekens, zoals 1A2B3C4D. Alleen signalen die u zelf behandelt."))


def describe_person(person):
    """A person without names: what the signal page shows, prefixed with the signal's reference."""
    parts = [person.get_role_display()]
    if person.age is not None:
        parts.append(_("%(age)s jaar") % {"age": person.age})
    elif person.is_minor:
        parts.append(_("minderjarig"))
    parts += [person.get_nationality_group_display(), person.get_gender_display()]
    return f"{person.signal.reference}: {', '.join(str(p) for p in parts)}"


class SamePersonForm(OwnIds, forms.Form):
    """Mark a person of this signal as the same person as one in a linked signal."""

    id_prefix = "same_person"

    person = forms.ModelChoiceField(label=_("Betrokkene in dit signaal"), queryset=None,
                                    error_messages={"invalid_choice": _("Kies een betrokkene van dit signaal.")})
    other = forms.ModelChoiceField(label=_("Is dezelfde persoon als"), queryset=None,
                                   error_messages={"invalid_choice": _("Kies een betrokkene van een gekoppeld signaal.")})

    def __init__(self, *args, signal, related, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = signal.persons.select_related("signal")
        self.fields["other"].queryset = Person.objects.filter(signal__in=related).select_related("signal")
        for name in ("person", "other"):
            self.fields[name].label_from_instance = describe_person


class FeedbackForm(OwnIds, forms.Form):
    id_prefix = "feedback"
    text = LimitedText(label=_("Terugkoppeling aan de melder"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("De melder leest dit bij de melding. Geen details van onderzoek of zorg."))


class TransitionForm(forms.Form):
    """A step on the signal route; which fields it needs, the route says. The API takes any step
    with one form; the page offers each step as a form of its own (`transition`), with only its fields."""

    transition = forms.CharField(max_length=50)
    reason = forms.CharField(label=_("Reden"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=_("Monitoren tot"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    referral = forms.CharField(label=_("Doorverwezen naar"), max_length=200, required=False,
                               help_text=_("Bijvoorbeeld de Nederlandse Arbeidsinspectie."))
    intervention_kind = forms.CharField(label=_("Soort acute interventie"), max_length=40, required=False)
    intervention = forms.CharField(label=_("Acute interventie"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}),
                                   help_text=_("Wat is er direct gedaan, en door wie?"))

    def __init__(self, *args, tracks=None, transition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tracks:  # on the page: the route's kinds of track to choose from
            self.fields["intervention_kind"] = forms.ChoiceField(
                label=self.fields["intervention_kind"].label, required=False,
                choices=[("", _("— kies —"))] + list(tracks.items()))
        if transition is not None:  # on the page, one form per step: it asks what that step needs
            for name in self.needs(transition):
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = steps.MESSAGES[name.removesuffix("_kind")]

    @staticmethod
    def needs(transition):
        """The fields a step requires (an intervention comes with its kind)."""
        needed = list(transition.required)
        return needed + ["intervention_kind"] if "intervention" in needed else needed

    def fields_for(self, transition):
        """The bound fields one step needs, in form order (the reason always)."""
        needed = {"reason", *self.needs(transition)}
        return [self[name] for name in self.fields if name in needed]


class ReceiptForm(forms.Form):
    receipt_code = forms.RegexField(
        label=_("Uw ontvangstcode"), regex=r"^\s*[A-Za-z0-9]{4}(-?[A-Za-z0-9]{4}){3}\s*$", max_length=40,
        error_messages={"invalid": _("Een ontvangstcode ziet eruit als ABCD-EFGH-JKLM-NPQR.")},
    )


ALLOWED_UPLOADS = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
MAX_UPLOAD = 10 * 1024 * 1024


def sniff_type(head: bytes):
    for content_type, magics in ALLOWED_UPLOADS.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


class AttachmentForm(OwnIds, forms.Form):
    id_prefix = "attachment"
    file = forms.FileField(label=_("Bijlage (PDF, PNG of JPEG, maximaal 10 MB)"))
    restricted = forms.BooleanField(label=RESTRICTED_LABEL, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("Het bestand is groter dan 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        content_type = sniff_type(head)
        if content_type is None:
            raise ValidationError(_("Alleen PDF-, PNG- en JPEG-bestanden zijn toegestaan."))
        upload.sniffed_type = content_type
        return upload


class SignalUpdateForm(forms.Form):
    """What the liaison may change while enriching (PATCH): every field optional."""

    kind = forms.ChoiceField(label=_("Soort"), choices=Kind.choices, required=False)
    other_municipalities = MunicipalitiesField(label=_("Andere betrokken gemeenten"), required=False)
    exploitation_forms = CodesField(ExploitationForm.objects.all(), label=_("Vormen van uitbuiting"))
    indicators = CodesField(Indicator.objects.all(), label=_("Waargenomen signalen"))
    barriers = CodesField(Barrier.objects.all(), label=_("Barrières"))
    location = forms.CharField(label=_("Adres of locatie"), max_length=500, required=False)
    description = LimitedText(label=_("Omschrijving"), max_length=MAX_DESCRIPTION, required=False)
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices, required=False)
    is_acute = forms.BooleanField(label=_("Acuut"), required=False)

    not_clearable = ("kind", "description", "urgency")  # a signal always has these: change, never empty

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.not_clearable:
            if name in present:
                self.fields[name].required = True


class EmergencyForm(forms.Form):
    reference = forms.CharField(label=_("Referentie of id van het signaal"), max_length=40,
                                help_text=_("De referentie van 8 tekens, zoals 1A2B3C4D."))
    reason = forms.CharField(label=_("Waarom heeft u nu toegang nodig?"), min_length=MIN_REASON, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("De functionaris gegevensbescherming beoordeelt deze toegang."))


class AcuteInterventionForm(OwnIds, forms.Form):
    """One organisation's own intervention on the acute route: what, and when. Who is the user; for
    which organisation is a choice only when the user acts for more than one (an id in the API)."""

    id_prefix = "acute"
    organisation = forms.IntegerField(label=_("Namens"), required=False, widget=forms.Select,
                                      help_text=_("De organisatie waarvoor u de interventie vastlegt."))
    text = LimitedText(label=_("Wat is er gedaan"), max_length=MAX_INTERVENTION,
                       widget=forms.Textarea(attrs={"rows": 4}))
    acted_at = forms.DateTimeField(label=_("Wanneer"), required=False,
                                   help_text=_("Leeg: nu. Bijvoorbeeld 30-11-2026 14:30."),
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                              format="%Y-%m-%dT%H:%M"))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = dict(organisations)
        field = self.fields["organisation"]
        if len(self.organisations) > 1:
            field.widget.choices = [(pk, f"{party.label}: {org.name}") for pk, (party, org) in organisations]
        else:
            field.widget = forms.HiddenInput()

    def clean_organisation(self):
        pk = self.cleaned_data.get("organisation")
        if pk is not None and pk not in self.organisations:
            raise ValidationError(_("Kies een van uw eigen organisaties: u legt alleen de interventie van uw eigen "
                                    "organisatie vast."))
        return pk


class CareCallInForm(OwnIds, forms.Form):
    id_prefix = "care"
    reason = LimitedText(label=_("Waarom (optioneel)"), max_length=MAX_INTERVENTION, required=False,
                         widget=forms.Textarea(attrs={"rows": 3}))
