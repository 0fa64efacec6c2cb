"""The monthly aggregates (`insights.models`): built, kept fresh, and read as a selection's facts.

Built per region and month, from the same sources and by the same rules (`facts`) as the figures
read directly. Kept fresh by the reader: triggers on every table a figure reads note the region and
day of what changed (`models.Change`, migration 0002); before reading, `ensure` takes those notes
and rebuilds the months they fall in, and builds the months never built. So a signal reported,
changed, escalated, enriched or anonymised by retention shows in the next request's figures, and a
request whose months are fresh costs two small queries more. `ketenzicht refresh_figures` rebuilds
everything (the periodic job of issue 21 will call it; a reader never needs it).

Read by `MonthlyFacts` for a selection of whole months by place and period (`answers`): any
period costs the same few index range reads; a period that starts or ends inside a month reads
those days from a `Part`, built from the signals by the first request for them and kept while the
month is unchanged. A narrower selection (a form, a sector, a person filter) is read from the
signals (`facts.Facts`).
"""
import math
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ketenzicht.cases.models import Case, CaseMunicipality, Track
from ketenzicht.intake.models import Note, Person, Signal, SignalMunicipality, SignalTag
from ketenzicht.lib.dates import add_months
from ketenzicht.regions.models import Region

from .facts import (
    MEASURES,
    PERSON_ATTRIBUTES,
    Facts,
    durations,
    first_of_month,
    is_escalated,
    measured_days,
    rank,
)
from .models import (
    LIVED,
    REGION_WIDE,
    SUMS,
    Bucket,
    CaseCell,
    Change,
    KindCell,
    LeadTimeCell,
    MunicipalityCell,
    Part,
    PersonCell,
    PersonTally,
    SignalCell,
    SourceCell,
    TagCell,
    TrackCell,
)
from .selection import VICTIM_PERSONS

CELLS = (SignalCell, KindCell, MunicipalityCell, SourceCell, TagCell, PersonCell, LeadTimeCell, TrackCell, CaseCell)
# The cells that sum the signal cells (`models.Summed`), with the dimensions each keeps.
SUMMED_CELLS = {KindCell: ("kind",), MunicipalityCell: ("municipality", "kind"),
                SourceCell: ("sector", "organisation", "is_open", "escalated")}
# Lead times are kept as counts per class of durations 5 % wide (in hours): the median of any
# period is then read from a few hundred rows, to about 2.5 %.
STEP = math.log(1.05)


# ------------------------------------------------------------------------------------- months


def month_start(month):
    """The first moment of a month in the figures' time zone."""
    return timezone.make_aware(datetime.combine(month, time.min), timezone.get_current_timezone())


def months(first, last):
    month, result = first.replace(day=1), []
    while month <= last:
        result.append(month)
        month = add_months(month, 1)
    return result


def _local_month(moment):
    return timezone.localtime(moment, timezone.get_current_timezone()).date().replace(day=1)


