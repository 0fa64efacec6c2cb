"""A service's permission checked before its transaction opens.

A refused call writes an entry to the access log and raises. Raised inside the service's
transaction, the refusal rolls that transaction back, and the log entry with it: the privacy
officer would never see the attempt. So the check (which logs and raises) runs first, outside the
transaction, and only an allowed call opens one. The rule itself stays with the app that owns it:
this module takes it as a function and imports no app.
"""
from functools import wraps

from django.db import transaction


def checked(check):
    """Decorate a service: `check` is called with the service's own arguments before anything else
    and raises (having logged) when the call is refused; then the service runs in one transaction.
    The service's signature stays as it is."""
    def decorate(service):
        @wraps(service)
        def run(*args, **kwargs):
            check(*args, **kwargs)
            with transaction.atomic():
                return service(*args, **kwargs)
        return run
    return decorate
