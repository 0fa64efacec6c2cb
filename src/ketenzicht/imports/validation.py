"""One row of an import checked the way the form and the API check a signal: the intake form
(`ProfessionalSignalForm`, bound like the API binds it), plus what an import adds: an external
reference, unique per organisation, and no cell a spreadsheet would run as a formula."""
from django.utils.translation import gettext as _

from ketenzicht.intake import access as intake_access
from ketenzicht.intake.forms import ProfessionalSignalForm
from ketenzicht.intake.models import MAX_EXTERNAL_REFERENCE, Kind, Signal, Urgency
from ketenzicht.lib.csvexport import is_formula
from ketenzicht.lib.forms_bridge import InvalidInput, bind

from .formats import Misshapen

REFERENCE = "external_reference"


class RowInvalid(Exception):
    """What is wrong with one row: {field: [messages]} ("" for the row as a whole)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class RowForm(ProfessionalSignalForm):
    """The intake form for one row, with the set-up it does for a user (their municipalities, their
    region's signalenkaart and its labels) done once per import rather than once per row: that
    set-up was two thirds of a dry run's time. The fields and their checks are the form's own."""

    def __init__(self, data, *, prepared):
        super(ProfessionalSignalForm, self).__init__(data)  # Django's Form: bind the data, nothing more
        self.fields = prepared.fields  # validating reads a field, never changes it
        self.offered_indicators = prepared.offered_indicators


class Checker:
    """Checks the rows of one user's import. What the user may report for is asked once."""

    def __init__(self, user):
        self.user = user
        self.prepared = ProfessionalSignalForm(municipalities=intake_access.reportable_municipalities(user))

    def clean(self, row):
        """(external reference, the form's cleaned data) for a row, or RowInvalid."""
        if isinstance(row, Misshapen):
            raise RowInvalid({"": [_("Deze regel heeft %(found)s kolommen, de kopregel %(expected)s.") % row]})
        if not isinstance(row, dict):
            raise RowInvalid({"": [_("Verwacht een object { … } per signaal.")]})
        errors = {}
        for name, value in row.items():
            if any(isinstance(v, str) and is_formula(v.strip()) for v in (value if isinstance(value, list) else [value])):
                errors[name] = [_("Begint met =, +, -, @ of een tab: een spreadsheet zou dit als formule uitvoeren. "
                                  "Haal dat teken weg.")]
        reference = row.get(REFERENCE)
        if not isinstance(reference, str) or not reference.strip():
            errors.setdefault(REFERENCE, [_("Vul de externe referentie in: uw eigen nummer voor dit signaal.")])
        elif len(reference.strip()) > MAX_EXTERNAL_REFERENCE:
            errors.setdefault(REFERENCE, [_("De externe referentie is te lang: ten hoogste %(limit)s tekens.")
                                          % {"limit": MAX_EXTERNAL_REFERENCE}])
        payload = {"kind": Kind.SIGNAL, "urgency": Urgency.NORMAL, **{k: v for k, v in row.items() if k != REFERENCE}}
        try:
            cleaned = bind(RowForm, payload, prepared=self.prepared).cleaned_data
        except InvalidInput as error:
            for name, messages in error.errors.items():
                errors.setdefault("" if name == "__all__" else name, messages)
        if errors:
            raise RowInvalid(errors)
        return reference.strip(), cleaned


def check(user, organisation, rows):
    """Every row checked: (the valid rows as [number, reference, row], the report). The report
    lists, per row, each field's message, in row order; a reference used before in the file or
    imported before by the organisation is refused."""
    checker = Checker(user)
    valid, report, first_seen = [], [], {}
    for number, row in rows:
        try:
            reference, _cleaned = checker.clean(row)
        except RowInvalid as invalid:
            report += entries(number, invalid.errors)
            continue
        if reference in first_seen:
            report += entries(number, {REFERENCE: [_("Deze externe referentie staat al in regel %(row)s.")
                                                   % {"row": first_seen[reference]}]})
            continue
        first_seen[reference] = number
        valid.append([number, reference, row])
    imported = set(Signal.objects.filter(reporter_organisation=organisation, external_reference__in=list(first_seen))
                   .values_list("external_reference", flat=True))
    for number, reference, _row in valid:
        if reference in imported:
            report += entries(number, {REFERENCE: [_("Een signaal met deze externe referentie is al eerder ingelezen "
                                                     "voor uw organisatie.")]})
    report.sort(key=lambda entry: entry["row"])
    return [v for v in valid if v[1] not in imported], report


def entries(number, errors):
    return [{"row": number, "field": field, "message": str(message)}
            for field, messages in errors.items() for message in messages]
