"""Monthly aggregates of the figures, per region and municipality (`aggregates.py` builds and reads them).

Every cell belongs to one month of one region (a `Bucket`) and to a `place`: 0 for the region's own
rows (each signal once, under its lead municipality), or a municipality's primary key for the signals
playing in that municipality (the dashboard of one municipality). A figure over any period reads
the cells of its months: one index range, however many signals the months hold.

What changes a fact is found by the database itself: triggers on every table a figure reads
(migration 0002) write the region and day of the changed signal or case into `Change`, and the
next reader of that region rebuilds the months those days fall in. No service has to remember it,
and a bulk update, a cascade or a retention run is seen like any other change.
"""
from django.db import models

REGION_WIDE = 0  # `place` of the rows that count the region's signals once each
# The `PersonTally` attributes of `MonthlyFacts.lived`: who lives and is exploited here, lives here
# and is exploited elsewhere (both by residence), lives elsewhere and is exploited here (by lead).
LIVED = ("here_here", "here_elsewhere", "elsewhere_here")


class Bucket(models.Model):
    """A month of a region whose cells are built."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    built_at = models.DateTimeField()

    class Meta:
        unique_together = [("region", "month")]


class Part(models.Model):
    """The days `first` to `last` of one month that a period takes only part of (a dashboard of the
    last 12 months starts on a day, not a month), built for the figures of one place and kept, so
    the next request for the same days reads them as it reads whole months. Its cells are stored
    under a place of its own (`aggregates.part_places`), in a ring of slots per region. A part holds
    for the month as built at `version` (its bucket's `built_at`): a rebuilt month gets new parts."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    first = models.DateField()
    last = models.DateField()
    place = models.IntegerField()
    version = models.DateTimeField()
    slot = models.PositiveIntegerField()
    built_at = models.DateTimeField()

    class Meta:
        unique_together = [("region", "first", "last", "place", "version"), ("region", "slot")]


class Change(models.Model):
    """A day (UTC) of a region in which a signal received, or a case opened, then changed since its
    month was built. Written by triggers only (an insert, never an update: writers take no lock a
    reader or another writer waits for); a reader takes the rows it read by their ids
    (`aggregates.ensure`), so a note written meanwhile stays for the next one."""

    region_id = models.IntegerField()
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["region_id"], name="insights_change_region")]


