"""What the figures of one selection read from the database, each part fetched once.

A dashboard shows sixteen figures; most count the same signals along another dimension. `Facts`
asks once per kind of fact and lets every figure count from that:

- `count(dimensions…)`: signal counts by month, kind, lead municipality, sector, reporting
  organisation, open or closed, escalated or not (the "cube");
- `by(dimension)`: signal counts per form, indicator or barrier;
- the people: `people_numbers`, `distinct_victims`, `lived`, and registrations beside people per
  month and municipality (`registrations_per`, `persons_per_month`); the funnel's `enriched` and
  `tracks`; `table_cases`; `durations` for the lead times; `involving` for the cross-border figure.

Two sources answer the same questions. `Facts` reads the selected signals themselves (any
selection: a form, sector or person filter joins them, bounded by region and period).
`aggregates.MonthlyFacts` reads the monthly aggregates (`insights.models`) for a selection of
whole months by place and time only: its cost does not grow with the period or the region.
`for_selection` picks one. The rules both share (what "escalated" is, which record of a person
counts, how a lead time is measured) are defined here once.
"""
import statistics
import uuid
from collections import Counter, namedtuple
from functools import cached_property

from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce, Least, TruncMonth
from django.utils import timezone

from ketenzicht.cases.models import Case, Track
from ketenzicht.intake.models import Gender, Note, SignalMunicipality, SignalTag
from ketenzicht.regions.models import Municipality

CubeRow = namedtuple("CubeRow", "month kind municipality sector organisation is_open escalated n")
_INVERT = str.maketrans("0123456789abcdef", "fedcba9876543210")
UNKNOWN = Gender.UNKNOWN  # the same "unknown" for age group, gender and nationality
# month: of the signal's receipt; organisation: the signal's reporting organisation (or None).
Victim = namedtuple("Victim", "signal identity age_group gender nationality residence municipality month organisation",
                    defaults=(None, None))
# The attributes of a person the figures break down by (`Victim` fields).
PERSON_ATTRIBUTES = ("municipality", "age_group", "gender", "nationality")
# The lead times: from receipt to first action, to the table's decision, to closure.
MEASURES = ("first_action", "decision", "closure")


def is_escalated():
    return ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField())


def is_known(value):
    return value not in (None, "", UNKNOWN)


def rank(signal, value):
    """A record's value of an attribute with its rank, as a string whose greatest, over all of a
    person's records, is the value to count (`latest_value`): a known value of the latest signal,
    else the value of the first (signal ids compare as their hex digits; an unknown's are inverted).
    Two records of one person in one signal are told apart by their value. The monthly aggregates
    keep the greatest rank per month, so both computations count each person under the same value."""
    digits = signal.hex if isinstance(signal, uuid.UUID) else f"{signal:032x}"
    prefix = "1" + digits if is_known(value) else "0" + digits.translate(_INVERT)
    return prefix + ("" if value is None else str(value))


def latest_value(records):
    """What a person's records say of one attribute, given as (signal, value) in any order: the
    value of the latest record that knows it, else of the first record. So each person is counted
    under one value, and every breakdown of the people adds up to their number."""
    return max(records, key=lambda record: rank(*record))[1]


def durations(signals):
    """Per lead time, the signals it is measured on with their duration (`took`) computed by the
    database (one value per row)."""
    # First action: a handler opened it or took a step on its route (receipt itself is a step).
    # (Least ignores a missing value on PostgreSQL but not on SQLite: the Coalesce makes both agree.)
    stepped = signals.annotate(stepped=Min("history__at", filter=~Q(history__from_stage="")))
    return {
        "first_action": _since_receipt(stepped, Coalesce(Least("first_seen_at", "stepped"), "first_seen_at", "stepped")),
        "decision": _since_receipt(signals.filter(case__isnull=False).annotate(decided=Min("case__decisions__at")),
                                   F("decided")),
        "closure": _since_receipt(signals.filter(is_open=False), F("closed_at")),
    }


def _since_receipt(qs, moment):
    return qs.annotate(took=ExpressionWrapper(moment - F("received_at"), output_field=DurationField()))


