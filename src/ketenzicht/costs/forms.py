"""The administrator's form of a shared cost and its key. The form checks one field at a time; the
service checks what the key needs (every municipality a weight, the fixed part within the budget,
a budget not negative), so page and API refuse the same things with the same words. On the page
each municipality of the region has its own weight field; the API sends the weights as a list."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.lib.forms import LimitedText

from .models import Function, KeyKind, RemainderRule


def plain(value):
    """Labels go into the council letter: markup is refused rather than shown as typed."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Gebruik geen < of > (geen HTML of script); wat u typte staat er nog."), code="markup")


class PlainText(LimitedText):
    default_validators = [plain]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CostForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"))
    function = forms.ChoiceField(label=gettext_lazy("Functie"), choices=Function.choices)
    label = PlainText(label=gettext_lazy("Omschrijving (Nederlands)"), max_length=200)
    label_en = PlainText(label=gettext_lazy("Omschrijving (Engels)"), max_length=200)
    amount = forms.DecimalField(label=gettext_lazy("Bedrag in euro"), max_digits=12, decimal_places=2,
                                help_text=gettext_lazy("Bijvoorbeeld 81148,00"))
    key_kind = forms.ChoiceField(label=gettext_lazy("Verdeelsleutel"), choices=KeyKind.choices,
                                 widget=forms.RadioSelect)
    fixed_part = forms.DecimalField(label=gettext_lazy("Vast deel per gemeente in euro"), required=False,
                                    max_digits=12, decimal_places=2,
                                    help_text=gettext_lazy("Alleen bij een vast deel plus inwonertal."))
    reference_date = forms.DateField(label=gettext_lazy("Peildatum inwoners"), required=False, widget=DateInput,
                                     help_text=gettext_lazy("Lege gewichten worden gevuld met de inwonertallen die "
                                                            "de regio voor precies deze datum heeft."))
    remainder_rule = forms.ChoiceField(label=gettext_lazy("Als de afgeronde bedragen niet optellen tot het budget"),
                                       choices=RemainderRule.choices, widget=forms.RadioSelect)

    def clean_fixed_part(self):
        return self.cleaned_data.get("fixed_part") or 0


class CostPageForm(CostForm):
    """With a weight field per municipality of the region (empty: taken from the inhabitants held
    for the reference date) and the version the administrator saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for name in ("amount", "fixed_part"):  # typed the Dutch way (81.148,00); the API sends 81148.00
            field = self.fields[name]
            field.localize = True
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            field.widget.is_localized = True
        for m in municipalities:
            self.fields[f"weight_{m.cbs_code}"] = forms.IntegerField(
                label=m.name, required=False, max_value=10**9, widget=forms.NumberInput(attrs={"class": "weight"}))

    def weight_fields(self):
        return [self[f"weight_{m.cbs_code}"] for m in self.municipalities]

    def weights(self):
        """The weights typed, or None when none was (then the service takes the inhabitants)."""
        typed = {m.cbs_code: self.cleaned_data.get(f"weight_{m.cbs_code}") for m in self.municipalities}
        if all(v is None for v in typed.values()):
            return None
        return {code: value for code, value in typed.items() if value is not None}

    def service_fields(self):
        data = {k: v for k, v in self.cleaned_data.items() if k in CostForm.base_fields}
        return {**data, "weights": self.weights()}
