"""The plan's forms, for the pages and (through lib.forms_bridge) the API alike. Free text is plain
(no markup) with a limit the server names; every message names its field, in Dutch. A date that
needs the plan (a deadline inside its period) is checked here when the plan is known, so the page
shows it with the other errors on the first submit; the services check it again."""
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.approach.forms import DateInput
from ketenzicht.lib.forms import PlainText, named_messages

from . import metrics
from .models import MANUAL, MAX_NOTE, MAX_TITLE, Direction, Line, LineKind, Status

LIMIT = Decimal("1000000000")


def within(plan, day):
    """The message when `day` lies outside the plan's period, else None."""
    if plan is None or day is None or plan.starts_on <= day <= plan.ends_on:
        return None
    return _("De datum ligt buiten de looptijd van het plan (%(start)s tot en met %(end)s).") % {
        "start": formats.date_format(plan.starts_on, "j F Y"), "end": formats.date_format(plan.ends_on, "j F Y")}


class Named(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        named_messages(self)


class PlanForm(Named):
    title = PlainText(label=gettext_lazy("Titel"), max_length=MAX_TITLE)
    title_en = PlainText(label=gettext_lazy("Titel in het Engels"), max_length=MAX_TITLE, required=False)
    starts_on = forms.DateField(label=gettext_lazy("Begint op"), widget=DateInput)
    ends_on = forms.DateField(label=gettext_lazy("Eindigt op"), widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum van het plan."))
        return data


class LineForm(Named):
    """An ambition or line of work of the plan."""

    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=LineKind.choices, initial=LineKind.LINE,
                             widget=forms.RadioSelect)
    title = PlainText(label=gettext_lazy("Titel"), max_length=MAX_TITLE)
    title_en = PlainText(label=gettext_lazy("Titel in het Engels"), max_length=MAX_TITLE, required=False)


class ActionFields(Named):
    title = PlainText(label=gettext_lazy("Actie"), max_length=MAX_TITLE)
    title_en = PlainText(label=gettext_lazy("Actie in het Engels"), max_length=MAX_TITLE, required=False)
    owner = PlainText(label=gettext_lazy("Eigenaar"), max_length=200)
    owner_en = PlainText(label=gettext_lazy("Eigenaar in het Engels"), max_length=200, required=False)
    deadline = forms.DateField(label=gettext_lazy("Uiterlijk"), widget=DateInput)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Status.choices, initial=Status.PLANNED)
    progress_note = PlainText(label=gettext_lazy("Voortgang"), max_length=MAX_NOTE, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    progress_note_en = PlainText(label=gettext_lazy("Voortgang in het Engels"), max_length=MAX_NOTE, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        message = within(self.plan, deadline)
        if message:
            raise forms.ValidationError(message, code="outside_plan")
        return deadline


class ActionPageForm(ActionFields):
    """An action's changes on its page, with the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ActionForm(ActionFields):
    """A new action under one of the plan's lines."""

    line = forms.ModelChoiceField(label=gettext_lazy("Ambitie of spoor"), queryset=Line.objects.none(),
                                  error_messages={"invalid_choice": gettext_lazy("Kies een ambitie of spoor van dit "
                                                                                 "plan.")})
    field_order = ["line"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        if plan is not None:
            self.fields["line"].queryset = plan.lines.all()


def metric_choices():
    """Entered by hand first (the default): a computed figure is a choice the user makes."""
    return [(MANUAL, _("Handmatig ingevoerd"))] + [(key, metric.label) for key, metric in metrics.METRICS.items()]


class KpiForm(Named):
    name = PlainText(label=gettext_lazy("Naam"), max_length=MAX_TITLE)
    name_en = PlainText(label=gettext_lazy("Naam in het Engels"), max_length=MAX_TITLE, required=False)
    metric = forms.ChoiceField(label=gettext_lazy("Cijfer"), choices=metric_choices, initial=MANUAL, error_messages={
        "invalid_choice": gettext_lazy("Onbekend cijfer: kies een cijfer dat Ketenzicht berekent, of handmatig."),
        "required": gettext_lazy("Kies bij ‘Cijfer’ handmatig of een cijfer dat Ketenzicht berekent.")},
        help_text=gettext_lazy("Handmatig: u legt de waarden zelf vast. Een berekend cijfer leest Ketenzicht uit "
                               "de signalen, trainingen en het basisniveau."))
    target = forms.DecimalField(label=gettext_lazy("Doel"), max_digits=12, decimal_places=1, min_value=0,
                                max_value=LIMIT)
    direction = forms.ChoiceField(label=gettext_lazy("Richting"), choices=Direction.choices,
                                  initial=Direction.AT_LEAST)
    unit = PlainText(label=gettext_lazy("Eenheid"), max_length=40, required=False)
    line = forms.ModelChoiceField(label=gettext_lazy("Ambitie of spoor"), queryset=Line.objects.none(),
                                  required=False, error_messages={
                                      "invalid_choice": gettext_lazy("Kies een ambitie of spoor van dit plan.")})

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["line"].queryset = plan.lines.all()


class KpiEditForm(KpiForm):
    """A KPI changed: everything but its figure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["metric"]


class KpiValueForm(Named):
    on = forms.DateField(label=gettext_lazy("Datum"), widget=DateInput)
    value = forms.DecimalField(label=gettext_lazy("Waarde"), max_digits=12, decimal_places=1, min_value=0,
                               max_value=LIMIT)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_on(self):
        day = self.cleaned_data["on"]
        message = within(self.plan, day)
        if message:
            raise forms.ValidationError(message, code="outside_plan")
        return day
