"""The plan's forms, for the pages and (through lib.forms_bridge) the API alike."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.approach.forms import DateInput

from . import metrics
from .models import MANUAL, MAX_NOTE, MAX_TITLE, Direction, Line, Status

LIMIT = Decimal("1000000000")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=MAX_TITLE)
    title_en = forms.CharField(label=_("Titel in het Engels"), max_length=MAX_TITLE, required=False)
    starts_on = forms.DateField(label=_("Begint op"), widget=DateInput)
    ends_on = forms.DateField(label=_("Eindigt op"), widget=DateInput)


class ActionFields(forms.Form):
    title = forms.CharField(label=_("Actie"), max_length=MAX_TITLE)
    owner = forms.CharField(label=_("Eigenaar"), max_length=200)
    deadline = forms.DateField(label=_("Uiterlijk"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.PLANNED)
    progress_note = forms.CharField(label=_("Voortgang"), max_length=MAX_NOTE, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class ActionPageForm(ActionFields):
    """An action's changes on its page, with the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActionForm(ActionFields):
    """A new action under one of the plan's lines."""

    line = forms.ModelChoiceField(label=_("Ambitie of spoor"), queryset=Line.objects.none(),
                                  error_messages={"invalid_choice": _("Kies een ambitie of spoor van dit plan.")})
    field_order = ["line"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["line"].queryset = plan.lines.all()


def metric_choices():
    return [(key, metric.label) for key, metric in metrics.METRICS.items()] + [(MANUAL, _("Handmatig ingevoerd"))]


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=MAX_TITLE)
    name_en = forms.CharField(label=_("Naam in het Engels"), max_length=MAX_TITLE, required=False)
    metric = forms.ChoiceField(label=_("Cijfer"), choices=metric_choices, error_messages={
        "invalid_choice": _("Onbekend cijfer: kies een cijfer dat Ketenzicht berekent, of handmatig.")})
    target = forms.DecimalField(label=_("Doel"), max_digits=12, decimal_places=1, min_value=0, max_value=LIMIT)
    direction = forms.ChoiceField(label=_("Richting"), choices=Direction.choices, initial=Direction.AT_LEAST)
    unit = forms.CharField(label=_("Eenheid"), max_length=40, required=False)
    line = forms.ModelChoiceField(label=_("Ambitie of spoor"), queryset=Line.objects.none(), required=False,
                                  error_messages={"invalid_choice": _("Kies een ambitie of spoor van dit plan.")})

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["line"].queryset = plan.lines.all()


class KpiValueForm(forms.Form):
    on = forms.DateField(label=_("Datum"), widget=DateInput)
    value = forms.DecimalField(label=_("Waarde"), max_digits=12, decimal_places=1, min_value=0, max_value=LIMIT)
