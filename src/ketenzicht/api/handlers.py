"""The root URLconf's error handlers: problem+json under /api, Django's pages elsewhere."""
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from ketenzicht.lib.problems import PROBLEM, TITLES

# The database cannot be reached (restarted, failed over, out of connections): the request did nothing
# (its transaction never committed) and the same request will work again shortly.
DATABASE_GONE = (OperationalError, InterfaceError)
RETRY_AFTER = "30"  # seconds: a PostgreSQL restart or a replica's promotion


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
    """handler500: problem+json under /api, the page elsewhere; neither tells anything of the inside.

    When the error was the database going away, the answer is 503 with Retry-After: a client (and a
    person) may simply try again, and the page says that nothing was saved."""
    if isinstance(sys.exc_info()[1], DATABASE_GONE):
        return _unavailable(request)
    if _is_api(request):
        return _problem_json(500, "Er ging iets mis aan onze kant.")
    return defaults.server_error(request)


def _unavailable(request):
    """503 without touching the database: the page is rendered without the request's context (no
    session, no user, no context processors), the problem without a lookup."""
    if _is_api(request):
        response = _problem_json(503, _("De database is even niet bereikbaar; er is niets opgeslagen. "
                                        "Probeer het over een halve minuut opnieuw."))
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response