def measured_days(took):
    """A duration as the figures count it, in days; None if it does not count (missing, negative)."""
    if took is None or took.total_seconds() < 0:
        return None
    return took.total_seconds() / 86400


class Facts:
    """The facts of a selection read from the selected signals themselves."""

    ESTIMATED_MEDIANS = False  # the lead times' medians are exact

    def __init__(self, selection):
        self.sel = selection
        self._by = {}
        self.instruments = {}  # the municipal instruments' counts, per app (`instruments._counts`)

    @cached_property
    def earlier(self):
        """The same selection a year earlier (for year-on-year figures)."""
        return type(self)(self.sel.year_earlier())

    @cached_property
    def municipalities(self):
        """The rows of the figures per municipality: the chosen one, or all of the region's."""
        if self.sel.municipality is not None:
            return [self.sel.municipality]
        return list(Municipality.objects.filter(region=self.sel.region).order_by("name"))

    @cached_property
    def cube(self):
        zone = timezone.get_current_timezone()
        rows = (self.sel.signals()
                .annotate(month=TruncMonth("received_at", tzinfo=zone), escalated=is_escalated())
                .values_list("month", "kind", "lead_municipality", "source_sector", "reporter_organisation",
                             "is_open", "escalated")
                .annotate(n=Count("pk")).order_by())
        return [CubeRow(first_of_month(month), *rest) for month, *rest in rows]

    def count(self, *dimensions):
        """Signals per value of one dimension (or per tuple of several) of the cube."""
        counts = Counter()
        for row in self.cube:
            key = tuple(getattr(row, d) for d in dimensions)
            counts[key if len(key) > 1 else key[0]] += row.n
        return counts

    @property
    def total(self):
        return sum(self.count("kind").values())

    def by(self, dimension):
        """Signals per form, indicator or barrier (`SignalTag` dimension): item primary key -> count."""
        if dimension not in self._by:
            tags = self._selected(SignalTag.objects.filter(dimension=dimension), region="region")
            self._by[dimension] = dict(tags.values_list("item").annotate(n=Count("*")).order_by())
        return self._by[dimension]

    @cached_property
    def victims(self):
        """Possible victim records of the selected signals that match the person filters."""
        zone = timezone.get_current_timezone()
        rows = (self._selected(self.sel.victims(), region="signal__region", received_at="signal__received_at")
                .annotate(month=TruncMonth("signal__received_at", tzinfo=zone))
                .values_list("signal", "identity", "age_group", "gender", "nationality_group", "residence",
                             "signal__lead_municipality", "month", "signal__reporter_organisation"))
        return [Victim(*row[:7], first_of_month(row[7]), row[8]) for row in rows]

    def people_numbers(self):
        """Signals with a possible victim, victim records, and distinct people."""
        return {"with_victim": len({victim.signal for victim in self.victims}), "registrations": len(self.victims),
                "persons": len({victim.identity for victim in self.victims})}

    def registrations_per(self, dimension):
        """Possible victim records per lead municipality or month ("municipality", "month")."""
        return Counter(getattr(victim, dimension) for victim in self.victims)

    def persons_per_month(self):
        """Distinct people per month of receipt: someone registered in two months is in both (so the
        months do not add up to the period's people)."""
        months = {}
        for victim in self.victims:
            months.setdefault(victim.month, set()).add(victim.identity)
        return {month: len(identities) for month, identities in months.items()}

    def distinct_victims(self, attribute):
        """Distinct people (as far as users linked records) per value of an attribute (`Victim` field),
        each counted under what their latest record says (`latest_value`)."""
        records = {}
        for victim in self.victims:
            records.setdefault(victim.identity, []).append((victim.signal, getattr(victim, attribute)))
        return dict(Counter(latest_value(rows) for rows in records.values()))

    def victim_values(self, *fields):
        """These fields of every possible victim record of the selection, streamed: a figure that
        needs a few of them over ten years need not hold every record (`victims`) at once."""
        return (self._selected(self.sel.victims(), region="signal__region", received_at="signal__received_at")
                .values_list(*fields).order_by().iterator(chunk_size=5000))

    def forms(self):
        """The forms of exploitation (their keys) of each selected signal that has any."""
        forms = {}
        for signal, item in self._selected(SignalTag.objects.filter(dimension="form"), region="region").values_list(
                "signal", "item").order_by().iterator(chunk_size=5000):
            forms.setdefault(signal, set()).add(item)
        return forms

    def lived(self):
        """Per municipality: people who live and are exploited there, who live there and are exploited
        elsewhere, who live elsewhere and are exploited there (residence known; exploited: lead)."""
        here_here, here_elsewhere, elsewhere_here = {}, {}, {}
        for victim in self.victims:
            residence, lead = victim.residence, victim.municipality
            if residence is None:
                continue
            if residence == lead:
                here_here.setdefault(residence, set()).add(victim.identity)
            else:
                here_elsewhere.setdefault(residence, set()).add(victim.identity)
                elsewhere_here.setdefault(lead, set()).add(victim.identity)
        return tuple({m: len(ids) for m, ids in sets.items()} for sets in (here_here, here_elsewhere, elsewhere_here))

    @cached_property
    def places(self):
        """The municipalities of every selected signal that plays in more than one."""
        others = self._selected(SignalMunicipality.objects.filter(is_lead=False),
                                region="municipality__region").values("signal")
        links = SignalMunicipality.objects.filter(signal__in=others).values_list("signal", "municipality").order_by()
        per_signal = {}
        for signal, municipality in links:
            per_signal.setdefault(signal, []).append(municipality)
        return list(per_signal.values())

    def involving(self):
        """Signals that play in several municipalities, per municipality they play in."""
        return Counter(municipality for places in self.places for municipality in places)

    def enriched(self):
        """Selected signals to which information was added (a note)."""
        return self.sel.signals().filter(Exists(Note.objects.filter(signal=OuterRef("pk")))).count()

    def tracks(self):
        """Tracks of the cases the selected signals came to the table in: (kind, open) -> count."""
        signals = self.sel.signals()
        return Counter({(row["kind"], row["is_open"]): row["n"] for row in Track.objects.filter(
            case__in=signals.filter(case__isnull=False).values("case")).values("kind", "is_open")
            .annotate(n=Count("pk")).order_by()})

    def table_cases(self):
        """Cases opened in the period per lead municipality (of the selected signals, if narrowed)."""
        sel = self.sel
        start, end = sel.bounds
        qs = Case.objects.filter(region=sel.region, opened_at__gte=start, opened_at__lt=end)
        if sel.municipality is not None:
            qs = qs.filter(municipality_links__municipality=sel.municipality)
        if not sel.only_place_and_time:
            qs = qs.filter(Exists(sel.signals().filter(case=OuterRef("pk"))))
        return {row["lead_municipality"]: row["n"]
                for row in qs.order_by().values("lead_municipality").annotate(n=Count("pk")).order_by()}

    def lead_times(self):
        """Per lead time (`MEASURES`): (median days or None, number measured)."""
        result = {}
        for measure, qs in durations(self.sel.signals()).items():
            days = sorted(d for d in map(measured_days, qs.values_list("took", flat=True)) if d is not None)
            result[measure] = (_median(days), len(days))
        return result

    def _selected(self, qs, region, received_at="received_at"):
        """Rows of the selected signals. The region and period are read from the given fields (copies
        of the signal's where the rows carry them: one index range); a narrower selection is joined."""
        start, end = self.sel.bounds
        qs = qs.filter(**{region: self.sel.region, f"{received_at}__gte": start, f"{received_at}__lt": end})
        if not self.sel.only_period:
            qs = qs.filter(signal__in=self.sel.signals().values("pk"))
        return qs


def _median(days):
    return round(statistics.median(days), 1) if days else None


def first_of_month(value):
    """TruncMonth gives a datetime on PostgreSQL and may give a date on SQLite: always a date."""
    return (value.date() if hasattr(value, "date") else value).replace(day=1)
