"""Why a sign-in through a region's identity provider is refused, in the user's words. Each reason
is also the `reason` of the access-log entry that records the refusal (services.refuse)."""
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "state": _("Deze aanmelding is niet hier begonnen of is al gebruikt (de state klopt niet). U bent niet "
               "ingelogd; begin opnieuw bij ‘Inloggen via uw organisatie’."),
    "provider": _("De inlogvoorziening van uw organisatie gaf geen geldig antwoord. U bent niet ingelogd; probeer "
                  "het opnieuw of meld het aan uw beheerder."),
    "denied": _("U heeft de aanmelding bij uw organisatie afgebroken of uw organisatie weigerde die. U bent niet "
                "ingelogd."),
    "signature": _("Het ID-token is niet ondertekend met een sleutel van de inlogvoorziening van uw organisatie. "
                   "U bent niet ingelogd."),
    "audience": _("Het ID-token is niet voor Ketenzicht bestemd (de audience klopt niet). U bent niet ingelogd."),
    "issuer": _("Het ID-token komt niet van de ingestelde inlogvoorziening (de issuer klopt niet). U bent niet "
                "ingelogd."),
    "nonce": _("Het ID-token hoort niet bij deze aanmelding (de nonce klopt niet). U bent niet ingelogd; begin "
               "opnieuw."),
    "expired": _("Het ID-token is verlopen. U bent niet ingelogd; begin opnieuw."),
    "token": _("Het ID-token van uw organisatie is ongeldig. U bent niet ingelogd."),
    "no_role": _("Uw organisatie geeft u geen groep die in Ketenzicht een rol geeft. U bent niet ingelogd; vraag "
                 "de beheerder van uw regio om uw groep aan een rol te koppelen."),
    "inactive": _("Uw account in Ketenzicht is gedeactiveerd. U bent niet ingelogd."),
    "no_device": _("Uw organisatie heeft niet doorgegeven dat u met een tweede factor bent ingelogd, en u heeft in "
                   "Ketenzicht nog geen authenticator-app gekoppeld. Vraag de beheerder van uw regio om een "
                   "uitnodiging om die te koppelen; daarna logt u hier in met de code uit de app."),
}


class LoginRefused(Exception):
    """A refused sign-in. Deliberately not a SuspiciousOperation: mozilla-django-oidc turns those
    into a silent None in places, and every refusal here must reach the user and the log."""

    def __init__(self, reason, **detail):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    @property
    def message(self):
        return MESSAGES[self.reason]