def months_of_day(day):
    """The local months a UTC day (as the triggers note it) touches."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return {_local_month(start), _local_month(start + timedelta(days=1) - timedelta(microseconds=1))}


def ends_a_month(end, today=None):
    """Does a period ending on `end` hold its last month whole? One that ends today or later does:
    nothing is received after now."""
    return end >= (today or timezone.localdate()) or (end + timedelta(days=1)).day == 1


def answers(sel):
    """Can the aggregates answer this selection: a region or municipality and a period, no other filter?"""
    return sel.only_place_and_time


# ------------------------------------------------------------------------------------- freshness


def ensure(region_ids, first, last):
    """Bring the aggregates of these regions up to date for the months first to last: rebuild the
    months with changes noted since they were built (anywhere in time), build those never built."""
    region_ids = sorted(region_ids)
    with transaction.atomic():
        todo = set(_take_changes(region_ids))
        built = set(Bucket.objects.filter(region_id__in=region_ids, month__gte=first, month__lte=last)
                    .values_list("region_id", "month"))
        todo |= {(r, m) for r in region_ids for m in months(first, last)} - built
        per_region = defaultdict(list)
        for region_id, month in todo:
            per_region[region_id].append(month)
        for region_id, wanted in sorted(per_region.items()):
            touched = set()
            for run in _runs(sorted(wanted)):
                touched |= build(region_id, run)
            settle(region_id, touched, wanted)


def _take_changes(region_ids):
    """The (region, month)s with a change noted, the notes deleted by their ids: a note written
    while we rebuild (a later id, or not yet committed) stays for the next reader."""
    rows = list(Change.objects.filter(region_id__in=region_ids).values_list("pk", "region_id", "day"))
    for start in range(0, len(rows), 5000):
        Change.objects.filter(pk__in=[pk for pk, _r, _d in rows[start:start + 5000]]).delete()
    return {(region_id, month) for region_id, day in {(r, d) for _pk, r, d in rows} for month in months_of_day(day)}


def _runs(sorted_months):
    """Consecutive months together, so a long stretch is built in one pass."""
    run = []
    for month in sorted_months:
        if run and add_months(run[-1], 1) != month:
            yield run
            run = []
        run.append(month)
    if run:
        yield run


def rebuild(region_ids=None):
    """Build every month of these regions (default all) from their first signal or case to now."""
    from_regions = Signal.objects.values_list("region_id", flat=True).distinct()
    region_ids = sorted(region_ids if region_ids is not None else set(from_regions) | set(
        Case.objects.values_list("region_id", flat=True).distinct()))
    built = 0
    for region_id in region_ids:
        firsts = [qs.filter(region_id=region_id).order_by(field).values_list(field, flat=True).first()
                  for qs, field in ((Signal.objects, "received_at"), (Case.objects, "opened_at"))]
        firsts = [_local_month(moment) for moment in firsts if moment is not None]
        if not firsts:
            continue
        with transaction.atomic():
            _take_changes([region_id])
            span = months(min(firsts), timezone.localdate())
            for start in range(0, len(span), 24):  # two years a pass: memory stays small
                build(region_id, span[start:start + 24])
            settle(region_id)
            built += len(span)
    return built


# ------------------------------------------------------------------------------------- building


def build(region_id, run):
    """(Re)build the cells of consecutive months of a region. The buckets are written first (an
    upsert, which locks them), so two readers rebuilding the same months wait for each other.
    The parts of these months (`part`) go with them. Returns the identities of the people these
    months held before or hold now: `settle` then brings their `alone` and the tallies of their
    months up to date."""
    now = timezone.now()
    Bucket.objects.bulk_create([Bucket(region_id=region_id, month=month, built_at=now) for month in run],
                               update_conflicts=True, unique_fields=["region", "month"], update_fields=["built_at"])
    in_run = {"region_id": region_id, "month__gte": run[0], "month__lte": run[-1]}
    touched = set(PersonCell.objects.filter(place__gte=0, **in_run).values_list("identity", flat=True).distinct())
    for model in CELLS:
        model.objects.filter(**in_run).delete()
    # Their parts' cells went with the months' (the same months, any place); what they hold may be gone.
    Part.objects.filter(region_id=region_id, first__gte=run[0], first__lt=add_months(run[-1], 1)).delete()
    for model, cells in compute_cells(region_id, month_start(run[0]), month_start(add_months(run[-1], 1))).items():
        write(model, cells)
        if model is PersonCell:
            touched |= {cell.identity for cell in cells}
    return touched


def write(model, cells):
    """Insert cells: on PostgreSQL by COPY (a region's ten years are some 10^5 rows: an INSERT per
    2,000 of them, each parsed and planned, took most of a rebuild), elsewhere by bulk_create."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(cells, batch_size=2000)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for cell in cells:
            copy.write_row([getattr(cell, field.attname) for field in fields])


# More identities than this and `settle` takes the whole region in one pass (cheaper than a long list).
SETTLE_BY_IDENTITY = 2000


