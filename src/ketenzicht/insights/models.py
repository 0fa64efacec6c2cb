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


class Bucket(models.Model):
    """A month of a region whose cells are built."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    built_at = models.DateTimeField()

    class Meta:
        unique_together = [("region", "month")]


class Change(models.Model):
    """A day (UTC) of a region in which a signal received, or a case opened, then changed since its
    month was built. Written by triggers only (an insert, never an update: writers take no lock a
    reader or another writer waits for); a reader takes the rows it read by their ids
    (`aggregates.ensure`), so a note written meanwhile stays for the next one."""

    region_id = models.IntegerField()
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["region_id"], name="insights_change_region")]


class SignalCell(models.Model):
    """Signals of a month grouped as the figures count them (`facts.CubeRow`), with the sums the
    people and funnel figures need."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
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


class TagCell(models.Model):
    """Signals per form, indicator and barrier of a month."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
    dimension = models.CharField(max_length=10)
    item = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "dimension", "month"], include=["item", "n"],
                                name="insights_tagcell_read")]


class PersonCell(models.Model):
    """The possible victims of a month, one row per person (as far as users linked records), lead
    and residence municipality: distinct people of any period are a count over an index range.

    Each person is counted under what their latest record says (`facts.latest_value`): the `*_key`
    columns hold, of this row's records, the value to keep and its rank (the signal's id), so the
    greatest key over all months is the value to count (`aggregates.distinct_people`)."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
    identity = models.UUIDField()
    municipality = models.IntegerField()  # the lead municipality of the signal
    residence = models.IntegerField(null=True)
    n = models.IntegerField()
    municipality_key = models.CharField(max_length=60)
    age_group_key = models.CharField(max_length=60)
    gender_key = models.CharField(max_length=60)
    nationality_key = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"],
                                include=["identity", "municipality", "residence", "municipality_key",
                                         "age_group_key", "gender_key", "nationality_key"],
                                name="insights_personcell_read")]


class LeadTimeCell(models.Model):
    """How many signals of a month took how long (in classes 5 % wide) from receipt to a moment."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
    measure = models.CharField(max_length=15)
    bucket = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["measure", "bucket", "n"],
                                name="insights_leadtimecell_read")]


class TrackCell(models.Model):
    """The tracks of the cases the signals of a month were escalated to; a case whose signals fall
    in several months is in each, and counted once (`aggregates`)."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
    case_ref = models.UUIDField()  # the case's id
    kind = models.CharField(max_length=40)
    is_open = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], include=["case_ref", "kind", "is_open", "n"],
                                name="insights_trackcell_read")]


class CaseCell(models.Model):
    """Cases opened in a month, per lead municipality."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    place = models.IntegerField()
    municipality = models.IntegerField()
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["region", "place", "month"], name="insights_casecell_read")]
