"""Small things every form shares."""
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.utils.formats import number_format
from django.utils.translation import gettext as _


class OwnIds:
    """For forms that share a page with others: their fields get ids of their own, so a label ticks
    its own form's field (two forms with a `restricted` box once made an attachment's "only for my
    organisation" label tick the note's box, and the attachment went up unrestricted)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class Blocks:
    """For formsets of repeating blocks (persons, tracks): each block has a name the error summary
    uses ("Betrokkene 2: Leeftijd"), so an error in the third block says where it is."""

    block_label = ""  # a lazy text with %(n)s, the block's number as the page shows it


def _anchor(bound):
    return f"#{bound.auto_id}" if bound.auto_id else ""


def _form_errors(form, prefix=""):
    """(anchor, label, message) for each error of one form, in page order, non-field errors first
    (they anchor to the form's first field, so the link still lands in the right block)."""
    first = next(iter(form), None)
    entries = [(_anchor(first) if first is not None and prefix else "", prefix.rstrip(": "), str(error))
               for error in form.non_field_errors()]
    for field in form:
        entries += [(_anchor(field), f"{prefix}{field.label}", str(error)) for error in field.errors]
    return entries


def error_summary(*forms):
    """Every error of the forms and formsets of one page, for the summary at its top (NL Design
    System): without it an error in the third person block sits far below, unseen."""
    entries = []
    for form in forms:
        if not form or isinstance(form, str):
            continue
        if hasattr(form, "management_form"):
            entries += [("", "", str(error)) for error in form.non_form_errors()]
            for number, block in enumerate(form.forms, start=1):
                label = str(getattr(form, "block_label", "") or "")
                entries += _form_errors(block, f"{label % {'n': number}}: " if label else "")
        elif hasattr(form, "non_field_errors"):
            entries += _form_errors(form)
        else:  # a list of messages
            entries += [("", "", str(error)) for error in form]
    return entries


class LimitedText(forms.CharField):
    """Free text with a length limit the server enforces in the user's words, naming the field.
    The browser is not told the limit (no maxlength): it would silently cut a long pasted text,
    and the user would lose its end without knowing."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def validate(self, value):
        super().validate(value)
        if self.max_length is not None and len(value) > self.max_length:
            raise ValidationError(
                _("%(label)s is te lang: ten hoogste %(limit)s tekens, nu %(length)s. Kort de tekst in; wat u "
                  "typte staat er nog.") % {"label": self.label, "limit": number_format(self.max_length, force_grouping=True),
                                           "length": number_format(len(value), force_grouping=True)},
                code="max_length")


def plain(value):
    """Texts are shown as plain text on pages, in letters and in the monitor: markup is refused
    rather than shown as typed, so nobody wonders whether it ran."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Gebruik geen < of > (geen HTML of script); wat u typte staat er nog."), code="markup")


class PlainText(LimitedText):
    """Free text with a length limit and no markup."""

    default_validators = [plain]


def quiet(form):
    """A bound form (or formset) shown again with what was typed but without errors: the user asked
    for another block, not to be told what is still missing."""
    if hasattr(form, "management_form"):
        form._errors, form._non_form_errors = [ErrorDict() for _block in form.forms], ErrorList()
        for block in form.forms:
            quiet(block)
    else:
        form._errors = ErrorDict()
    return form


def named_messages(form):
    """Django's stock messages ("Dit veld is verplicht.", "Voer een geldige datum in.") say neither
    which field nor what to do; this gives every field of `form` a Dutch message naming it, unless
    the field has its own. Call at the end of the form's __init__."""
    for field in form.fields.values():
        label = field.label or ""
        own = dict(field.error_messages)
        choice = isinstance(field, forms.ChoiceField)
        stock = {
            "required": (_("Maak een keuze bij ‘%(label)s’.") if choice else _("Vul ‘%(label)s’ in."))
            % {"label": label},
            "invalid": (_("Vul bij ‘%(label)s’ een datum in, zoals 31-12-2026.")
                        if isinstance(field, forms.DateField) else
                        _("Vul bij ‘%(label)s’ een getal in.") if isinstance(field, (forms.DecimalField,
                                                                                   forms.IntegerField))
                        else _("‘%(label)s’ is ongeldig.")) % {"label": label},
            "min_value": _("‘%(label)s’ is ten minste %%(limit_value)s.") % {"label": label},
            "max_value": _("‘%(label)s’ is ten hoogste %%(limit_value)s.") % {"label": label},
            "max_digits": _("‘%(label)s’ heeft te veel cijfers.") % {"label": label},
            "max_decimal_places": _("‘%(label)s’ heeft ten hoogste %%(max)s cijfer achter de komma.")
            % {"label": label},
            "max_whole_digits": _("‘%(label)s’ is te groot.") % {"label": label},
        }
        django_defaults = {}
        for klass in reversed(type(field).__mro__):
            django_defaults.update(getattr(klass, "default_error_messages", {}))
        number = isinstance(field, (forms.DecimalField, forms.IntegerField))
        for key, message in stock.items():
            if key not in ("required", "invalid") and not number:
                continue
            if key not in own or own[key] == django_defaults.get(key):
                field.error_messages[key] = message
    return form
