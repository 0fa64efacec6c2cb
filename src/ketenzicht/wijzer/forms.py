"""The set-up forms of the wijzer. They only carry what was typed (and keep it on an error); the
services check it (markup, half translations, phone and e-mail), so the API-less rules cannot
drift from the pages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.forms import LimitedText

from . import routes, texts

AREA = forms.Textarea(attrs={"rows": 3})


def _text(label, **kwargs):
    return LimitedText(label=label, required=False, widget=AREA, max_length=100_000, **kwargs)


def _line(label, **kwargs):
    return LimitedText(label=label, required=False, max_length=100_000, **kwargs)


class TextsForm(forms.Form):
    """One Dutch and one English field per step and outcome; empty: the shipped text."""

    def __init__(self, *args, stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = stored or {}
        for key in texts.KEYS:
            field = key.replace(":", "_")
            found = stored.get(key)
            self.fields[field] = _text(_("%(label)s (Nederlands)") % {"label": texts.LABELS[key]},
                                       help_text=_("Leeg: de standaardtekst: %(text)s") % {"text": texts.DEFAULTS[key]},
                                       initial=found.text if found else "")
            self.fields[f"{field}_en"] = _text(_("%(label)s (Engels)") % {"label": texts.LABELS[key]},
                                               initial=found.text_en if found else "")

    def values(self):
        data = self.cleaned_data
        return {key: (data.get(key.replace(":", "_"), ""), data.get(f"{key.replace(':', '_')}_en", ""))
                for key in texts.KEYS}

    def pairs(self):
        """(label, Dutch field, English field) for the template."""
        return [(texts.LABELS[key], self[key.replace(":", "_")], self[f"{key.replace(':', '_')}_en"])
                for key in texts.KEYS]


CONTACT_FIELDS = (("name", _("Naam")), ("name_en", _("Naam in het Engels (leeg: dezelfde)")),
                  ("phone", _("Telefoon")), ("email", _("E-mail")), ("website", _("Website")))


class ContactsForm(forms.Form):
    def __init__(self, *args, stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = stored or {}
        for kind in routes.CONTACT_KINDS:
            found = stored.get(kind)
            for name, label in CONTACT_FIELDS:
                self.fields[f"{kind}_{name}"] = _line(
                    f"{texts.CONTACT_LABELS[kind]}: {label}", initial=getattr(found, name, "") if found else "")

    def values(self):
        data = self.cleaned_data
        return {kind: {name: data.get(f"{kind}_{name}", "") for name, _label in CONTACT_FIELDS}
                for kind in routes.CONTACT_KINDS}

    def groups(self):
        """(contact label, shipped contact, [bound fields]) for the template."""
        return [(texts.CONTACT_LABELS[kind], texts.CONTACT_DEFAULTS[kind],
                 [self[f"{kind}_{name}"] for name, _label in CONTACT_FIELDS]) for kind in routes.CONTACT_KINDS]


class LiaisonForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)
    name = _line(_("Naam"))
    phone = _line(_("Telefoon"), help_text=_("Het werknummer dat het publiek mag bellen."))
    email = _line(_("E-mail"), help_text=_("Het werkadres dat het publiek mag mailen."))

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is None:
            del self.fields["municipality"]
        else:
            self.fields["municipality"].choices = [("", _("Kies een gemeente"))] + [
                (m.cbs_code, m.name) for m in municipalities]
            self.fields["municipality"].error_messages["invalid_choice"] = _(
                "Kies een gemeente van de regio; %(value)s is er geen.")


class InternalRouteForm(forms.Form):
    text = _text(_("Interne meldroute (Nederlands)"), help_text=_(
        "Bij wie meldt een medewerker een vermoeden binnen de gemeente, en hoe de meldcode geldt."))
    text_en = _text(_("Interne meldroute (Engels)"))