def settle(region_id, identities=None, rebuilt=()):
    """After `build`: mark the people seen in one month only (`PersonCell.alone`: all rows of an
    identity at a place have one month) and tally them per month (`PersonTally`), for these
    identities (default: everyone of the region). The tallies of every month these people have a
    row in, and of the months rebuilt (`rebuilt`: where someone may have gone), are counted again
    from their rows, so a month's tally is always the count of its `alone` rows. Set-based: a few
    statements, however many people."""
    if identities is not None and not identities:
        return
    if identities is not None and len(identities) > SETTLE_BY_IDENTITY:
        identities = None
    where, params = "region_id = %s AND place >= 0", [region_id]
    if identities is not None:
        field = PersonCell._meta.get_field("identity")
        values = [field.get_db_prep_value(identity, connection) for identity in identities]
        where += f" AND identity IN ({', '.join(['%s'] * len(values))})"
        params += values
    cells, tally = PersonCell._meta.db_table, PersonTally._meta.db_table
    with connection.cursor() as cursor:
        # Our own table and column names; every value is a parameter (so for each statement below).
        # Only the rows whose mark changes: an unchanged row rewritten is a dead row in the read index.
        cursor.execute(
            f"UPDATE {cells} SET alone = NOT alone WHERE {where} AND alone <> ((place, identity) IN ("  # noqa: S608  # nosec B608
            f"SELECT place, identity FROM {cells} WHERE {where} GROUP BY place, identity "
            f"HAVING MIN(month) = MAX(month)))", params * 2)
        if identities is None:
            months_where, month_params = "", []
        else:
            cursor.execute(f"SELECT DISTINCT month FROM {cells} WHERE {where}", params)  # noqa: S608  # nosec B608
            months = sorted({row[0] for row in cursor.fetchall()} | set(rebuilt))
            if not months:
                return
            months_where = f" AND month IN ({', '.join(['%s'] * len(months))})"
            month_params = [connection.ops.adapt_datefield_value(month) for month in months]
        cursor.execute(f"DELETE FROM {tally} WHERE region_id = %s{months_where}",  # noqa: S608  # nosec B608
                       [region_id, *month_params])
        latest = ", ".join(f"MAX({attribute}_key) AS {attribute}" for attribute in PERSON_ATTRIBUTES)
        per_attribute = " UNION ALL ".join(
            f"SELECT region_id, month, place, '{attribute}', SUBSTR({attribute}, 34), COUNT(*) FROM per_person "  # nosec B608
            f"GROUP BY region_id, month, place, SUBSTR({attribute}, 34)" for attribute in PERSON_ATTRIBUTES)
        lived = " UNION ALL ".join(
            f"SELECT region_id, month, place, '{name}', CAST({field} AS VARCHAR(40)), COUNT(DISTINCT identity) "  # nosec B608
            f"FROM {cells} WHERE region_id = %s AND alone{months_where} AND residence IS NOT NULL "
            f"AND residence {compare} municipality GROUP BY region_id, month, place, {field}"
            for name, field, compare in zip(LIVED, ("residence", "residence", "municipality"), ("=", "<>", "<>"),
                                            strict=True))
        cursor.execute(
            f"WITH per_person AS (SELECT region_id, month, place, identity, {latest} FROM {cells} "  # noqa: S608  # nosec B608
            f"WHERE region_id = %s AND alone{months_where} GROUP BY region_id, month, place, identity) "
            f"INSERT INTO {tally} (region_id, month, place, attribute, value, n) {per_attribute} UNION ALL {lived}",
            [region_id, *month_params] + [region_id, *month_params] * len(LIVED))


def compute_cells(region_id, start, end, place=None):
    """The cells of a region's signals received (and cases opened) from start to end, by month and
    place; with `place`, the signal cells of every place (the cross-border figure reads them all)
    and the others of that place only (a request's partial month needs no more)."""
    zone = timezone.get_current_timezone()
    signals = Signal.objects.filter(region_id=region_id, received_at__gte=start, received_at__lt=end).order_by()
    facts = {}
    for pk, month, *rest in (signals.annotate(
            month=TruncMonth("received_at", tzinfo=zone), escalated=is_escalated(),
            enriched=Exists(Note.objects.filter(signal=OuterRef("pk"))))
            .values_list("pk", "month", "kind", "lead_municipality", "source_sector", "reporter_organisation",
                         "is_open", "escalated", "enriched", "case").iterator(chunk_size=5000)):
        facts[pk] = (first_of_month(month), *rest)
    places = defaultdict(lambda: [REGION_WIDE])
    several = set()
    for signal, municipality, is_lead in SignalMunicipality.objects.filter(
            signal__region_id=region_id, signal__received_at__gte=start, signal__received_at__lt=end).values_list(
            "signal", "municipality", "is_lead").order_by().iterator(chunk_size=5000):
        places[signal].append(municipality)
        if not is_lead:
            several.add(signal)
    victims = defaultdict(list)
    for signal, *person in Person.objects.filter(
            role__in=VICTIM_PERSONS, signal__region_id=region_id, signal__received_at__gte=start,
            signal__received_at__lt=end).values_list(
            "signal", "identity", "age_group", "gender", "nationality_group", "residence").order_by().iterator(
            chunk_size=5000):
        victims[signal].append(person)
    def narrowed(ids):
        return [p for p in ids if place is None or p == place]

    only = defaultdict(lambda: narrowed([REGION_WIDE]), {pk: narrowed(ids) for pk, ids in places.items()})
    makers = {SignalCell: lambda: _signal_cells(region_id, facts, places, several, victims),
              TagCell: lambda: _tag_cells(region_id, facts, only, start, end),
              PersonCell: lambda: _person_cells(region_id, facts, only, victims),
              LeadTimeCell: lambda: _lead_time_cells(region_id, facts, only, signals),
              TrackCell: lambda: _track_cells(region_id, facts, only, signals),
              CaseCell: lambda: [cell for cell in _case_cells(region_id, start, end)
                                 if place is None or cell.place == place]}
    cells = {model: makers[model]() for model in CELLS if model not in SUMMED_CELLS}
    for model, dimensions in SUMMED_CELLS.items():
        cells[model] = _summed_cells(model, dimensions, cells[SignalCell])
    return cells


