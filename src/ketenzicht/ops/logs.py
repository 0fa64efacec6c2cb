"""Structured logs: every record as one JSON line, carrying the id of the request it was written in.

The request id lives in a context variable (`request_id`), set by `middleware.RequestLogMiddleware` for
the duration of a request, so a line written anywhere below a view (a service, the mail outbox) can be
matched with the request line of the same request, and with the proxy's log through `X-Request-ID`.
Settings choose this formatter with KETENZICHT_LOG_FORMAT=json (the default when DEBUG is off).

Nothing here may import Django's models: settings load this module while configuring logging.
"""
import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str | None] = ContextVar("ketenzicht_request_id", default=None)


NONE = "-"  # outside a request (a command, a worker)


def install():
    """Every record made from now on carries the request id current where it was made (Python's
    documented way to add context to all records), whichever handler writes it and however later."""
    make = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = make(*args, **kwargs)
        record.request_id = request_id.get() or NONE
        return record

    logging.setLogRecordFactory(factory)


class RequestIdFilter(logging.Filter):
    """For the plain format's `%(request_id)s`: records made before `install` ran have no id."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or NONE
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Only named fields go out: the message, the request id, and the
    `fields` a caller passes in `extra` (the request line's). Django's own extras (the request object on
    `django.request` records) are left out on purpose: they are not serialisable and carry the raw URL."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": None if getattr(record, "request_id", NONE) == NONE else record.request_id,
        }
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
