"""mozilla-django-oidc's backend, with the provider of one region instead of the settings.

The library reads every provider setting through `get_settings`; here that answers from the
region's ProviderConfig row (and from Django's settings for everything else), so the library's code
path — token request, JWKS lookup, signature check, userinfo — runs unchanged for any number of
providers. What it leaves open is closed here: it does not check the audience or the issuer of the
ID token (it decodes with `verify_aud` off), so `_verify_jws` checks signature, `aud`, `iss` and
`exp` in one `jwt.decode`; the nonce is compared in `verify_token` so its refusal has its own reason.
Who the user is, and which roles they get, is decided by `services.accept`, not by e-mail address.
"""
import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from . import services
from .refusals import LoginRefused

LEEWAY = 60  # seconds of clock difference allowed between the provider and us
SCOPES = "openid email profile"
TIMEOUT = 10  # seconds for every call to the provider (tokens, keys, user info)


def provider_settings(provider):
    """The library's settings for one region's provider."""
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": provider.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": provider.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": provider.userinfo_endpoint or None,
        "OIDC_OP_JWKS_ENDPOINT": provider.jwks_endpoint,
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": provider.signing_algorithm,
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": SCOPES,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
        "OIDC_USE_PKCE": True,
        "OIDC_VERIFY_KID": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_STORE_ACCESS_TOKEN": False,  # nosec B105: a flag (keep no token), not a password
        "OIDC_STORE_ID_TOKEN": False,  # nosec B105: a flag (keep no token), not a password
        "OIDC_TIMEOUT": TIMEOUT,
    }


class RegionBackend(OIDCAuthenticationBackend):
    """Signs in through `provider` (a ProviderConfig). Called by the callback view directly, not
    through AUTHENTICATION_BACKENDS: a password login never reaches it."""

    def __init__(self, provider):
        self.provider = provider
        self._own = provider_settings(provider)
        # the nonce is checked by verify_token below, with its own reason, not by the library
        self._own["OIDC_USE_NONCE"] = False
        super().__init__()

    def get_settings(self, attr, *args):
        if attr in self._own:
            return self._own[attr]
        return import_from_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            raise LoginRefused("provider", error=type(error).__name__) from error

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: the one with the token's `kid`, or, where the token names
        none (some providers publish a single key without ids), the only key of the provider. The
        library's version reads `OIDC_VERIFY_KID` from the global settings and needs a `kid` on both."""
        response = requests.get(self.provider.jwks_endpoint, timeout=TIMEOUT)
        response.raise_for_status()
        keys = [k for k in response.json().get("keys", []) if k.get("alg", self.provider.signing_algorithm)
                == self.provider.signing_algorithm and k.get("use", "sig") == "sig"]
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is not None:
            keys = [k for k in keys if k.get("kid") == kid]
        if len(keys) != 1:
            raise LoginRefused("signature", error="key")
        return jwt.PyJWK(keys[0], algorithm=self.provider.signing_algorithm)

    def _verify_jws(self, payload, key):
        algorithm = self.provider.signing_algorithm
        try:
            if jwt.get_unverified_header(payload).get("alg") != algorithm:
                raise LoginRefused("signature", error="algorithm")
            return jwt.decode(payload, key, algorithms=[algorithm], audience=self.provider.client_id,
                              issuer=self.provider.issuer, leeway=LEEWAY,
                              options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.InvalidSignatureError as error:
            raise LoginRefused("signature") from error
        except jwt.ExpiredSignatureError as error:
            raise LoginRefused("expired") from error
        except jwt.InvalidAudienceError as error:
            raise LoginRefused("audience") from error
        except jwt.InvalidIssuerError as error:
            raise LoginRefused("issuer") from error
        except jwt.PyJWTError as error:
            raise LoginRefused("token", error=type(error).__name__) from error

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token)
        except SuspiciousOperation as error:
            raise LoginRefused("token", error=str(error)[:100]) from error
        except jwt.PyJWTError as error:  # not a JWT at all
            raise LoginRefused("token", error=type(error).__name__) from error
        if "nonce" in kwargs and (not kwargs["nonce"] or payload.get("nonce") != kwargs["nonce"]):
            raise LoginRefused("nonce")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        """The ID token's claims decide (amr, acr, sub); the userinfo endpoint, where the provider has
        one, adds what the token leaves out (often the groups). A userinfo answer about another
        subject is refused, as OpenID Connect Core 5.3.2 requires."""
        claims = dict(payload)
        if self.provider.userinfo_endpoint:
            info = self.get_userinfo(access_token, id_token, payload)
            if info.get("sub") != payload.get("sub"):
                raise LoginRefused("token", error="userinfo_sub")
            claims = {**info, **payload}
        return services.accept(self.provider, claims)
