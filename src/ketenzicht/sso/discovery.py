"""Reading a provider's discovery document (OpenID Connect Discovery 1.0), so that an administrator
types one address instead of four endpoints."""
import requests
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid

FIELDS = {"issuer": "issuer", "authorization_endpoint": "authorization_endpoint",
          "token_endpoint": "token_endpoint", "jwks_endpoint": "jwks_uri", "userinfo_endpoint": "userinfo_endpoint"}  # nosec B105
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_endpoint")


def discover(url):
    """The endpoints the document at `url` names, as ProviderConfig fields; Invalid (on the
    discovery field) when it cannot be read or lacks one the sign-in needs."""
    try:
        response = requests.get(url, timeout=10)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Invalid(_("Het discovery-adres gaf geen OpenID-configuratie terug (%(error)s). Controleer het adres "
                        "of vul de endpoints zelf in.") % {"error": type(error).__name__}, "discovery_url") from error
    found = {field: str(document.get(key) or "") for field, key in FIELDS.items()}
    missing = [FIELDS[field] for field in REQUIRED if not found[field]]
    if missing:
        raise Invalid(_("De OpenID-configuratie op het discovery-adres mist: %(missing)s.")
                      % {"missing": ", ".join(missing)}, "discovery_url")
    return found
