"""What the pages and the API read: the region's overview in a fixed number of queries whatever its
size (criteria, municipalities, assessments; no query per cell), and the instruments that fit a
signal's or a case's barriers."""
from django.db.models import Prefetch
from django.utils import timezone

from ketenzicht.regions.models import Municipality

from .models import Assessment, Change, Criterion, Instrument, InstrumentState, Level


def criteria(region, retired=False):
    found = Criterion.objects.filter(region=region)
    return found if retired else found.filter(retired_at__isnull=True)


def instruments(region, retired=False):
    found = Instrument.objects.filter(region=region).prefetch_related("barriers", "partners")
    return found if retired else found.filter(retired_at__isnull=True)


def overview(region, municipalities=None):
    """Rows of the region's matrix: (municipality, [assessment or None per criterion], met count),
    the criteria, and the due next steps (date reached, oldest first)."""
    columns = list(criteria(region))
    municipalities = list(municipalities if municipalities is not None
                          else Municipality.objects.filter(region=region).order_by("name"))
    cells = {(a.municipality_id, a.criterion_id): a for a in Assessment.objects.filter(
        criterion__in=columns, municipality__in=municipalities)}
    rows = []
    for m in municipalities:
        row = [cells.get((m.pk, c.pk)) for c in columns]
        rows.append((m, row, sum(1 for a in row if a and a.level == Level.MET)))
    today = timezone.localdate()
    due = sorted((a for a in cells.values() if a.is_due), key=lambda a: a.next_step_due)
    by_pk = {m.pk: m for m in municipalities}
    by_criterion = {c.pk: c for c in columns}
    for a in due:
        a.municipality_row, a.criterion_row = by_pk[a.municipality_id], by_criterion[a.criterion_id]
    return {"criteria": columns, "rows": rows, "due": due, "today": today}


def assessments_of(municipality):
    """Per active criterion of the municipality's region: (criterion, assessment or None, history)."""
    columns = list(criteria(municipality.region))
    found = {a.criterion_id: a for a in Assessment.objects.filter(municipality=municipality, criterion__in=columns)
             .prefetch_related(Prefetch("history", queryset=Change.objects.select_related("changed_by")))}
    return [(c, found.get(c.pk), list(found[c.pk].history.all()) if c.pk in found else []) for c in columns]


def states_of(municipality):
    """Per active instrument of the region: (instrument, state or None)."""
    found = {s.instrument_id: s for s in InstrumentState.objects.filter(municipality=municipality)}
    return [(i, found.get(i.pk)) for i in instruments(municipality.region)]


def fitting_instruments(region, barriers, municipalities):
    """The region's instruments that raise one of `barriers`, each with the barriers it matches and
    its state in each of `municipalities`: [(instrument, [barrier], [(municipality, state or None)])]."""
    barrier_ids = {b.pk for b in barriers}
    if not barrier_ids:
        return []
    found = list(instruments(region).filter(barriers__in=barrier_ids).distinct())
    states = {(s.instrument_id, s.municipality_id): s for s in InstrumentState.objects.filter(
        instrument__in=found, municipality__in=municipalities)}
    return [(i, [b for b in i.barriers.all() if b.pk in barrier_ids],
             [(m, states.get((i.pk, m.pk))) for m in municipalities]) for i in found]
