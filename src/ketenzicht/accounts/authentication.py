"""API authentication: revocable, expiring tokens, or a session that passed the second factor."""
from django.conf import settings
from rest_framework import authentication, exceptions

from .models import DEMO_DEVICE, ApiToken, hash_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header.")
        try:
            plain = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Ongeldig token.") from None
        tokens = ApiToken.objects.usable().select_related("user")
        if not settings.DEMO:  # a demo account's token opens nothing outside demo mode (same query)
            tokens = tokens.exclude(user__totpdevice__name=DEMO_DEVICE)
        token = tokens.filter(key_hash=hash_token(plain)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Ongeldig, verlopen of ingetrokken token.")
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Browser sessions count for the API only once the second factor was given."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if not getattr(request._request.user, "is_verified", lambda: False)():
            return None
        return user, None
