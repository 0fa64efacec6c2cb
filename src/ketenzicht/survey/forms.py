"""The survey's forms: a round as the region prepares it (page and API), and the questionnaire as a
staff member fills it in. They parse and name the field; services.py holds the rules."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.lib.forms import PlainText, named_messages

from . import services
from .models import MAX_INVITED


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class RoundForm(forms.Form):
    title = PlainText(label=gettext_lazy("Titel"), max_length=100,
                      help_text=gettext_lazy("Bijvoorbeeld: Medewerkerspeiling 2026"))
    title_en = PlainText(label=gettext_lazy("Titel in het Engels"), max_length=100, required=False,
                         help_text=gettext_lazy("Bijvoorbeeld: Staff survey 2026"))
    opens_on = forms.DateField(label=gettext_lazy("Open vanaf"), widget=DateInput)
    closes_on = forms.DateField(label=gettext_lazy("Open tot en met"), widget=DateInput)
    invited = forms.IntegerField(label=gettext_lazy("Aantal uitgenodigde medewerkers"), min_value=0,
                                 max_value=MAX_INVITED, initial=0, required=False,
                                 help_text=gettext_lazy("Voor het responspercentage; 0 als u het niet weet."))

    def __init__(self, *args, region=None, exclude=None, **kwargs):
        """`region` (and the round changed, `exclude`): check the title and period against its other
        rounds here too, so the page shows every error at once."""
        super().__init__(*args, **kwargs)
        self.region, self.exclude = region, exclude
        named_messages(self)

    def clean_invited(self):
        return self.cleaned_data["invited"] or 0

    def clean(self):
        """The period's own checks with the fields' (all errors on the first submit); the service
        checks them again, with what needs the region's other rounds."""
        data = super().clean()
        problems = services.period_problems(data.get("opens_on"), data.get("closes_on"))
        if self.region is not None:
            problems += services.region_problems(self.region, data.get("title"), data.get("opens_on"),
                                                 data.get("closes_on"), self.exclude)
        for field, message in problems:
            if field not in self.errors:
                self.add_error(field, message)
        return data


class AnswerForm(forms.Form):
    """One field per question of the round, radio buttons or check boxes: an unknown code (a forged
    request, a script) is refused naming the question."""

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        for question in round.questions:
            # the error sits under its question and the summary names the question: the message
            # itself does not repeat it
            messages = {
                "required": _("Beantwoord deze vraag."),
                "invalid_choice": _("Kies een van de gegeven antwoorden."),
                "invalid_list": _("Kies een van de gegeven antwoorden."),
            }
            kind, widget = ((forms.MultipleChoiceField, forms.CheckboxSelectMultiple) if question.multiple
                            else (forms.ChoiceField, forms.RadioSelect))
            self.fields[question.code] = kind(label=question.label, choices=question.choices(round.region),
                                              required=question.required, widget=widget,
                                              help_text=question.help_text, error_messages=messages)
