"""Forms for the table's work. The same forms validate the pages and the API."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import Blocks, OwnIds
from ketenzicht.regions.models import Organisation

from .models import Meeting


class CaseTransitionForm(forms.Form):
    """One form for every step of a case; which fields a step needs, the route says."""

    transition = forms.CharField(max_length=50)
    reason = forms.CharField(label=_("Reden"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    meeting = forms.ModelChoiceField(label=_("Overleg"), queryset=Meeting.objects.none(), required=False)
    invited = forms.ModelMultipleChoiceField(label=_("Uitgenodigde partners voor deze casus"),
                                             queryset=Organisation.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text=_("De gemeente van de casus is er altijd bij."))
    decision = forms.CharField(label=_("Besluit"), max_length=4000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["meeting"].queryset = case.table.meetings.all()
            self.fields["invited"].queryset = Organisation.objects.filter(seats__table=case.table).order_by("name")

    def fields_for(self, transitions):
        needed = {"reason"} | {f for t in transitions for f in t.required}
        if "meeting" in needed:
            needed.add("invited")
        return [self[name] for name in self.fields if name in needed]


class TrackForm(forms.Form):
    """A track in a decision, with (optionally) its first task."""

    kind = forms.ChoiceField(label=_("Spoor"), choices=())
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=Organisation.objects.none())
    review_on = forms.DateField(label=_("Evaluatiedatum"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    task = forms.CharField(label=_("Eerste taak"), max_length=1000, required=False)
    task_assignee = forms.ModelChoiceField(label=_("Uitvoerder van de taak"), queryset=Organisation.objects.none(),
                                           required=False)
    task_due_on = forms.DateField(label=_("Taak gereed op"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["kind"].choices = [("", _("— kies —"))] + list(case.route.route.tracks.items())
            self.fields["owner"].queryset = self.fields["task_assignee"].queryset = case.table.partners()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("task") and not (cleaned.get("task_assignee") and cleaned.get("task_due_on")):
            self.add_error("task", _("Een taak heeft een uitvoerder en een datum."))
        return cleaned

    def as_track(self):
        data = self.cleaned_data
        tasks = []
        if data.get("task"):
            tasks.append({"description": data["task"], "assignee": data["task_assignee"],
                          "due_on": data["task_due_on"]})
        return {"kind": data["kind"], "owner": data["owner"], "review_on": data.get("review_on"), "tasks": tasks}


class BaseTrackFormSet(Blocks, forms.BaseFormSet):
    block_label = _("Spoor %(n)s")

    def tracks(self):
        return [f.as_track() for f in self.forms if f.has_changed() and f.is_valid()]


TrackFormSet = forms.formset_factory(TrackForm, formset=BaseTrackFormSet, extra=3, max_num=6)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Datum en tijd"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)

    def clean_starts_at(self):
        """A date a table can meet on: a typing error such as the year 12 or 9999 is refused (such
        years cannot even be written with the region's time zone)."""
        starts_at = self.cleaned_data["starts_at"]
        if not 2000 <= starts_at.year <= timezone.localdate().year + 10:
            raise forms.ValidationError(_("Kies een datum tussen het jaar 2000 en tien jaar na nu."))
        return starts_at


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Voortgang"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseTrackForm(forms.Form):
    outcome = forms.CharField(label=_("Uitkomst"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    description = forms.CharField(label=_("Taak"), max_length=1000)
    assignee = forms.ModelChoiceField(label=_("Uitvoerder"), queryset=Organisation.objects.none())
    due_on = forms.DateField(label=_("Gereed op"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["assignee"].queryset = case.table.partners()


class ConsultationForm(OwnIds, forms.Form):
    id_prefix = "consult"
    question = forms.CharField(label=_("Vraag aan de partners"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    invited = forms.ModelMultipleChoiceField(label=_("Uit te nodigen partners"), queryset=Organisation.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["invited"].queryset = Organisation.objects.filter(seats__table=case.table).order_by("name")


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Uw antwoord"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
