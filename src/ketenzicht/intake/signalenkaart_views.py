"""The region's signalenkaart pages (/inrichting/<region>/signalenkaart): thin — find the region
the user administers (404 for any other), bind a form, call one service in signalenkaart.py."""
from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.http import int_or_none
from ketenzicht.regions.models import Region

from . import access, signalenkaart
from .models import ExploitationForm


class NamesForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Naam (Nederlands)"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("Naam (Engels)"), max_length=200)


class AddForm(NamesForm):
    forms = forms.ModelMultipleChoiceField(
        ExploitationForm.objects.all(), label=gettext_lazy("Vormen van uitbuiting"), required=False,
        widget=forms.CheckboxSelectMultiple, to_field_name="code",
        help_text=gettext_lazy("Kies er geen: dan is het een algemeen signaal, bij elke vorm."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forms"].label_from_instance = lambda form: form.label


class RetireForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Ja, trek dit signaal in, ook al dragen signalen het"),
                                 required=False)


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.sets_up_signalenkaart(request.user, region):
        raise Http404
    return region


def _groups(region):
    """The entries under the one form they belong to, the general ones first."""
    groups = {"": (_("Algemene signalen"), [])}
    for form in ExploitationForm.objects.all():
        groups[form.code] = (form.label, [])
    for entry in signalenkaart.entries(region, with_use=True):
        forms_ = entry.forms
        groups[forms_[0].code if len(forms_) == 1 else ""][1].append(entry)
    return [(code, label, items) for code, (label, items) in groups.items() if items]


@verified_login_required
def overview(request, region):
    region = _region(request, region)
    form = AddForm(request.POST or None, prefix="add")
    if request.method == "POST":
        if attempt(form, lambda data: signalenkaart.add(request.user, region, data["name"], data["name_en"],
                                                         data["forms"])):
            messages.success(request, _("Signaal %(name)s toegevoegd.") % {"name": form.cleaned_data["name"]})
            return redirect("intake:signalenkaart", region.slug)
    return render(request, "intake/signalenkaart.html", {"region": region, "groups": _groups(region), "form": form},
                  status=400 if request.method == "POST" else 200)


@verified_login_required
def indicator(request, region, pk):
    region = _region(request, region)
    entry = next((e for e in signalenkaart.entries(region, with_use=True) if e.pk == int_or_none(pk)), None)
    if entry is None:
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    names = NamesForm(request.POST if action == "rename" else None, prefix="names",
                      initial={"name": entry.name, "name_en": entry.name_en or entry.label})
    retire = RetireForm(request.POST if action == "retire" else None, prefix="retire")
    reinstate = forms.Form(request.POST if action == "reinstate" else None)
    acts = {
        "rename": (names, lambda data: signalenkaart.rename(request.user, region, entry.indicator, data["name"],
                                                           data["name_en"]), _("De naam is gewijzigd.")),
        "retire": (retire, lambda data: signalenkaart.retire(request.user, region, entry.indicator,
                                                             confirmed=data["confirm"]),
                   _("Het signaal is ingetrokken: nieuwe signalen bieden het niet meer aan.")),
        "reinstate": (reinstate, lambda data: signalenkaart.reinstate(request.user, region, entry.indicator),
                      _("Het signaal wordt weer aangeboden.")),
    }
    if action in acts:
        form, act, done = acts[action]
        if attempt(form, act):
            messages.success(request, done)
            return redirect("intake:signalenkaart", region.slug)
    return render(request, "intake/signalenkaart_indicator.html",
                  {"region": region, "entry": entry, "names": names, "retire": retire, "reinstate": reinstate},
                  status=400 if action in acts else 200)
