"""The kinds of records retention applies to. Each app registers its own from its
registrations.py — what is due, what to do with it, the default and the shortest term — so
privacy imports no app and a new kind needs no migration."""
from dataclasses import dataclass
from typing import Callable

KINDS = {}  # code -> Kind, in the order the apps registered them


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # a lazy translation
    # Months, used when a region has not set its own term; and the shortest a region may set (a
    # term of zero would let whoever edits the rules erase the access log, the evidence of what
    # they did, or every closed record in one night).
    default_months: int
    minimum_months: int
    due: Callable  # (region_id, cutoff, now) -> queryset of what is past the term
    apply: Callable  # (queryset) -> how many were anonymised or deleted
    # (region_id, cutoff, now) -> how many were announced: for kinds that warn before they act
    warn: Callable | None = None
    # The longest term a region may set. No law names a number for these records (the AVG, art. 5(1)(e):
    # no longer than needed for the purpose); ten years bounds a mistyped term (600 for 60) that would
    # keep personal data for decades, and is above every term the shipped defaults or covenants use.
    maximum_months: int = 120
    warned_label: str = ""
    verb: str = "anonymise"  # what `apply_retention` says it does


def register(kind: Kind):
    KINDS[kind.code] = kind
