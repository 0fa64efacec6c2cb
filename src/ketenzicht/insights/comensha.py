"""CoMensha's view of the figures: registrations per reporting organisation beside victims (distinct
persons), by sector of exploitation.

Source: seed 002 (Zeeland-West-Brabant, bijlage 4, "Bron: CoMensha (speciaal aangeleverd)"): CoMensha
reports "aanmeldingen" per reporting organisation with the sector of exploitation of each victim
("28 (20x SD, 10x GC, 2xOH, 1xGB, 1xGA)", "4 slachtoffers in 2 sectoren uitgebuit en 1 slachtoffer in
3 sectoren"), and distinguishes victims from registrations: "Een slachtoffer kan door meerdere
instanties worden aangemeld". The codes are CoMensha's; a form of exploitation carries its code
(`ExploitationForm.comensha_code`, set from `intake.reference.FORMS`, the one place that maps them).
A victim without a known form is "Onb"; "NNG" (not yet worked) and "GB" (not explained in the
source) have no form in Ketenzicht, so they are shown as CoMensha's table has them and stay empty.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from ketenzicht.intake.models import ExploitationForm

from .facts import Facts

UNKNOWN = "Onb"
# CoMensha's sector codes in the order of its table, with their meaning (seed 002, bijlage 4).
SECTORS = (
    ("SD", gettext_lazy("Seksuele dienstverlening")),
    ("GA", gettext_lazy("Gereguleerde arbeid en dienstverlening")),
    ("GC", gettext_lazy("Gedwongen criminaliteit")),
    ("OH", gettext_lazy("Orgaanhandel")),
    ("GB", gettext_lazy("GB (niet toegelicht in de bron)")),
    ("NNG", gettext_lazy("Nog niet gewerkt")),
    (UNKNOWN, gettext_lazy("Onbekend")),
)
CODES = tuple(code for code, _label in SECTORS)


def sectors_of(codes):
    """The sectors one victim counts in, from the CoMensha codes of the forms of their registrations:
    each known one once, or "Onb" if none is known."""
    known = {code for code in codes if code in CODES and code != UNKNOWN}
    return known or {UNKNOWN}


@dataclass
class Tally:
    """Registrations and the distinct victims behind them, in total and per sector."""

    registrations: int = 0
    codes: dict = field(default_factory=lambda: defaultdict(set))  # victim -> codes of their registrations

    def add(self, identity, codes):
        self.registrations += 1
        self.codes[identity].update(codes)

    @property
    def victims(self):
        return len(self.codes)

    def per_sector(self):
        """Victims per sector code: a victim exploited in two sectors counts once in each."""
        counts = dict.fromkeys(CODES, 0)
        for codes in self.codes.values():
            for code in sectors_of(codes):
                counts[code] += 1
        return counts


def count(records, organisations=None):
    """(per organisation, all) from possible victim records given as (identity, organisation, codes):
    per reporting organisation the registrations it made and the victims (distinct persons) they are,
    and over all organisations the same, so a victim registered by two counts once in the total.
    Organisations outside `organisations` (if given), and none, are counted together under None."""
    per_organisation, overall = defaultdict(Tally), Tally()
    for identity, organisation, codes in records:
        if organisations is not None and organisation not in organisations:
            organisation = None
        per_organisation[organisation].add(identity, codes)
        overall.add(identity, codes)
    return dict(per_organisation), overall


def records(sel):
    """(identity, reporting organisation, CoMensha codes of the signal's forms) of every possible
    victim record of a selection, streamed into `count`. Read from the signals whatever answers the
    other figures: the monthly aggregates keep neither the reporter of a person nor the forms of
    their signal. Ten years of a region at 3M signals are some 150,000 records: held as objects
    at once they took the process to 330 MB."""
    facts = Facts(sel)
    code_of = dict(ExploitationForm.objects.values_list("pk", "comensha_code"))
    codes = {signal: frozenset(code_of[item] for item in items) for signal, items in facts.forms().items()}
    for signal, identity, organisation in facts.victim_values("signal", "identity", "signal__reporter_organisation"):
        yield identity, organisation, codes.get(signal, frozenset())