class Cell(models.Model):
    """What every cell shares: its region, month and place (`REGION_WIDE` or a municipality's key).
    Each cell's read index starts with region and place, then month (the period's range)."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()

    class Meta:
        abstract = True


class SignalCell(Cell):
    """Signals of a month grouped as the figures count them (`facts.CubeRow`), with the sums the
    people and funnel figures need."""

    kind = models.CharField(max_length=10)
    municipality = models.IntegerField()  # the lead municipality
    sector = models.CharField(max_length=30)
    organisation = models.IntegerField(null=True)
    is_open = models.BooleanField()
    escalated = models.BooleanField()
    n = models.IntegerField()
    with_victim = models.IntegerField()  # signals with a possible victim record
    registrations = models.IntegerField()  # possible victim records
    enriched = models.IntegerField()  # signals with a note
    several = models.IntegerField()  # signals playing in more than one municipality

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], name="insights_signalcell_read")]


class Summed(Cell):
    """The signal cells of a month and place summed over every dimension but a few of theirs (the
    subclass's): what most figures read. A figure's count per month and kind, per municipality or
    per sector reads a few thousand of these for ten years of a region instead of its 40,000
    signal cells (`aggregates.GROUPINGS`)."""

    n = models.IntegerField()
    with_victim = models.IntegerField()
    registrations = models.IntegerField()
    enriched = models.IntegerField()
    several = models.IntegerField()

    class Meta:
        abstract = True


SUMS = ("n", "with_victim", "registrations", "enriched", "several")  # the fields of a `Summed` cell


class KindCell(Summed):
    """The signal cells summed per kind: the counts per month, the people and funnel sums, the
    signals playing in several municipalities (a few hundred rows for ten years of a region)."""

    kind = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["kind", *SUMS],
                                name="insights_kindcell_read")]


class MunicipalityCell(Summed):
    """The signal cells summed per lead municipality and kind: the figures per municipality."""

    municipality = models.IntegerField()
    kind = models.CharField(max_length=10)

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["municipality", "kind", *SUMS],
                                name="insights_municipalitycell_read")]


class SourceCell(Summed):
    """The signal cells summed per sector and organisation that reported, open or closed, and
    escalated or not: the figures per sector and partner, and the funnel."""

    sector = models.CharField(max_length=30)
    organisation = models.IntegerField(null=True)
    is_open = models.BooleanField()
    escalated = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"],
                                include=["sector", "organisation", "is_open", "escalated", *SUMS],
                                name="insights_sourcecell_read")]


class TagCell(Cell):
    """Signals per form, indicator and barrier of a month."""

    dimension = models.CharField(max_length=10)
    item = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "dimension", "month"], include=["item", "n"],
                                name="insights_tagcell_read")]


class PersonCell(Cell):
    """The possible victims of a month, one row per person (as far as users linked records), lead
    and residence municipality.

    Each person is counted under what their latest record says (`facts.latest_value`): the `*_key`
    columns hold, of this row's records, the value to keep and its rank (the signal's id), so the
    greatest key over all months is the value to count (`MonthlyFacts._people`).

    Most people are registered in one month only (`alone`: every row of this identity at this
    place, in all months built, is of this month). Whether such a person falls in a period of whole
    months depends on that month alone, and so does what they are counted under: they are counted
    in `PersonTally` per month, and a period reads only the rows of people seen in several months
    (`alone` false, first in the index) one by one."""

    identity = models.UUIDField()
    municipality = models.IntegerField()  # the lead municipality of the signal
    residence = models.IntegerField(null=True)
    n = models.IntegerField()
    municipality_key = models.CharField(max_length=60)
    age_group_key = models.CharField(max_length=60)
    gender_key = models.CharField(max_length=60)
    nationality_key = models.CharField(max_length=60)
    alone = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["region", "place", "alone", "month"],
                                include=["identity", "municipality", "residence", "municipality_key",
                                         "age_group_key", "gender_key", "nationality_key"],
                                name="insights_personcell_read"),
                   models.Index(fields=["region", "identity"], name="insights_personcell_identity")]


class PersonTally(Cell):
    """The people of a month registered in that month only (`PersonCell.alone`), counted per value
    of what the figures break people down by (`attribute`: a `facts.PERSON_ATTRIBUTES` name, or one
    of `LIVED` with the residence or lead municipality as value). Each such person is in one month,
    so a period's distinct people are the sum of its months' tallies (plus the others, read from
    `PersonCell`): a few hundred rows for ten years, however many people they hold."""

    attribute = models.CharField(max_length=15)
    value = models.CharField(max_length=40)
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["attribute", "value", "n"],
                                name="insights_persontally_read")]


class LeadTimeCell(Cell):
    """How many signals of a month took how long (in classes 5 % wide) from receipt to a moment."""

    measure = models.CharField(max_length=15)
    bucket = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["measure", "bucket", "n"],
                                name="insights_leadtimecell_read")]


class TrackCell(Cell):
    """The tracks of the cases the signals of a month were escalated to; a case whose signals fall
    in several months is in each, and counted once (`aggregates`)."""

    case_ref = models.UUIDField()  # the case's id
    kind = models.CharField(max_length=40)
    is_open = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["case_ref", "kind", "is_open", "n"],
                                name="insights_trackcell_read")]


class CaseCell(Cell):
    """Cases opened in a month, per lead municipality."""

    municipality = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], name="insights_casecell_read")]
