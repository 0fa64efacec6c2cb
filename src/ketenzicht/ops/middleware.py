"""One log line and one latency observation per request, under a request id.

What the line holds, and why:
- the request id: taken from `X-Request-ID` when a proxy sent a sane one (so the proxy's log and ours
  meet), made here otherwise, and echoed in the response;
- the method, the route *name* (`intake:detail`), the status, the duration and the user's id. Not the
  path: a path can carry a receipt code (the reporter's only key to their report), and the query string
  free text typed into a search field. The ids a path carries are UUIDs, not personal data, but who read
  which record is the access log's job (with the reason), not this log's. The user's id, not the name.
Requests to the health probes are logged at DEBUG: a load balancer asks every few seconds.
"""
import logging
import re
import uuid
from time import perf_counter

from django.utils.functional import SimpleLazyObject, empty

from . import logs, metrics

logger = logging.getLogger("ketenzicht.requests")

SANE_ID = re.compile(r"[A-Za-z0-9._:=+/-]{1,128}")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
PROBES = {"ops:live", "ops:ready"}


def request_id(request):
    given = request.headers.get("X-Request-ID", "")
    return given if SANE_ID.fullmatch(given) else uuid.uuid4().hex


def user_id(request):
    """The signed-in user's id, if the request already looked the user up: the log line never costs a
    query of its own (a public page never touches the session)."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """First in MIDDLEWARE, so its duration covers every other middleware and every line written while
    the request runs carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request.request_id = request_id(request)
        token = logs.request_id.set(rid)
        start = perf_counter()
        try:
            response = self.get_response(request)
            seconds = perf_counter() - start
            match = request.resolver_match
            route = match.view_name if match else "unmatched"
            method = request.method if request.method in METHODS else "other"
            metrics.observe(route, method, response.status_code, seconds)
            response["X-Request-ID"] = rid
            duration_ms = round(seconds * 1000, 1)
            logger.log(logging.DEBUG if route in PROBES else logging.INFO,
                       "%s %s %s %sms", method, route, response.status_code, duration_ms,
                       extra={"fields": {"method": method, "route": route, "status": response.status_code,
                                         "duration_ms": duration_ms, "user_id": user_id(request)}})
            return response
        finally:
            logs.request_id.reset(token)