def _signal_cells(region_id, facts, places, several, victims):
    sums = defaultdict(lambda: [0, 0, 0, 0, 0])
    for pk, (month, kind, lead, sector, organisation, is_open, escalated, enriched, _case) in facts.items():
        for place in places[pk]:
            cell = sums[(month, place, kind, lead, sector, organisation, bool(is_open), bool(escalated))]
            cell[0] += 1
            cell[1] += bool(victims.get(pk))
            cell[2] += len(victims.get(pk, ()))
            cell[3] += bool(enriched)
            cell[4] += pk in several
    return [SignalCell(region_id=region_id, month=month, place=place, kind=kind, municipality=lead, sector=sector,
                       organisation=organisation, is_open=is_open, escalated=escalated, n=n, with_victim=with_victim,
                       registrations=registrations, enriched=enriched, several=many)
            for (month, place, kind, lead, sector, organisation, is_open, escalated),
            (n, with_victim, registrations, enriched, many) in sums.items()]


def _summed_cells(model, dimensions, signal_cells):
    """The signal cells summed per month, place and these dimensions of theirs, as `model`'s."""
    sums = defaultdict(lambda: [0] * len(SUMS))
    for cell in signal_cells:
        total = sums[(cell.region_id, cell.month, cell.place, *(getattr(cell, d) for d in dimensions))]
        for i, field in enumerate(SUMS):
            total[i] += getattr(cell, field)
    return [model(region_id=region_id, month=month, place=place, **dict(zip(dimensions, values, strict=True)),
                  **dict(zip(SUMS, sums_, strict=True)))
            for (region_id, month, place, *values), sums_ in sums.items()]


def _tag_cells(region_id, facts, places, start, end):
    counts = Counter()
    for signal, dimension, item in SignalTag.objects.filter(
            region_id=region_id, received_at__gte=start, received_at__lt=end).values_list(
            "signal", "dimension", "item").order_by().iterator(chunk_size=5000):
        if signal in facts:
            for place in places[signal]:
                counts[(facts[signal][0], place, dimension, item)] += 1
    return [TagCell(region_id=region_id, month=month, place=place, dimension=dimension, item=item, n=n)
            for (month, place, dimension, item), n in counts.items()]


def value_of(text, attribute):
    """A value as `rank` wrote it (after its rank), back to what the figures count."""
    if attribute == "municipality":
        return int(text)
    return text or None


def _person_cells(region_id, facts, places, victims):
    cells = {}
    for signal, records in victims.items():
        month, _kind, lead = facts[signal][:3]
        for identity, age_group, gender, nationality, residence in records:
            keys = [rank(signal, value) for value in (lead, age_group, gender, nationality)]
            for place in places[signal]:
                group = (month, place, identity, lead, residence)
                if group in cells:
                    cell = cells[group]
                    cell.n += 1
                    for attribute, key in zip(PERSON_ATTRIBUTES, keys, strict=True):
                        setattr(cell, f"{attribute}_key", max(getattr(cell, f"{attribute}_key"), key))
                else:
                    cells[group] = PersonCell(region_id=region_id, month=month, place=place, identity=identity,
                                              municipality=lead, residence=residence, n=1,
                                              **{f"{a}_key": k for a, k in zip(PERSON_ATTRIBUTES, keys, strict=True)})
    return list(cells.values())


