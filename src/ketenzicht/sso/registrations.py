"""What sso fills in of the registries of the apps below it (found by accounts' AppConfig)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import setup

setup.register("sso", "sso:settings", _("Inloggen via de eigen organisatie"),
               _("De inlogvoorziening (OpenID Connect) van uw organisaties, en welke groep welke rol geeft."),
               order=30)
