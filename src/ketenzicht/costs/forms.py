"""The administrator's form of a shared cost and its key. The form checks one field at a time; the
service checks what the key needs (every municipality a weight, the fixed part within the budget,
a budget not negative), so page and API refuse the same things with the same words. On the page
each municipality of the region has its own weight field; the API sends the weights as a list."""
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.lib.forms import PlainText

from .models import MAX_AMOUNT, Function, KeyKind, RemainderRule
from .services import FIRST_YEAR, LAST_YEAR


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


MONEY = re.compile(r"-?\d{1,12}(\.\d{1,2})?")


class Amount(forms.DecimalField):
    """An amount typed as the user's language writes it (81.148,00 or € 81.148 in Dutch, 81,148.00
    in English): the euro sign and grouping are dropped, the decimal sign read as the language's.
    Django's localized field drops grouping only with USE_THOUSAND_SEPARATOR, which the site
    does not set."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace(" ", "").replace("\u00a0", "")
            value = value.replace(formats.get_format("THOUSAND_SEPARATOR"), "").replace(
                formats.get_format("DECIMAL_SEPARATOR"), ".")
        return super().to_python(value)


_interpolate = lazy(lambda text, values: str(text) % values, str)  # translated when shown, not at import


def _bounds(minimum, maximum, below=False):
    """min/max with Dutch messages, so the page shows them with the other fields' errors at once
    (the service checks the same bounds again)."""
    return {"min_value": minimum, "max_value": maximum, "error_messages": {
        "min_value": gettext_lazy("Het bedrag kan niet negatief zijn.") if below else
        _interpolate(gettext_lazy("Kies een jaar van %(first)s tot en met %(last)s."), {"first": minimum,
                                                                                     "last": maximum}),
        "max_value": gettext_lazy("Het bedrag is te groot.") if below else
        _interpolate(gettext_lazy("Kies een jaar van %(first)s tot en met %(last)s."), {"first": minimum,
                                                                                     "last": maximum}),
        "invalid": gettext_lazy("Vul een bedrag in, zoals 81.148,00.") if below else
        gettext_lazy("Vul een jaar in, zoals 2026.")}}


AMOUNT_BOUNDS = _bounds(Decimal(0), Decimal(MAX_AMOUNT) - Decimal("0.01"), below=True)


class CostForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Jaar"), **_bounds(FIRST_YEAR, LAST_YEAR))
    function = forms.ChoiceField(label=gettext_lazy("Functie"), choices=Function.choices)
    label = PlainText(label=gettext_lazy("Omschrijving (Nederlands)"), max_length=200)
    label_en = PlainText(label=gettext_lazy("Omschrijving (Engels)"), max_length=200)
    amount = forms.DecimalField(label=gettext_lazy("Bedrag in euro"), max_digits=12, decimal_places=2,
                                help_text=gettext_lazy("Bijvoorbeeld 81.148,00"), **AMOUNT_BOUNDS)
    key_kind = forms.ChoiceField(label=gettext_lazy("Verdeelsleutel"), choices=KeyKind.choices,
                                 widget=forms.RadioSelect)
    fixed_part = forms.DecimalField(label=gettext_lazy("Vast deel per gemeente in euro"), required=False,
                                    max_digits=12, decimal_places=2, **AMOUNT_BOUNDS,
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
            typed = self.fields[name]
            self.fields[name] = Amount(label=typed.label, help_text=typed.help_text, required=typed.required,
                                       max_digits=12, decimal_places=2, localize=True, **AMOUNT_BOUNDS,
                                       widget=forms.TextInput(attrs={"inputmode": "decimal"}))
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


class MoneyText(forms.CharField):
    """An amount in the API: a string with a point and at most two decimals ("8265.62"), exact
    where a JSON number is not."""

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        if not MONEY.fullmatch(value):
            raise ValidationError(_("Geef een bedrag als tekst met een punt en ten hoogste twee decimalen, zoals "
                                    "\"8265.62\"."), code="invalid")
        return Decimal(value)


class CostApiForm(CostForm):
    """The API's form: amounts as strings ("81148.00")."""

    amount = MoneyText(label=gettext_lazy("Bedrag in euro"), max_length=16)
    fixed_part = MoneyText(label=gettext_lazy("Vast deel per gemeente in euro"), max_length=16, required=False)
