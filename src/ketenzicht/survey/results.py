"""The results of a region's rounds side by side: per round the invited, the responses and the
response rate, and per question the share of respondents who chose each option.

Anonymous answers are shown only in aggregate, and a share that rests on fewer respondents than
the region's threshold is hidden with the house's mark ("<5", as insights.suppression.label writes
it; insights sits above this app): a handful of staff in one municipality or department must not be
recognisable by their answers. A round with fewer responses than the threshold shows none of its
shares. No cross-tabulation is published (each question stands alone, over the whole round), so a
hidden share that the others of a single-choice question imply says how many of the region's
respondents gave that answer, never who: the shares stay as the seed reports them, without
secondary suppression."""
from dataclasses import dataclass, field

from django.db.models import Count

from .models import Answer, Response, Round

MAX_ROUNDS = 8  # the columns side by side: the latest rounds


def hidden_mark(threshold):
    return f"<{threshold}"


def percentage(count, total):
    """Rounded half up, as a report rounds (52 of 112 is 46%, 63 of 112 is 56%)."""
    return (200 * count + total) // (2 * total) if total else None


@dataclass
class Cell:
    count: int
    percent: int | None  # None: hidden (a count below the threshold)


@dataclass
class Column:
    round: Round
    responses: int
    shown_responses: int | str
    rate: int | None
    cells: dict = field(default_factory=dict)  # (question, option) -> Cell


def rounds_of(region):
    """The region's latest rounds, oldest first (the order in which they are read side by side)."""
    latest = Round.objects.filter(region=region).order_by("-opens_on", "-id")[:MAX_ROUNDS]
    return sorted(latest, key=lambda r: (r.opens_on, r.pk))


def columns(region, rounds):
    """Per round its column of figures; the same few queries whatever the number of rounds."""
    threshold = region.suppression_threshold
    ids = [r.pk for r in rounds]
    responses = dict(Response.objects.filter(round_id__in=ids).values_list("round_id").annotate(n=Count("id")))
    counted = {}
    for round_id, question, option, n in Answer.objects.filter(round_id__in=ids).values_list(
            "round_id", "question", "option").annotate(n=Count("id")).order_by():
        counted[round_id, question, option] = n
    choices = {}  # (version, question): its options, asked of the region once
    found = []
    for r in rounds:
        total = responses.get(r.pk, 0)
        column = Column(r, total, total if total >= threshold else hidden_mark(threshold),
                        percentage(total, r.invited) if r.invited and total >= threshold else None)
        for question in r.questions:
            key = (r.version, question.code)
            if key not in choices:
                choices[key] = question.choices(region)
            for code, _label in choices[key]:
                n = counted.get((r.pk, question.code, code), 0)
                column.cells[question.code, code] = Cell(n, percentage(n, total) if n >= threshold else None)
        found.append(column)
    return found


def table(region, rounds):
    """The rows as shown: (question, [(option label, [cell per column])]) over the questions of the
    newest round, with the columns."""
    cols = columns(region, rounds)
    if not cols:
        return [], cols
    rows = []
    for question in cols[-1].round.questions:
        options = [(label, [(c.cells.get((question.code, code)), c) for c in cols])
                   for code, label in question.choices(region)]
        rows.append((question, options))
    return rows, cols
