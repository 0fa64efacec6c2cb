"""Use the pages' Django forms for API input, so pages and API validate the same way.

`bind` checks JSON types strictly (a form alone would accept 5 for a text), then binds the
form; `apply` is the one way an endpoint changes something (If-Match, form, one service call).
`serializer_for` derives the OpenAPI request schema from the same form, so the document cannot
drift from the validation.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .errors import Invalid
from .problems import require_if_match

LIST_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
INT_FIELDS = (forms.IntegerField,)
BOOL_FIELDS = (forms.BooleanField, forms.NullBooleanField)
DATE_FIELDS = (forms.DateField, forms.DateTimeField)


# Every PATCH and every step names the version it saw (`apply(..., etag=...)`); the document says so.
IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                            description="De ETag van het object zoals u het ophaalde; ontbreekt hij: 428, "
                                        "is het object intussen gewijzigd: 412.")


class InvalidInput(Invalid):
    """Input the form refuses, every field with its messages (answered by the exception handler)."""

    def __init__(self, errors):
        super().__init__(errors=errors)


def _is_id(field, value):
    """An object chosen by its number (a meeting, an organisation): the API answers ids as integers,
    so a client may send one back as it got it, or as text."""
    return (isinstance(field, forms.ModelChoiceField) and getattr(field, "to_field_name", None) is None
            and isinstance(value, int) and not isinstance(value, bool))


def _type_error(field, value):
    if value is None:
        return None
    if isinstance(field, LIST_FIELDS):
        if not isinstance(value, list) or not all(isinstance(v, str) or _is_id(field, v) for v in value):
            return "Verwacht een lijst met codes (tekst)."
    elif isinstance(field, BOOL_FIELDS):
        if not isinstance(value, bool):
            return "Verwacht true of false."
    elif isinstance(field, INT_FIELDS):
        if not isinstance(value, int) or isinstance(value, bool):
            return "Verwacht een geheel getal."
    elif isinstance(field, DATE_FIELDS):
        if not isinstance(value, str) or not value.strip():  # "" is no date: a client leaves it out or sends null
            return _("Verwacht een datum als tekst, zoals 2026-03-14; zonder datum: null.")
    elif _is_id(field, value):
        return None
    elif not isinstance(value, str):
        return "Verwacht tekst."
    elif getattr(field, "max_length", None) is not None:
        try:  # the form counts after stripping spaces; the document (maxLength) counts what was sent
            MaxLengthValidator(field.max_length)(value)
        except ValidationError as error:
            return error.messages[0]
    return None


def check_payload(form_class, payload, extra=()):
    if not isinstance(payload, dict):
        raise InvalidInput({"__all__": ["Verwacht een JSON-object."]})
    fields = form_class.base_fields
    errors = {}
    for name, value in payload.items():
        if name not in fields and name not in extra:
            errors[name] = ["Onbekend veld."]
        elif name in fields:
            problem = _type_error(fields[name], value)
            if problem:
                errors[name] = [problem]
    if errors:
        raise InvalidInput(errors)


def bind(form_class, payload, extra=(), **kwargs):
    """A validated form for this JSON payload, or InvalidInput with every field's error."""
    check_payload(form_class, payload, extra)
    data = {k: v for k, v in payload.items() if v is not None and k not in extra}
    form = form_class(data, **kwargs)
    if not form.is_valid():
        raise InvalidInput({k: [str(m) for m in v] for k, v in form.errors.items()})
    return form


def apply(request, form_class, act, *, etag=None, data=None, extra=(), **form_kwargs):
    """One change through the API, the same way everywhere: with the object's `etag` the request
    must name it in If-Match (428 when missing, 412 when stale); then the JSON is bound to the
    page's form and its cleaned data handed to `act`, one service call, whose result is returned.
    Invalid input and the service's domain errors reach the exception handler as problem+json.
    `data` replaces the request's JSON where the endpoint completes it (e.g. a partial PATCH)."""
    if etag is not None:
        require_if_match(request, etag)
    form = bind(form_class, request.data if data is None else data, extra=extra, **form_kwargs)
    return act(form.cleaned_data)


def bind_many(form_class, raw, name, max_items, **kwargs):
    """Validated forms for a JSON list of objects; errors are named `name.index.field`."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > max_items or not all(isinstance(item, dict) for item in raw):
        raise InvalidInput({name: [f"Verwacht een lijst van hoogstens {max_items} objecten."]})
    bound = []
    for index, item in enumerate(raw):
        try:
            bound.append(bind(form_class, item, **kwargs))
        except InvalidInput as error:
            raise InvalidInput({f"{name}.{index}.{k}": v for k, v in error.errors.items()}) from None
    return bound


def _serializer_field(field, clearable=True):
    """The form field as a serializer field that documents what `bind` accepts: an optional field
    may be null or empty (both mean "not given"), unless it may be left out but not emptied."""
    optional = not field.required and clearable
    common = {"required": field.required, "allow_null": optional, "help_text": str(field.label or "")}
    if isinstance(field, LIST_FIELDS):
        return serializers.ListField(child=serializers.CharField(), allow_empty=optional, **common)
    if isinstance(field, BOOL_FIELDS):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = [(c, label) for c, label in field.choices if c != ""]
        if choices:  # choices that depend on the object (e.g. a route's tracks) are documented as text
            return serializers.ChoiceField(choices=choices, allow_blank=optional, **common)
    max_length = getattr(field, "max_length", None)
    if optional:
        return serializers.CharField(max_length=max_length, allow_blank=True, **common)
    return serializers.RegexField(r"\S", max_length=max_length, **common)  # the form strips spaces: some text


def serializer_for(form_class, name, extra=None):
    """A DRF serializer class mirroring a form, for the OpenAPI document only.

    A form names the fields a client may leave out but not empty in `not_clearable` (e.g. a PATCH).
    """
    keep = getattr(form_class, "not_clearable", ())
    attrs = {n: _serializer_field(f, clearable=n not in keep) for n, f in form_class.base_fields.items()}
    attrs.update(extra or {})
    return type(name, (serializers.Serializer,), attrs)
