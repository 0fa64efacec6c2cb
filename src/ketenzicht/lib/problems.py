"""Errors as application/problem+json (RFC 9457), with the invalid fields named.

`exception_handler` is the API's one translation of errors (DRF's EXCEPTION_HANDLER): a service's
`DomainError`, a form's invalid input, a missing or stale If-Match, an object the user may not see.
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler
from rest_framework.views import set_rollback

from .errors import DomainError, Stale

PROBLEM = "application/problem+json"

TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    412: "Gewijzigd door een ander",
    415: "Mediatype niet ondersteund",
    428: "If-Match vereist",
    429: "Te veel verzoeken",
    500: "Serverfout",
    503: "Tijdelijk niet beschikbaar",
}


class PreconditionRequired(exceptions.APIException):
    """428 (RFC 6585): a change must name the version it saw in If-Match."""

    status_code = 428
    default_detail = gettext_lazy("Stuur de ETag die u bij het ophalen kreeg mee in If-Match.")


def require_if_match(request, etag):
    """DESIGN section 6: every PATCH and every step names the ETag it saw. Missing (or "*", which
    would overwrite whatever is there now) answers 428; another version than the current one 412,
    before the body is looked at (RFC 9110, 13.2.2)."""
    if_match = request.headers.get("If-Match", "").strip()
    if if_match in ("", "*"):
        raise PreconditionRequired
    if if_match != etag:
        raise Stale(_("Dit is intussen gewijzigd. Haal het opnieuw op."))


def problem(status_code, detail, invalid_params=None, headers=None):
    body = {"type": "about:blank", "title": TITLES.get(status_code, "Fout"), "status": status_code, "detail": detail}
    if invalid_params:
        body["invalid_params"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM, headers=headers)


def _params(errors):
    params = []
    for name, messages in errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            params.append({"name": "__all__" if name in ("__all__", "non_field_errors") else name,
                           "reason": str(message)})
    return params


def invalid(errors: dict):
    """A 400 from a form's or serializer's errors: every field with its Dutch message."""
    return problem(400, "Een of meer velden zijn niet goed ingevuld.", _params(errors))


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        set_rollback()
        if exc.status == 400:
            return invalid(exc.errors)
        retry = getattr(exc, "retry_after", None)
        return problem(exc.status, exc.message, _params(exc.errors) if exc.field else None,
                       headers={"Retry-After": str(retry)} if retry else None)
    if isinstance(exc, (Http404, PermissionDenied)):
        exc = exceptions.NotFound("Dit object bestaat niet of u heeft er geen toegang toe.")
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
        return invalid(errors)
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else str(getattr(exc, "detail", exc))
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    return problem(response.status_code, detail, headers=headers)