def class_of(days):
    return int(math.log1p(days * 24) / STEP)


def days_of(bucket):
    """The middle of a class of lead times, in days."""
    return math.expm1((bucket + 0.5) * STEP) / 24


def _lead_time_cells(region_id, facts, places, signals):
    counts = Counter()
    for measure, qs in durations(signals).items():
        for pk, took in qs.values_list("pk", "took").order_by().iterator(chunk_size=5000):
            days = measured_days(took)
            if days is not None and pk in facts:
                for place in places[pk]:
                    counts[(facts[pk][0], place, measure, class_of(days))] += 1
    return [LeadTimeCell(region_id=region_id, month=month, place=place, measure=measure, bucket=bucket, n=n)
            for (month, place, measure, bucket), n in counts.items()]


def _track_cells(region_id, facts, places, signals):
    tracks = defaultdict(list)
    for case, kind, is_open, n in (Track.objects.filter(case__in=signals.filter(case__isnull=False).values("case"))
                                   .values_list("case", "kind", "is_open").annotate(n=Count("pk")).order_by()):
        tracks[case].append((kind, is_open, n))
    cells = {}
    for pk, fact in facts.items():
        month, case = fact[0], fact[-1]
        for kind, is_open, n in tracks.get(case, ()):
            for place in places[pk]:
                cells[(month, place, case, kind, bool(is_open))] = n
    return [TrackCell(region_id=region_id, month=month, place=place, case_ref=case, kind=kind, is_open=is_open, n=n)
            for (month, place, case, kind, is_open), n in cells.items()]


def _case_cells(region_id, start, end):
    zone = timezone.get_current_timezone()
    cases = Case.objects.filter(region_id=region_id, opened_at__gte=start, opened_at__lt=end).order_by()
    opened = {pk: (first_of_month(month), lead) for pk, month, lead in cases.annotate(
        month=TruncMonth("opened_at", tzinfo=zone)).values_list("pk", "month", "lead_municipality")}
    counts = Counter((month, REGION_WIDE, lead) for month, lead in opened.values())
    for case, municipality in CaseMunicipality.objects.filter(case__in=cases.values("pk")).values_list(
            "case", "municipality").order_by():
        month, lead = opened[case]
        counts[(month, municipality, lead)] += 1
    return [CaseCell(region_id=region_id, month=month, place=place, municipality=lead, n=n)
            for (month, place, lead), n in counts.items()]


# ------------------------------------------------------------------------------------- parts

SLOT = 1_000_000  # a part's places: municipality keys stay below this
SLOTS = 200  # parts kept per region; a new one takes the slot of the oldest
PART_LIFE = timedelta(days=2)  # parts built longer ago are dropped when one is built (no period is that old)


def part_place(slot, place):
    """The place under which a part (`models.Part`) in this slot keeps the cells of a place."""
    return -(slot * SLOT + 1 + place)


def part(region_id, first, last, place):
    """The slot of the cells of the days first to last (of one month) for a place, built now if no
    part of the month as it is now built is kept. Built under a lock on the region, so two requests
    for the same days build once and take slots one after the other; the lock also sends this
    request's further reads to the primary (`lib.replica`), which holds what it built."""
    key = {"region_id": region_id, "first": first, "last": last, "place": place}

    def kept():
        version = Bucket.objects.filter(region_id=region_id, month=first.replace(day=1)).values_list(
            "built_at", flat=True).first()
        return version, Part.objects.filter(version=version, **key).values_list("slot", flat=True).first()

    version, slot = kept()
    if slot is not None:
        return slot
    with transaction.atomic():
        list(Region.objects.select_for_update(no_key=True).filter(pk=region_id).values_list("pk"))
        version, slot = kept()
        if slot is not None:
            return slot
        latest = Part.objects.filter(region_id=region_id).order_by("-pk").values_list("slot", flat=True).first()
        slot = (latest or 0) % SLOTS + 1
        now = timezone.now()
        _drop_parts(region_id, Q(slot=slot) | Q(built_at__lt=now - PART_LIFE))
        Part.objects.create(slot=slot, version=version, built_at=now, **key)
        for model, cells in compute_cells(region_id, month_start(first), month_start(last + timedelta(days=1)),
                                          place).items():
            for cell in cells:
                cell.place = part_place(slot, cell.place)
            write(model, cells)
    return slot


