"""The root URLconf's error handlers: problem+json under /api, Django's pages elsewhere."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from ketenzicht.lib.problems import PROBLEM, TITLES


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
