"""Health probes and metrics: no login, no second factor, no session, no personal data.

`/health/live` answers while the process can answer at all (no database): a failing one means restart
the process. `/health/ready` answers 200 only when the service can do its work (readiness.CHECKS): a
failing one means send no traffic here for now. `/metrics` answers only with the bearer token of
KETENZICHT_METRICS_TOKEN, and does not exist (404) while none is configured.
"""
import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import metrics as ops_metrics
from . import readiness


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    ok, checks = readiness.run()
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)


@never_cache
@require_safe
def metrics(request):
    token = settings.KETENZICHT_METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        response = HttpResponse("Bearer token required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return HttpResponse("Wrong token.\n", status=403, content_type="text/plain")
    body, content_type = ops_metrics.scrape(request.headers.get("Accept"))
    return HttpResponse(body, content_type=content_type)
