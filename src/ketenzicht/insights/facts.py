"""What the figures of one selection read from the database, each part fetched once.

A dashboard shows sixteen figures; most count the same signals along another dimension. Asking
the database once per figure read the region's signals some forty times (2 s for a year of a
region of 40,000 signals). `Facts` asks once per kind of fact and lets every figure count from
that in memory:

- `cube`: signal counts grouped by month, kind, lead municipality, sector, reporting
  organisation, open or closed, escalated or not. Never more rows than signals, usually far fewer.
- `victims`: one row per possible victim record (identity, profile, residence, lead municipality),
  for every figure about people.
- `by(dimension)`: signal counts per form, indicator or barrier, from `SignalTag` (one index range).
- `places`: the municipalities of the signals that play in more than one.

A single figure through the API fetches only what that figure reads.
"""
from collections import Counter, namedtuple
from functools import cached_property

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ketenzicht.intake.models import Gender, SignalMunicipality, SignalTag
from ketenzicht.regions.models import Municipality

CubeRow = namedtuple("CubeRow", "month kind municipality sector organisation is_open escalated n")
UNKNOWN = Gender.UNKNOWN  # the same "unknown" for age group, gender and nationality
Victim = namedtuple("Victim", "signal identity age_group gender nationality residence municipality")


class Facts:
    def __init__(self, selection):
        self.sel = selection
        self._by = {}

    @cached_property
    def earlier(self):
        """The same selection a year earlier (for year-on-year figures)."""
        return Facts(self.sel.year_earlier())

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
                .annotate(month=TruncMonth("received_at", tzinfo=zone),
                          escalated=ExpressionWrapper(Q(case__isnull=False), output_field=BooleanField()))
                .values_list("month", "kind", "lead_municipality", "source_sector", "reporter_organisation",
                             "is_open", "escalated")
                .annotate(n=Count("pk")).order_by())
        return [CubeRow(_first_of_month(month), *rest) for month, *rest in rows]

    def count(self, *dimensions):
        """Signals per value of one dimension (or per tuple of several) of the cube."""
        counts = Counter()
        for row in self.cube:
            key = tuple(getattr(row, d) for d in dimensions)
            counts[key if len(key) > 1 else key[0]] += row.n
        return counts

    @property
    def total(self):
        return sum(row.n for row in self.cube)

    def by(self, dimension):
        """Signals per form, indicator or barrier (`SignalTag` dimension): item primary key -> count."""
        if dimension not in self._by:
            tags = self._selected(SignalTag.objects.filter(dimension=dimension), region="region")
            self._by[dimension] = dict(tags.values_list("item").annotate(n=Count("*")).order_by())
        return self._by[dimension]

    @cached_property
    def victims(self):
        """Possible victim records of the selected signals that match the person filters."""
        rows = (self._selected(self.sel.victims(), region="signal__region", received_at="signal__received_at")
                .values_list("signal", "identity", "age_group", "gender", "nationality_group", "residence",
                             "signal__lead_municipality"))
        return [Victim(*row) for row in rows]

    def distinct_victims(self, key=None):
        """Distinct people (as far as users linked records), in all or per `key(victim)`.

        Each person is counted under one value: what the latest of their records says (a known
        value before "unknown"), so every breakdown of the people adds up to their number."""
        if key is None:
            return len({v.identity for v in self.victims})
        latest = {}
        for victim in sorted(self.victims, key=lambda v: v.signal):
            value = key(victim)
            if value not in (None, "", UNKNOWN) or victim.identity not in latest:
                latest[victim.identity] = value
        return dict(Counter(latest.values()))

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

    def _selected(self, qs, region, received_at="received_at"):
        """Rows of the selected signals. The region and period are read from the given fields (copies
        of the signal's where the rows carry them: one index range); a narrower selection is joined."""
        start, end = self.sel.bounds
        qs = qs.filter(**{region: self.sel.region, f"{received_at}__gte": start, f"{received_at}__lt": end})
        if not self.sel.only_period:
            qs = qs.filter(signal__in=self.sel.signals().values("pk"))
        return qs


def _first_of_month(value):
    """TruncMonth gives a datetime on PostgreSQL and may give a date on SQLite: always a date."""
    return (value.date() if hasattr(value, "date") else value).replace(day=1)
