"""The one family of errors a service raises when it refuses a change, with the reason in Dutch.

Services raise these; nothing between them and the user translates them by hand. The API answers
them once, as problem+json with the field named (`lib.problems.exception_handler`); pages show them
once, on the form or as a message (`lib.actions`). A permission the user lacks stays Django's
`PermissionDenied` (pages 403, API 404 as if the object did not exist).
"""
from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A change the domain refuses. `errors` maps a field (or "__all__") to its messages."""

    status = 400

    def __init__(self, message="", field=None, *, errors=None):
        if errors is None:
            errors = {field or "__all__": [message]}
        self.errors = {name: [str(m) for m in (messages if isinstance(messages, (list, tuple)) else [messages])]
                       for name, messages in errors.items()}
        self.field = field
        self.message = str(message) if message else " ".join(m for ms in self.errors.values() for m in ms)
        Exception.__init__(self, self.message)

    def __str__(self):
        return self.message

    def add_to(self, form):
        """Put the messages on the form: on their field where it has one, else on the whole form."""
        for name, messages in self.errors.items():
            form.add_error(name if name in form.fields else None, messages)


class _FieldError(DomainError, ValidationError):
    """Also a Django ValidationError with every field's messages, so that a form takes it as it
    takes its own errors and code that catches ValidationError keeps working."""

    def __init__(self, message="", field=None, *, errors=None):
        DomainError.__init__(self, message, field, errors=errors)
        ValidationError.__init__(self, self.errors)


class Invalid(_FieldError):
    """What was given breaks a rule of the domain (a date in the past, a partner not at the table)."""


class Refused(_FieldError):
    """The object's state or its route does not allow this step now, for this user."""


class Conflict(DomainError):
    """The change collides with the object's current state."""

    status = 409


class TooMany(DomainError):
    """The user asked more often than a rule allows (e.g. identifiers recorded per minute): pages show
    it on the form, the API answers 429 with Retry-After."""

    status = 429
    retry_after = 60  # seconds


class Stale(Conflict):
    """Someone else changed the object since the user read it: nothing is overwritten unseen."""

    status = 412
