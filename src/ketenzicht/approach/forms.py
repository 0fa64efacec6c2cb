"""Forms of the municipality's own approach: they check one field at a time (empty, too long,
markup, a file that is no PDF or image); the services check what needs the current state (a
date before the current status, evidence for "met", a partner of another region). The API binds
the same forms (lib/forms_bridge.py)."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.intake.forms import MAX_UPLOAD, sniff_type
from ketenzicht.intake.models import Barrier
from ketenzicht.lib.forms import PlainText

from .criteria import PRESETS
from .models import MAX_STEP, MAX_TEXT, Level, Presence, english


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AssessmentForm(forms.Form):
    """The liaison's record of one criterion (the page and PATCH /baseline-statuses/...)."""

    level = forms.ChoiceField(label=gettext_lazy("Status"), choices=Level.choices, widget=forms.RadioSelect)
    since = forms.DateField(label=gettext_lazy("Geldt sinds"), required=False, widget=DateInput,
                            help_text=gettext_lazy("Alleen bij een nieuwe status; leeg: vandaag. Niet in de toekomst "
                                                   "en niet vóór de huidige status."))
    decision_date = forms.DateField(label=gettext_lazy("Datum van het besluit"), required=False, widget=DateInput,
                                    help_text=gettext_lazy("Bijvoorbeeld de vaststelling van het beleid of de APV."))
    evidence_link = PlainText(label=gettext_lazy("Link naar het bewijs"), required=False, max_length=500,
                              help_text=gettext_lazy("Een webadres dat begint met https://"))
    next_step = PlainText(label=gettext_lazy("Volgende stap"), required=False, max_length=MAX_STEP)
    next_step_owner = PlainText(label=gettext_lazy("Eigenaar van de volgende stap"), required=False,
                                max_length=200)
    next_step_due = forms.DateField(label=gettext_lazy("Volgende stap uiterlijk op"), required=False,
                                    widget=DateInput,
                                    help_text=gettext_lazy("Een nieuwe stap plant u vandaag of later."))


class AssessmentPageForm(AssessmentForm):
    """The page's form also takes a document as evidence (the API takes a link or a date)."""

    evidence_file = forms.FileField(label=gettext_lazy("Document als bewijs (PDF, PNG of JPEG, maximaal 10 MB)"),
                                    required=False,
                                    help_text=gettext_lazy("Een nieuw document vervangt het vorige."))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    field_order = ["level", "since", "evidence_file", "evidence_link", "decision_date", "next_step",
                   "next_step_owner", "next_step_due"]

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("Het bestand is groter dan 10 MB."))
        head = upload.read(16)
        upload.seek(0)
        content_type = sniff_type(head)
        if content_type is None:
            raise ValidationError(_("Alleen PDF-, PNG- en JPEG-bestanden zijn toegestaan."))
        upload.sniffed_type = content_type
        return upload


class PresenceForm(forms.Form):
    presence = forms.ChoiceField(label=gettext_lazy("In de gemeente"), choices=Presence.choices,
                                 widget=forms.RadioSelect)
    note = PlainText(label=gettext_lazy("Toelichting"), required=False, max_length=MAX_STEP)


class PresencePageForm(PresenceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label=gettext_lazy("Set criteria"), widget=forms.RadioSelect,
                               choices=lambda: [(key, p["label_en"] if english() else p["label"])
                                                for key, p in PRESETS.items()],
                               help_text=gettext_lazy("De criteria van de set worden de criteria van de regio; andere "
                                                      "criteria worden ingetrokken. Vastgelegde statuses blijven."))


class CriterionForm(forms.Form):
    name = PlainText(label=gettext_lazy("Korte naam (Nederlands)"), max_length=120)
    name_en = PlainText(label=gettext_lazy("Korte naam (Engels)"), max_length=120)
    text = PlainText(label=gettext_lazy("Criterium (Nederlands): de gemeente ..."), max_length=MAX_TEXT,
                     widget=forms.Textarea(attrs={"rows": 3}))
    text_en = PlainText(label=gettext_lazy("Criterium (Engels)"), max_length=MAX_TEXT,
                        widget=forms.Textarea(attrs={"rows": 3}))


class InstrumentForm(forms.Form):
    name = PlainText(label=gettext_lazy("Naam (Nederlands)"), max_length=200)
    name_en = PlainText(label=gettext_lazy("Naam (Engels)"), max_length=200)
    description = PlainText(label=gettext_lazy("Toelichting"), required=False, max_length=MAX_TEXT,
                            widget=forms.Textarea(attrs={"rows": 3}))
    barriers = forms.ModelMultipleChoiceField(Barrier.objects.all(), label=gettext_lazy("Barrières"),
                                              to_field_name="code", widget=forms.CheckboxSelectMultiple,
                                              help_text=gettext_lazy("Welke stap van de mensenhandelaar dit "
                                                                     "instrument kan blokkeren."))
    partners = forms.ModelMultipleChoiceField(None, label=gettext_lazy("Partners in de regio"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    other_partners = PlainText(label=gettext_lazy("Andere partners"), required=False, max_length=500,
                               help_text=gettext_lazy("Partners die niet in Ketenzicht werken, bijvoorbeeld de "
                                                      "Belastingdienst of de KvK."))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        self.fields["barriers"].label_from_instance = lambda barrier: barrier.label
