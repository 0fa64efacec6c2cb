"""The set-up pages' forms: they check what a person can get wrong in one field (empty, too long,
markup, a number out of range); the services check what needs the database (a name taken, a
municipality in another region)."""
import json
import tomllib
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.care.models import PlaceKind
from ketenzicht.lib.forms import PlainText
from ketenzicht.privacy import retention
from ketenzicht.regions import cbs
from ketenzicht.regions.models import Organisation, Region
from ketenzicht.route import engine

MAX_PLACES = 999
MAX_INHABITANTS = 2_000_000  # above Amsterdam's; a typo with an extra digit is caught



class RegionForm(forms.Form):
    name = PlainText(label=gettext_lazy("Naam"), max_length=Region._meta.get_field("name").max_length)
    public_contact = PlainText(label=gettext_lazy("Contact voor het publiek"), required=False,
                               max_length=Region._meta.get_field("public_contact").max_length,
                               help_text=gettext_lazy("Telefoonnummer of adres dat de publieke pagina toont."))
    suppression_threshold = forms.IntegerField(
        label=gettext_lazy("Drempel kleine aantallen"), initial=5, min_value=2, max_value=50,
        help_text=gettext_lazy("Gepubliceerde cijfers tonen aantallen onder deze drempel als '<drempel'; van 2 "
                               "tot en met 50."))


class NewRegionForm(RegionForm):
    slug = forms.SlugField(label=gettext_lazy("Webadres (kort, kleine letters)"), max_length=50,
                           help_text=gettext_lazy("Bijvoorbeeld twente; komt in de adressen van de regio en "
                                                  "verandert daarna niet."),
                           error_messages={"invalid": gettext_lazy("Gebruik alleen kleine letters, cijfers en "
                                                                   "streepjes, zoals twente.")})
    field_order = ["name", "slug", "public_contact", "suppression_threshold"]

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()


class InhabitantsForm(forms.Form):
    inhabitants = forms.IntegerField(label=gettext_lazy("Inwoners"), required=False, min_value=0,
                                     max_value=MAX_INHABITANTS)
    inhabitants_on = forms.DateField(label=gettext_lazy("Inwoners per (peildatum)"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}),
                                     help_text=gettext_lazy("Vul het aantal en de peildatum samen in."))

    def clean(self):
        data = super().clean()
        if data.get("inhabitants") is not None and not data.get("inhabitants_on") and "inhabitants_on" not in self.errors:
            self.add_error("inhabitants_on", _("Vul ook de peildatum van het aantal inwoners in."))
        if data.get("inhabitants_on") and data.get("inhabitants") is None and "inhabitants" not in self.errors:
            self.add_error("inhabitants", _("Vul ook het aantal inwoners op de peildatum in."))
        return data


class MunicipalityForm(InhabitantsForm):
    cbs_code = forms.ChoiceField(label=gettext_lazy("Gemeente (CBS-lijst 2025)"),
                                 error_messages={"invalid_choice": gettext_lazy(
                                     "%(value)s staat niet in de CBS-lijst van gemeenten (2025).")})
    field_order = ["cbs_code", "inhabitants", "inhabitants_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cbs_code"].choices = [("", _("Kies een gemeente"))] + [
            (code, f"{name} ({code})") for code, name in cbs.municipalities().items()]


class OrganisationForm(forms.ModelForm):
    """Name, sector and, for a municipal organisation, its municipality (one of the region's)."""

    name = PlainText(label=gettext_lazy("Naam"), max_length=Organisation._meta.get_field("name").max_length)

    class Meta:
        model = Organisation
        fields = ["name", "sector", "municipality"]
        error_messages = {"municipality": {"invalid_choice": gettext_lazy("Kies een gemeente van deze regio.")},
                          "sector": {"invalid_choice": gettext_lazy("Kies een sector uit de lijst.")}}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.all()
        self.fields["municipality"].label = _("Gemeente (voor een gemeentelijke organisatie)")

    def validate_unique(self):
        """The service checks the name within the region (the form does not know the region field)."""


class NewShelterPlacesForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Aanbieder (partnerorganisatie)"), queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": gettext_lazy("Kies een actieve organisatie van deze regio.")})
    kind = forms.ChoiceField(label=gettext_lazy("Soort plek"), choices=[("", "—")] + PlaceKind.choices,
                             error_messages={"invalid_choice": gettext_lazy("Kies een soort plek uit de lijst.")})
    places = forms.IntegerField(label=gettext_lazy("Aantal plekken"), min_value=0, max_value=MAX_PLACES)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = region.organisations.filter(active=True)


class CapacityForm(forms.Form):
    places = forms.IntegerField(label=gettext_lazy("Aantal plekken"), min_value=0, max_value=MAX_PLACES)