def _drop_parts(region_id, which):
    """Delete a region's parts and their cells."""
    for slot in Part.objects.filter(which, region_id=region_id).values_list("slot", flat=True):
        for model in CELLS:
            model.objects.filter(region_id=region_id, place__lte=part_place(slot, 0),
                                 place__gt=part_place(slot + 1, 0)).delete()
    Part.objects.filter(which, region_id=region_id).delete()


# ------------------------------------------------------------------------------------- reading


def national(first, last):
    """Per region, for the months first to last: signals per kind, distinct people, cases opened.
    Each region's cells are one index range (the region is the index's first column)."""
    region_ids = list(Region.objects.values_list("pk", flat=True))
    ensure(region_ids, first, last)
    where = {"region_id__in": region_ids, "place": REGION_WIDE, "month__gte": first, "month__lte": last}
    kinds = Counter({(region, kind): n for region, kind, n in KindCell.objects.filter(**where).values_list(
        "region", "kind").annotate(s=Sum("n")).order_by()})
    persons = Counter(dict(PersonCell.objects.filter(alone=False, **where).values_list("region").annotate(
        k=Count("identity", distinct=True)).order_by()))
    persons.update(dict(PersonTally.objects.filter(attribute="municipality", **where).values_list("region").annotate(
        s=Sum("n")).order_by()))
    cases = dict(CaseCell.objects.filter(**where).values_list("region").annotate(s=Sum("n")).order_by())
    return kinds, persons, cases


@contextmanager
def facts_for(sel):
    """The facts of a selection, for the figures computed inside the `with`: from the aggregates
    where they answer it (brought up to date first), else from the signals."""
    if not answers(sel):
        yield Facts(sel)
        return
    ensure([sel.region.pk], add_months(sel.start.replace(day=1), -12), sel.end.replace(day=1))
    yield MonthlyFacts(sel)


# The groupings the figures' counts are read from (`MonthlyFacts._grouped`), each with every sum of
# `SUMMED`, and the cells each is read from; a count whose dimensions are in none is read from the
# signal cells on its own.
GROUPINGS = {("month", "kind"): KindCell, ("municipality", "kind"): MunicipalityCell,
             ("sector", "organisation", "is_open", "escalated"): SourceCell}
SUMMED = ("n", "with_victim", "registrations", "enriched")


