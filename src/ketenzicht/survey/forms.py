"""The survey's forms: a round as the region prepares it (page and API), and the questionnaire as a
staff member fills it in. They parse and name the field; services.py holds the rules."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.lib.forms import LimitedText, plain

from .models import MAX_INVITED


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RoundForm(forms.Form):
    title = LimitedText(label=gettext_lazy("Titel"), max_length=100, validators=[plain],
                        help_text=gettext_lazy("Bijvoorbeeld: Medewerkerspeiling 2026"))
    opens_on = forms.DateField(label=gettext_lazy("Open vanaf"), widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Open tot en met"), widget=DateInput)
    invited = forms.IntegerField(label=gettext_lazy("Aantal uitgenodigde medewerkers"), min_value=0,
                                 max_value=MAX_INVITED, initial=0, required=False,
                                 help_text=gettext_lazy("Voor het responspercentage; 0 als u het niet weet."))

    def clean_invited(self):
        return self.cleaned_data["invited"] or 0


class AnswerForm(forms.Form):
    """One field per question of the round, radio buttons or check boxes: an unknown code (a forged
    request, a script) is refused naming the question."""

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        for question in round.questions:
            messages = {
                "required": _("Beantwoord de vraag '%(question)s'.") % {"question": question.label},
                "invalid_choice": _("Kies bij '%(question)s' een van de gegeven antwoorden.")
                % {"question": question.label},
                "invalid_list": _("Kies bij '%(question)s' een van de gegeven antwoorden.")
                % {"question": question.label},
            }
            kind, widget = ((forms.MultipleChoiceField, forms.CheckboxSelectMultiple) if question.multiple
                            else (forms.ChoiceField, forms.RadioSelect))
            self.fields[question.code] = kind(label=question.label, choices=question.choices(round.region),
                                              required=question.required, widget=widget,
                                              help_text=question.help_text, error_messages=messages)
