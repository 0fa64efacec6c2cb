from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts.models import Role
from ketenzicht.lib.forms import OwnIds
from ketenzicht.regions.models import Municipality, Organisation

from .models import ProviderConfig


class ProviderForm(OwnIds, forms.ModelForm):
    """The region's provider. The secret is never rendered back into the page: left blank, the stored
    one stays."""

    id_prefix = "provider"
    client_secret = forms.CharField(
        label=_("Client-secret"), required=False, max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))

    class Meta:
        model = ProviderConfig
        fields = ["enabled", "label", "discovery_url", "issuer", "authorization_endpoint", "token_endpoint",
                  "jwks_endpoint", "userinfo_endpoint", "signing_algorithm", "client_id", "client_secret",
                  "email_domains", "group_claim", "mfa_amr", "mfa_acr"]
        help_texts = {
            "discovery_url": _("Het adres van .well-known/openid-configuration. Endpoints die u leeg laat, "
                               "worden hieruit gelezen."),
            "email_domains": _("Wie op de inlogpagina een e-mailadres met een van deze domeinen typt, gaat naar "
                               "deze inlogvoorziening. Meerdere: scheiden met een komma."),
            "group_claim": _("De claim in het ID-token of de userinfo met de groepen van de persoon."),
            "mfa_amr": _("Noemt de amr-claim een van deze waarden (bijvoorbeeld mfa, otp, hwk), dan vraagt "
                         "Ketenzicht geen eigen code meer. Meerdere: scheiden met een komma."),
            "mfa_acr": _("Of: een acr-waarde die meervoudige aanmelding betekent, bijvoorbeeld "
                         "http://eidas.europa.eu/LoA/substantial."),
        }
        widgets = {"email_domains": forms.TextInput()}

        def formfield_callback(field, **kwargs):
            if isinstance(field, models.URLField):
                kwargs["assume_scheme"] = "https"  # a provider's addresses are https; Django 6's default too
            return field.formfield(**kwargs)

    def __init__(self, *args, stored_secret=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_endpoint"):
            self.fields[name].required = False
        self.fields["client_secret"].help_text = (
            _("Er is een geheim opgeslagen (versleuteld). Leeg laten houdt het; het wordt nooit getoond.")
            if stored_secret else _("Het geheim dat de inlogvoorziening voor Ketenzicht gaf."))


class MappingForm(OwnIds, forms.Form):
    id_prefix = "mapping"
    claim_value = forms.CharField(label=_("Groep (waarde in de claim)"), max_length=200)
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    organisation = forms.ModelChoiceField(label=_("Organisatie"), queryset=Organisation.objects.none())
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Municipality.objects.none(), required=False,
                                          help_text=_("Verplicht voor de rol aandachtsfunctionaris."))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(region=region, active=True).order_by("name")
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region).order_by("name")


class DomainForm(forms.Form):
    email = forms.EmailField(label=_("Uw e-mailadres bij uw organisatie"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class CodeForm(forms.Form):
    otp_token = forms.RegexField(
        label=_("Code uit uw authenticator-app"), regex=r"^\d{6}$", max_length=6,
        error_messages={"invalid": _("De code bestaat uit 6 cijfers.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))
