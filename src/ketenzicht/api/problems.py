"""Errors as application/problem+json (RFC 9457), with the invalid fields named."""
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

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
}


def problem(status_code, detail, invalid_params=None, headers=None):
    body = {"type": "about:blank", "title": TITLES.get(status_code, "Fout"), "status": status_code, "detail": detail}
    if invalid_params:
        body["invalid_params"] = invalid_params
    return Response(body, status=status_code, content_type=PROBLEM, headers=headers)


def invalid(errors: dict):
    """A 400 from a form's or serializer's errors: every field with its Dutch message."""
    params = []
    for name, messages in errors.items():
        for message in messages if isinstance(messages, list) else [messages]:
            params.append({"name": "__all__" if name in ("__all__", "non_field_errors") else name,
                           "reason": str(message)})
    return problem(400, "Een of meer velden zijn niet goed ingevuld.", params)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Dit object bestaat niet of u heeft er geen toegang toe.")
    elif isinstance(exc, PermissionDenied):
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


def _problem_json(status_code, detail):
    return JsonResponse({"type": "about:blank", "title": TITLES[status_code], "status": status_code, "detail": detail},
                        status=status_code, content_type=PROBLEM)


def _is_api(request):
    return request.path.startswith("/api/")


@csrf_exempt  # whatever the method: a POST to an unknown path gets the 404, not Django's CSRF page
def not_found(request):
    """Every unknown URL under /api answers problem+json (the root URLconf's catch-all route).

    A route rather than handler404, so that it holds with DEBUG on as well (the fuzzing in CI).
    """
    return _problem_json(404, "Onbekend pad.")


def bad_request(request, exception):
    """handler400: a request Django itself refuses as suspicious (e.g. too many parameters)."""
    if _is_api(request):
        return _problem_json(400, _("Dit verzoek kan niet worden verwerkt."))
    return defaults.bad_request(request, exception)


def server_error(request):
    """handler500: problem+json under /api, the page elsewhere; neither tells anything of the inside."""
    if _is_api(request):
        return _problem_json(500, "Er ging iets mis aan onze kant.")
    return defaults.server_error(request)