class MonthlyFacts(Facts):
    """The facts of a selection by place and period (`answers`), read from the aggregates: the
    stored cells of the whole months, and those of a month the period takes part of (its first or
    last), a `Part` built for these days and this place once and kept. So free dates give the same
    numbers as the signals, at the cost of building at most two months the first time."""

    ESTIMATED_MEDIANS = True

    def __init__(self, selection):
        super().__init__(selection)
        self.place = selection.municipality.pk if selection.municipality is not None else REGION_WIDE
        start, end = selection.start, selection.end
        self.first = start if start.day == 1 else add_months(start.replace(day=1), 1)  # whole months
        self.last = end.replace(day=1) if ends_a_month(end) else add_months(end.replace(day=1), -1)
        parts = []
        if start.day != 1:
            parts.append((start, min(end, add_months(start.replace(day=1), 1) - timedelta(days=1))))
        if end.replace(day=1) > self.last and not (parts and end.replace(day=1) == start.replace(day=1)):
            parts.append((max(start, end.replace(day=1)), end))
        self.slots = [part(selection.region.pk, first, last, self.place) for first, last in parts]
        # The months the cells of this selection are in: the whole months and those of its parts.
        self.span = (min([self.first] + [first.replace(day=1) for first, _last in parts]),
                     max([self.last] + [first.replace(day=1) for first, _last in parts]))
        self._counts = {}

    def _partial(self, place):
        """The places of this selection's parts' cells of a place."""
        return [part_place(slot, place) for slot in self.slots]

    @cached_property
    def earlier(self):
        """A year earlier: its counts per month and form are all the year-on-year figures read."""
        earlier = self.sel.year_earlier()
        return MonthlyFacts(earlier) if earlier.only_place_and_time else Facts(earlier)

    def _cells(self, model, places=None):
        """The cells of the selection at its place (or these places), its parts' too: one index
        range per place (`place IN`, over the months of both), the whole months' own bounds checked
        on the index's rows. Asked as an OR of the two, PostgreSQL read every row from the table
        through a bitmap of the index (6,699 pages for the people seen in several months of ten
        years at 3M) instead of the index alone."""
        places = [self.place] if places is None else places
        return model.objects.filter(
            region=self.sel.region, place__in=places + [p for place in places for p in self._partial(place)],
            month__gte=self.span[0], month__lte=self.span[1]).exclude(
            Q(place__in=places) & (Q(month__lt=self.first) | Q(month__gt=self.last)))

    def _grouped(self, dimensions):
        """The cells summed per value of the dimensions, with every sum at once: a figure's count is
        read from the narrowest cells that keep its dimensions (`GROUPINGS`), so the dashboard's
        dozen counts take three small reads (some 5,000 rows for ten years of a region at 3M)
        instead of a scan of its 41,000 signal cells each."""
        wide = next((group for group in GROUPINGS if set(dimensions) <= set(group)), tuple(dimensions))
        if wide not in self._counts:
            self._counts[wide] = list(self._cells(GROUPINGS.get(wide, SignalCell)).values_list(*wide).annotate(
                *(Sum(field) for field in SUMMED)).order_by())
        positions = [wide.index(dimension) for dimension in dimensions]
        return positions, len(wide), self._counts[wide]

    def _sum(self, dimensions, field):
        positions, width, rows = self._grouped(dimensions)
        column = width + SUMMED.index(field)
        counts = Counter()
        for row in rows:
            key = tuple(row[p] for p in positions)
            counts[key if len(key) != 1 else key[0]] += row[column] or 0
        return counts

    def count(self, *dimensions):
        return self._sum(dimensions, "n")

    def by(self, dimension):
        if dimension not in self._by:
            self._by[dimension] = dict(self._cells(TagCell).filter(dimension=dimension).values_list("item")
                                       .annotate(s=Sum("n")).order_by())
        return self._by[dimension]

    @cached_property
    def _sums(self):
        return {field: self._sum((), field)[()] for field in ("with_victim", "registrations", "enriched")}

    @property
    def victims(self):
        raise NotImplementedError("the aggregates keep people, not their records")

    def _tallies(self, attributes):
        """attribute -> value -> people of the whole months seen in one month only (`PersonTally`)."""
        tallies = defaultdict(Counter)
        for attribute, value, n in PersonTally.objects.filter(
                region=self.sel.region, place=self.place, month__gte=self.first, month__lte=self.last,
                attribute__in=attributes).values_list("attribute", "value").annotate(s=Sum("n")).order_by():
            tallies[attribute][value] += n
        return tallies

    @cached_property
    def _people(self):
        """Per attribute, the people per value (each under the greatest rank (`rank`) of their
        records over the period): those of one month from its tally, the others (and the months
        this request built in part) read one by one, in one pass."""
        people = defaultdict(Counter)
        for attribute, values in self._tallies(PERSON_ATTRIBUTES).items():
            for value, n in values.items():
                people[attribute][value_of(value, attribute)] += n
        latest = self._cells(PersonCell).filter(alone=False).values("identity").annotate(
            **{attribute: Max(f"{attribute}_key") for attribute in PERSON_ATTRIBUTES}).values(*PERSON_ATTRIBUTES)
        sql, params = latest.query.sql_with_params()
        counts = " UNION ALL ".join(
            f"SELECT '{attribute}', SUBSTR({connection.ops.quote_name(attribute)}, 34), COUNT(*) FROM latest "  # nosec B608: the names are our own attributes, values are parameters
            f"GROUP BY SUBSTR({connection.ops.quote_name(attribute)}, 34)" for attribute in PERSON_ATTRIBUTES)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH latest AS ({sql}) {counts}", params)  # noqa: S608 (our own names)
            for attribute, value, n in cursor.fetchall():
                people[attribute][value_of(value, attribute)] += n
        return people

    def people_numbers(self):
        return {"with_victim": self._sums["with_victim"], "registrations": self._sums["registrations"],
                "persons": sum(self._people["municipality"].values())}

    def registrations_per(self, dimension):
        return self._sum((dimension,), "registrations")

    @cached_property
    def _seen(self):
        """From the people seen in more than one month (their rows), in one scan of them: the people
        per month ("month"), and per municipality those living and seen there, living there and seen
        elsewhere, living elsewhere and seen there (`LIVED`). Four scans of the same rows before."""
        rows = self._cells(PersonCell).filter(alone=False).values("identity", "month", "municipality", "residence")
        sql, params = rows.query.sql_with_params()
        counts = " UNION ALL ".join(  # a month in the second column, a municipality in the third
            f"SELECT '{name}', {'month' if key == 'month' else 'NULL'}, {'NULL' if key == 'month' else key}, "  # nosec B608
            f"COUNT(DISTINCT identity) FROM seen {where} GROUP BY {key}"  # our own names, no value
            for name, key, where in (
                ("month", "month", ""), (LIVED[0], "residence", "WHERE residence = municipality"),
                (LIVED[1], "residence", "WHERE residence <> municipality"),
                (LIVED[2], "municipality", "WHERE residence <> municipality")))
        seen = defaultdict(Counter)
        with connection.cursor() as cursor:
            cursor.execute(f"WITH seen AS MATERIALIZED ({sql}) {counts}", params)  # noqa: S608 (our own names)
            for name, month, place, n in cursor.fetchall():
                if name == "month":  # SQLite answers a date as its ISO text
                    seen[name][month if isinstance(month, date) else date.fromisoformat(month)] += n
                else:
                    seen[name][place] += n
        return seen

    def persons_per_month(self):
        """The people seen in one month only from that month's tally (each once, under their
        municipality), the others counted from their rows: a tenth of the person rows."""
        months = Counter(dict(PersonTally.objects.filter(
            region=self.sel.region, place=self.place, month__gte=self.first, month__lte=self.last,
            attribute="municipality").values_list("month").annotate(s=Sum("n")).order_by()))
        months.update(self._seen["month"])
        return {month: n for month, n in months.items() if n}

    def distinct_victims(self, attribute):
        return {value: n for value, n in self._people[attribute].items() if n}

    def lived(self):
        tallies = self._tallies(LIVED)
        result = []
        for name in LIVED:
            counts = Counter({int(value): n for value, n in tallies[name].items()})
            counts.update(self._seen[name])
            result.append({municipality: n for municipality, n in counts.items() if n})
        return tuple(result)

    def involving(self):
        places = {m.pk: m.pk for m in self.municipalities}
        places |= {partial: m.pk for m in self.municipalities for partial in self._partial(m.pk)}
        counts = Counter()
        for place, n in self._cells(KindCell, [m.pk for m in self.municipalities]).values_list(
                "place").annotate(s=Sum("several")).order_by():
            counts[places[place]] += n
        return counts

    def enriched(self):
        return self._sums["enriched"]

    def tracks(self):
        """Each case once, however many months its signals fall in."""
        per_case = self._cells(TrackCell).values("case_ref", "kind", "is_open", "n").distinct()
        sql, params = per_case.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT kind, is_open, SUM(n) FROM ({sql}) per_case GROUP BY kind, is_open',  # noqa: S608  # nosec B608
                           params)
            return Counter({(kind, bool(is_open)): int(n) for kind, is_open, n in cursor.fetchall()})

    def table_cases(self):
        return dict(self._cells(CaseCell).values_list("municipality").annotate(s=Sum("n")).order_by())

    def lead_times(self):
        counts = defaultdict(list)
        for measure, bucket, n in self._cells(LeadTimeCell).values_list("measure", "bucket").annotate(
                s=Sum("n")).order_by("measure", "bucket"):
            counts[measure].append((bucket, n))
        return {measure: median_of_classes(counts.get(measure, ())) for measure in MEASURES}


def median_of_classes(classes):
    """(median days or None, number measured) from (class, count) pairs in order of class; the
    median as the middle of its class (of two classes' middles for an even number)."""
    total = sum(n for _bucket, n in classes)
    if not total:
        return None, 0

    def at(position):  # the class of the position-th smallest duration (0-based)
        seen = 0
        for bucket, n in classes:
            seen += n
            if position < seen:
                return days_of(bucket)

    middle = total // 2
    value = at(middle) if total % 2 else (at(middle - 1) + at(middle)) / 2
    return round(value, 1), total