class FeedbackTextsForm(forms.Form):
    """One Dutch and one English text per feedback the route sends."""

    MAX_LENGTH = 500

    def __init__(self, *args, texts, labels, **kwargs):
        super().__init__(*args, **kwargs)
        for code, text in texts.items():
            label = labels.get(code, code)
            self.fields[f"{code}__nl"] = PlainText(label=_("%(label)s (Nederlands)") % {"label": label},
                                                   max_length=self.MAX_LENGTH, initial=text.get("nl", ""),
                                                   widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{code}__en"] = PlainText(label=_("%(label)s (Engels)") % {"label": label},
                                                   max_length=self.MAX_LENGTH, initial=text.get("en", ""),
                                                   widget=forms.Textarea(attrs={"rows": 2}))
        self.codes = list(texts)

    def texts(self):
        return {code: {"nl": self.cleaned_data[f"{code}__nl"], "en": self.cleaned_data[f"{code}__en"]}
                for code in self.codes}


class RetentionForm(forms.Form):
    """Per kind of record, the term in months and what it rests on. The bounds are the kind's own;
    the form states them, the service enforces them."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = []
        for kind, months, own in rules:
            self.fields[f"{kind.code}__months"] = forms.IntegerField(
                label=_("%(kind)s: maanden") % {"kind": kind.label}, initial=months, min_value=0, max_value=1200,
                help_text=_("Ten minste %(min)s, ten hoogste %(max)s maanden.") % {
                    "min": kind.minimum_months, "max": kind.maximum_months})
            self.fields[f"{kind.code}__basis"] = PlainText(
                label=_("%(kind)s: onderbouwing") % {"kind": kind.label}, required=False, max_length=300,
                initial=own.basis if own else "",
                help_text=_("Bijvoorbeeld het artikel van het convenant dat de termijn bepaalt."))
            self.codes.append(kind.code)
        self.kinds = {kind.code: kind for kind, _months, _own in rules}

    def clean(self):
        data = super().clean()
        for code, kind in self.kinds.items():
            months = data.get(f"{code}__months")
            problem = retention.out_of_bounds(kind, months) if months is not None else None
            if problem:
                self.add_error(f"{code}__months", problem)
        return data

    def terms(self):
        return {code: (self.cleaned_data[f"{code}__months"], self.cleaned_data[f"{code}__basis"]) for code in self.codes}


MAX_ROUTE_BYTES = 200_000  # the shipped routes are under 10 kB; a larger file is not a route


@cache
def shipped_routes():
    """The shipped routes, file name -> the route's own name (what an administrator recognises)."""
    return {name: engine.load_file(name)["name"] for name in engine.SHIPPED}


class RouteVersionForm(forms.Form):
    """A new version of the region's route: one of the shipped routes, or the region's own TOML.
    The form reads the file and asks the engine whether it is a route, so the error lands on the
    field; the service checks again when it stores the version."""

    shipped = forms.ChoiceField(label=gettext_lazy("Meegeleverde route"), required=False,
                                error_messages={"invalid_choice": gettext_lazy("Kies een route uit de lijst.")})
    upload = forms.FileField(label=gettext_lazy("Eigen route (TOML-bestand)"), required=False,
                             help_text=gettext_lazy("In plaats van een meegeleverde route: een route in het formaat "
                                                    "van de meegeleverde, met stappen, fasen en termijnen."),
                             widget=forms.ClearableFileInput(attrs={"accept": ".toml"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipped"].choices = [("", _("Kies een route"))] + list(shipped_routes().items())

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > MAX_ROUTE_BYTES:
            raise ValidationError(_("Het bestand is groter dan 200 kB; een route is veel kleiner."), code="size")
        try:
            definition = tomllib.loads(upload.read().decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ValidationError(_("Het bestand is geen tekst in UTF-8; sla het op als UTF-8."), code="encoding") \
                from error
        except tomllib.TOMLDecodeError as error:
            raise ValidationError(_("Het bestand is geen geldige TOML: %(error)s"), code="toml",
                                  params={"error": error}) from error
        try:
            json.dumps(definition)
        except TypeError as error:  # a TOML date or time: a route has none, and it could not be stored
            raise ValidationError(_("Het bestand bevat een datum of tijd; een route kent die niet."),
                                  code="toml") from error
        try:
            engine.parse(definition)
        except engine.RouteError as error:
            raise ValidationError(_("De route in het bestand klopt niet: %(error)s"), code="route",
                                  params={"error": error}) from error
        return definition

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("shipped") and data.get("upload"):
            self.add_error("upload", _("Kies een meegeleverde route of een eigen bestand, niet allebei."))
        elif data.get("upload"):
            data["definition"] = data["upload"]
        elif data.get("shipped"):
            data["definition"] = engine.load_file(data["shipped"])
        else:
            self.add_error("shipped", _("Kies een meegeleverde route of een eigen route (TOML-bestand)."))
        return data
