"""What a figure is about: a region, a period and optional filters, parsed from a query string.

The dashboard, the monitor, the CSV downloads and the API all parse the same `SelectionForm`
(built by `selection_form`), so a bad date or an unknown code gets the same Dutch error everywhere.

Users who see small counts choose any period. Everyone else gets rounded figures and chooses a
whole calendar month, quarter or year that has ended: with free dates, two overlapping periods
(January to July minus January to June) single out a few days, and a period still running can be
read again every day; either undoes what rounding hides.
"""
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from ketenzicht.intake.models import AgeGroup, ExploitationForm, Gender, NationalityGroup, Person, PersonRole, Signal
from ketenzicht.lib.dates import add_months
from ketenzicht.regions.models import Municipality, Sector

from . import access

VICTIM_PERSONS = (PersonRole.VICTIM, PersonRole.BOTH)
MINOR_GROUPS = (AgeGroup.CHILD, AgeGroup.TEEN, AgeGroup.MINOR)
MINORS = "minor"
# The longest period a figure covers, in whole years: the monitor of a decade is still one request.
MAX_YEARS = 10
# The earliest day a period may start: no register of these signals is older, and a date far in the
# past (or the future) is a typing error, not a question.
EARLIEST = date(2000, 1, 1)


def quarter_start(day):
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def presets(today=None):
    """Named periods offered next to free dates: (key, label, start, end inclusive)."""
    today = today or timezone.localdate()
    this_quarter = quarter_start(today)
    last_quarter = add_months(this_quarter, -3)
    return [
        ("last-quarter", _("Vorig kwartaal"), last_quarter, this_quarter - timedelta(days=1)),
        ("this-quarter", _("Dit kwartaal"), this_quarter, today),
        ("this-year", _("Dit jaar"), date(today.year, 1, 1), today),
        ("last-year", _("Vorig jaar"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        ("last-12-months", _("Afgelopen 12 maanden"), add_months(today, -12) + timedelta(days=1), today),
    ]


def is_calendar_period(start, end):
    """Is start to end (inclusive) one whole calendar month, quarter or year?"""
    return start.day == 1 and any((start.month - 1) % months == 0 and end == add_months(start, months) - timedelta(days=1)
                                  for months in (1, 3, 12))


def calendar_periods(today=None):
    """The whole calendar periods that have ended, newest first, grouped for a select: (group
    label, [(key, label, start, end inclusive)]) for the last five years, eight quarters and twelve
    months."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    quarter = quarter_start(today)
    years = [(str(y), str(y), date(y, 1, 1), date(y, 12, 31)) for y in range(today.year - 1, today.year - 6, -1)]
    quarters = [(f"{q.year}-Q{(q.month - 1) // 3 + 1}", f"Q{(q.month - 1) // 3 + 1} {q.year}", q,
                 add_months(q, 3) - timedelta(days=1)) for q in (add_months(quarter, -3 * i) for i in range(1, 9))]
    months = [(m.isoformat()[:7], date_format(m, "F Y"), m, add_months(m, 1) - timedelta(days=1))
              for m in (add_months(month, -i) for i in range(1, 13))]
    return [(_("Jaren"), years), (_("Kwartalen"), quarters), (_("Maanden"), months)]


@dataclass(frozen=True)
class Selection:
    region: object
    start: date
    end: date  # inclusive
    municipality: object = None
    form: object = None
    sector: str = ""
    age_group: str = ""
    gender: str = ""
    nationality: str = ""

    @property
    def bounds(self):
        zone = timezone.get_current_timezone()
        return (timezone.make_aware(datetime.combine(self.start, time.min), zone),
                timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone))

    @property
    def has_person_filter(self):
        return bool(self.age_group or self.gender or self.nationality)

    @property
    def only_period(self):
        """True when the selection is the region's signals of the period, nothing narrower."""
        return self.municipality is None and self.only_place_and_time

    @property
    def only_place_and_time(self):
        """True when the lists behind the numbers can show exactly what was counted."""
        return not (self.form or self.sector or self.has_person_filter)

    def narrowing(self):
        """(label, value) of each filter beyond region and period, in the form's words: every report
        of the selection says them, so a monitor of one municipality or group is not read as the
        region's."""
        fields = SelectionForm.base_fields
        chosen = [("municipality", self.municipality and self.municipality.name), ("form", self.form and str(self.form))]
        chosen += [(name, dict(fields[name].choices).get(getattr(self, name)))
                   for name in ("sector", "age_group", "gender", "nationality") if getattr(self, name)]
        return [(fields[name].label, value) for name, value in chosen if value]

    def year_earlier(self):
        return replace(self, start=_year_back(self.start), end=_year_back(self.end))

    def victims(self):
        """The possible victims (person records) the person filters ask for."""
        condition = Q(role__in=VICTIM_PERSONS)
        if self.age_group == MINORS:
            condition &= Q(age_group__in=MINOR_GROUPS)
        elif self.age_group:
            condition &= Q(age_group=self.age_group)
        if self.gender:
            condition &= Q(gender=self.gender)
        if self.nationality:
            condition &= Q(nationality_group=self.nationality)
        return Person.objects.filter(condition)

    def signals(self, period=True):
        """The region's signals in the period that match every filter (all kinds)."""
        qs = Signal.objects.filter(region=self.region)
        if period:
            start, end = self.bounds
            qs = qs.filter(received_at__gte=start, received_at__lt=end)
        if self.municipality is not None:
            qs = qs.filter(municipality_links__municipality=self.municipality)
        if self.form is not None:
            qs = qs.filter(exploitation_forms=self.form)
        if self.sector:
            qs = qs.filter(source_sector=self.sector)
        if self.has_person_filter:
            qs = qs.filter(Exists(self.victims().filter(signal=OuterRef("pk"))))
        return qs.order_by()

    def query(self):
        """The selection as query parameters (for links, downloads and the API)."""
        params = {"region": self.region.slug, "from": self.start.isoformat(), "to": self.end.isoformat()}
        for key, value in (("municipality", self.municipality and self.municipality.cbs_code),
                           ("form", self.form and self.form.code), ("sector", self.sector),
                           ("age_group", self.age_group), ("gender", self.gender),
                           ("nationality", self.nationality)):
            if value:
                params[key] = value
        return params


def _year_back(day):
    return day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) else day.replace(
        year=day.year - 1, day=28)


def _choices(pairs):
    return [("", _("Alle"))] + list(pairs)


class SelectionForm(forms.Form):
    """The filters of the dashboard and the monitor; `regions` are the ones the user may open."""

    region = forms.ChoiceField(label=_("Regio"), required=False)
    period = forms.ChoiceField(label=_("Periode"), required=False)
    start = forms.DateField(label=_("Van"), required=False,
                            help_text=_("Hoogstens tien jaar, niet voor 1 januari 2000."),
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Tot en met"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False)
    form = forms.ChoiceField(label=_("Vorm van uitbuiting"), required=False)
    sector = forms.ChoiceField(label=_("Sector melder"), required=False, choices=_choices(Sector.choices))
    age_group = forms.ChoiceField(label=_("Leeftijd slachtoffer"), required=False,
                                  # "minor" is also the band of minors of unknown age, which all minors include
                                  choices=_choices([(MINORS, _("Minderjarig (alle)"))] + [
                                      (value, label) for value, label in AgeGroup.choices if value != MINORS]))
    gender = forms.ChoiceField(label=_("Geslacht slachtoffer"), required=False, choices=_choices(Gender.choices))
    nationality = forms.ChoiceField(label=_("Nationaliteit slachtoffer"), required=False,
                                    choices=_choices(NationalityGroup.choices))

    # Query-string names (the API's, in English) for the form's fields, the documented one first;
    # "ageGroup" (v1's first name) and the field's own name are still understood.
    ALIASES = {"from": "start", "to": "end", "age": "age_group", "ageGroup": "age_group"}

    def __init__(self, data, *, regions, free_regions=(), today=None, **kwargs):
        """`regions`: the ones the user may open; `free_regions`: those where any period may be
        chosen (elsewhere only a whole calendar period that has ended)."""
        data = {self.ALIASES.get(k, k): v for k, v in (data or {}).items()}
        super().__init__(data, **kwargs)
        self.regions = {r.slug: r for r in regions}
        self.today = today or timezone.localdate()
        chosen = self.regions.get(data.get("region")) or next(iter(self.regions.values()), None)
        self.fixed = chosen not in free_regions
        if self.fixed:
            groups = calendar_periods(self.today)
            self.periods = {key: (start, end) for _group, options in groups for key, _l, start, end in options}
            choices = [(group, [(key, lbl) for key, lbl, *_dates in options]) for group, options in groups]
        else:
            self.periods = {key: (start, end) for key, _label, start, end in presets(self.today)}
            choices = [(k, lbl) for k, lbl, *_dates in presets(self.today)]
        self.fields["region"].choices = [(r.slug, r.name) for r in regions]
        self.fields["period"].choices = [("", _("Zelf kiezen"))] + choices
        self.fields["municipality"].choices = _choices(
            (m.cbs_code, m.name) for m in Municipality.objects.filter(region=chosen).order_by("name"))
        self.fields["form"].choices = _choices((f.code, f.label) for f in ExploitationForm.objects.all())
        if not any(data.get(name) for name in ("period", "start", "end")):
            # No period chosen: the form shows the default it applies, not "choose dates" left empty.
            default = self._default_period()
            self.data = {**data, "period": next((key for key, span in self.periods.items() if span == default), "")}

    def clean_region(self):
        slug = self.cleaned_data["region"]
        if not slug:
            if not self.regions:
                raise forms.ValidationError(_("U heeft geen toegang tot de cijfers van een regio."))
            return next(iter(self.regions.values()))
        return self.regions[slug]

    def clean(self):
        cleaned = super().clean()
        period, start, end = cleaned.get("period"), cleaned.get("start"), cleaned.get("end")
        if period and not (start or end):
            start, end = self.periods[period]
        if "start" in self.errors or "end" in self.errors:
            return cleaned  # a date that could not be read: its own error says so, nothing else is checked
        if start is None and end is None:
            start, end = self._default_period()
        typed_start = start is not None
        end = end or self.today
        if start is None:  # the documented default: the twelve months up to the end
            start = max(add_months(end, -12) + timedelta(days=1), EARLIEST) if end >= EARLIEST else end
        latest = date(self.today.year, 12, 31)
        if end < start:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        elif (end.year - MAX_YEARS, end.month, end.day) >= (start.year, start.month, start.day):
            # compared as numbers: no date is made, so year 1 or 9999 cannot overflow
            self.add_error("start", _("Kies een periode van hoogstens tien jaar."))
        elif start < EARLIEST:
            self.add_error("start" if typed_start else "end", _("Kies een periode vanaf 1 januari 2000."))
        elif end > latest:
            self.add_error("end", _("Kies een einddatum tot en met %(latest)s: verder in de toekomst zijn er "
                                    "geen cijfers.") % {"latest": date_format(latest, "j F Y")})
        elif self.fixed and not (is_calendar_period(start, end) and end < self.today):
            self.add_error("start", _("Kies een hele maand, een heel kwartaal of een heel jaar dat voorbij is: "
                                      "de cijfers zijn afgerond en gelden alleen voor vaste perioden."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def _default_period(self):
        """The last twelve months, or (for fixed periods) the last quarter that has ended."""
        if self.fixed:
            quarter = quarter_start(self.today)
            return add_months(quarter, -3), quarter - timedelta(days=1)
        return self.periods["last-12-months"]

    def selection(self):
        data = self.cleaned_data
        region = data["region"]
        municipality = None
        if data.get("municipality"):
            municipality = Municipality.objects.get(region=region, cbs_code=data["municipality"])
        form = ExploitationForm.objects.get(code=data["form"]) if data.get("form") else None
        return Selection(region=region, start=data["start"], end=data["end"], municipality=municipality, form=form,
                         sector=data.get("sector", ""), age_group=data.get("age_group", ""),
                         gender=data.get("gender", ""), nationality=data.get("nationality", ""))


def selection_form(user, data):
    """The selection form for this user: the regions whose figures the policy opens, free periods
    only where it shows exact counts."""
    regions = list(access.figure_regions(user))
    return SelectionForm(data, regions=regions, free_regions=[r for r in regions if access.sees_small_counts(user, r)])


class NationalForm(SelectionForm):
    """The period of the national view. Its figures are published (rounded), so it is chosen as
    rounded figures are everywhere: one whole calendar month, quarter or year that has ended."""

    KEPT = ("period", "start", "end")

    def __init__(self, data, *, regions, today=None):
        super().__init__(data, regions=regions, free_regions=(), today=today)
        for name in [name for name in self.fields if name not in self.KEPT]:
            del self.fields[name]
