"""Every figure of the region's picture, computed in one place.

Each function takes the `Facts` of a selection and returns a `Table`; the dashboard, the monitor
report, the CSV and Excel downloads and `/api/v1/stats/…` call these (through `compute`) and
nothing else. The figures of one request share their facts, so each is read once. Signals are counted
by their lead municipality (a signal is counted once); "playing in" a municipality is the
cross-border figure. People are counted as far as users linked them (`Person.identity`).
"""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from ketenzicht.cases.models import Case, Track
from ketenzicht.intake import signalenkaart
from ketenzicht.intake.models import (
    AgeGroup,
    Barrier,
    ExploitationForm,
    Gender,
    Kind,
    NationalityGroup,
)
from ketenzicht.lib.dates import add_months
from ketenzicht.regions.models import Municipality, Organisation, Region, Sector

from . import aggregates, comensha, instruments, prevention
from .tables import DAYS, PERCENT, RATE, Column, Row, Table, publish_together, values_of

PER = 10_000  # inhabitants for the rate per municipality
# What the figures count (see `Table.quantity`): signals of the selection by month, kind, lead
# municipality, sector and reporting organisation; distinct people by their profile.
SIGNALS, PERSONS = "signals", "persons"


def _kinds():
    return [Column(kind, name, scope={"kind": kind}) for kind, name in (
        (Kind.ADVICE, _("Adviesvragen")), (Kind.SIGNAL, _("Meldingen")), (Kind.CASE, _("Bestaande casussen")))]


def _signals(facts):
    """The scope of every signal of the selection: all its months."""
    return {"month": _all_months(facts.sel.start, facts.sel.end)}


@lru_cache(maxsize=64)
def _all_months(start, end):
    """Every month of a period as `_scoped` names it: the same for the half dozen tables of a
    dashboard that count all signals (and their cells), so made once (1,400 months each time for
    ten years before)."""
    return frozenset(_scoped(start, end, month) for month in aggregates.months(start, end))


def _year_earlier(label, sel):
    """The column of the same months a year earlier: signals too, of other months, each named as
    the year-earlier selection holds it (`_scoped`): 1-28 February 2023 is the whole month, and
    1-28 February 2024 not."""
    earlier = sel.year_earlier()
    return Column("year_earlier", label, in_total=False, space=SIGNALS, scope=lambda row: {
        "month": _earlier_months(earlier.start, earlier.end, values_of(row.scope["month"]))})


@lru_cache(maxsize=512)
def _earlier_months(start, end, months):
    """The months a year before these, as the year-earlier period (`start`, `end`) holds them."""
    return frozenset(_scoped(start, end, add_months(_month_of(m), -12)) for m in months)


@dataclass(frozen=True)
class Days:
    """The days of a month a selection takes part of, as a month's place in a figure's scope."""

    first: date
    last: date

    def __str__(self):
        return f"{self.first}..{self.last}"


def _scoped(start, end, month):
    """A month in a figure's scope: the month itself when the period (start, end) holds it whole, else the
    days it holds (`Days`). The secondary suppression reads equal scopes as the same count, and
    the part of December a period starts with is not the part its year-earlier column ends with:
    as one count they made the quarters' equations false, and the narrowing ran away (5 s)."""
    last = add_months(month, 1) - timedelta(days=1)
    if start <= month and last <= end:
        return month
    return Days(max(start, month), min(end, last))


def _month_of(scoped):
    return scoped.first.replace(day=1) if isinstance(scoped, Days) else scoped


def _month_kinds(facts):
    """Per month of the selection: counts per kind, and the total of the same month a year earlier."""
    now, before = facts.count("month", "kind"), facts.earlier.count("month")
    for month in aggregates.months(facts.sel.start, facts.sel.end):
        values = {kind: now[(month, kind)] for kind in Kind.values}
        values["year_earlier"] = before[add_months(month, -12)]
        yield month, values


def per_month(facts):
    """Advice questions, signals and existing cases per month, with the same month a year earlier,
    and registrations of possible victims beside the people they are (issue 20)."""
    table = Table("per-month", _("Per maand"), _kinds() + [
        _year_earlier(_("Een jaar eerder (totaal)"), facts.sel),
        Column("registrations", _("Registraties van mogelijke slachtoffers"), in_total=False),
        Column("persons", _("Mogelijke slachtoffers (personen)"), in_total=False)],
        row_header=_("Maand"), total_row=True, total_column=True, chart="columns",
        description=_("Binnengekomen adviesvragen, meldingen en bestaande casussen per maand van ontvangst. "
                      "Personen: wie in twee maanden geregistreerd is, telt in beide maanden."),
        space=SIGNALS, scope=_signals(facts))
    registrations, persons = facts.registrations_per("month"), facts.persons_per_month()
    for month, values in _month_kinds(facts):
        values.update(registrations=registrations.get(month, 0), persons=persons.get(month, 0))
        table.rows.append(Row(month.isoformat()[:7], _month_label(month), values,
                              link={"month": month.isoformat()[:7]}, scope={"month": _scoped(facts.sel.start, facts.sel.end, month)}))
    return table


def per_quarter(facts):
    """The same per quarter, year on year."""
    table = Table("per-quarter", _("Per kwartaal"), _kinds() + [
        _year_earlier(_("Een jaar eerder (totaal)"), facts.sel),
        Column("change", _("Verschil met een jaar eerder"), kind=PERCENT, base=("year_earlier", "total"),
               derive=lambda v: _change(v["total"], v["year_earlier"]))],
        row_header=_("Kwartaal"), total_row=True, total_column=True, chart="columns",
        description=_("Per kwartaal, met hetzelfde kwartaal een jaar eerder."), space=SIGNALS, scope=_signals(facts))
    quarters, months = {}, {}
    for month, counts in _month_kinds(facts):
        key = (month.year, (month.month - 1) // 3 + 1)
        quarter = quarters.setdefault(key, dict.fromkeys(counts, 0))
        months.setdefault(key, set()).add(_scoped(facts.sel.start, facts.sel.end, month))
        for name, n in counts.items():
            quarter[name] += n
    for (year, q), values in quarters.items():
        table.rows.append(Row(f"{year}-Q{q}", f"Q{q} {year}", values, scope={"month": months[(year, q)]}))
    return table


def _change(now, before):
    return round(100 * (now - before) / before, 1) if before else None


def _month_label(month):
    return date_format(month, "F Y")


def municipalities(facts):
    """The monitor's core: advice questions, signals and cases per municipality, people, rate."""
    kinds = facts.count("municipality", "kind")
    cases = facts.table_cases()
    people = facts.distinct_victims("municipality")
    table = Table("municipalities", _("Per gemeente"), _kinds() + [
        Column("table_cases", _("Casussen aan tafel"), in_total=False),
        Column("registrations", _("Registraties van mogelijke slachtoffers"), in_total=False),
        Column("victims", _("Mogelijke slachtoffers (personen)"), in_total=False),
        Column("rate", _("Signalen per 10.000 inwoners"), kind=RATE, base="total", derive=_rate)],
        row_header=_("Gemeente"), total_row=True, total_column=True, chart="map", chart_column="rate",
        description=_("Naar leidende gemeente; casussen aan tafel naar de gemeente van de casus. Personen: "
                      "registraties die gebruikers als dezelfde persoon hebben gekoppeld tellen één keer, "
                      "onder de gemeente van de laatste registratie."),
        space=SIGNALS, scope=_signals(facts))
    registrations = facts.registrations_per("municipality")
    for m in facts.municipalities:
        values = {kind: kinds[(m.pk, kind)] for kind in Kind.values}
        values["table_cases"] = cases.get(m.pk, 0)
        values["registrations"] = registrations.get(m.pk, 0)
        values["victims"] = people.get(m.pk, 0)
        values["inhabitants"] = m.inhabitants
        table.rows.append(Row(m.cbs_code, m.name, values, link={"municipality": m.cbs_code},
                              scope={"municipality": m.pk}))
    return table


def _rate(values):
    return round(PER * values["total"] / values["inhabitants"], 1) if values["inhabitants"] else None


def forms(facts):
    """Signals per form of exploitation, against the same period a year earlier."""
    now, before = facts.by("form"), facts.earlier.by("form")
    table = Table("forms", _("Per vorm van uitbuiting"), [
        Column("now", _("Signalen in de periode")), Column("year_earlier", _("Een jaar eerder"), in_total=False),
        # Growth is not a count of people, but it would reveal a hidden count: hidden with either.
        Column("change", _("Groei"), kind=RATE, base=("now", "year_earlier"),
               derive=lambda v: v["now"] - v["year_earlier"]),
        Column("change_pct", _("Groei (%)"), kind=PERCENT, base=("now", "year_earlier"),
               derive=lambda v: _change(v["now"], v["year_earlier"]))],
        row_header=_("Vorm"), chart="bars", chart_column="now", remark=_growth,
        description=_("Een signaal kan over meer vormen gaan. Groei: verschil met dezelfde periode een jaar eerder."))
    for form in ExploitationForm.objects.all():
        table.rows.append(Row(form.code, form.label, {"now": now.get(form.pk, 0), "year_earlier": before.get(form.pk, 0)}))
    return table


def _growth(published):
    """The form that grew most, by the growth as shown (hidden growth does not count)."""
    grown = [(shown["change"], row) for row, shown in published.shown_rows() if shown["change"] is not None]
    change, row = max(grown, key=lambda pair: pair[0], default=(0, None))
    if change <= 0:
        return "", set()
    return _("Grootste groei: %(form)s.") % {"form": row.label}, {row.key}


def sectors(facts):
    """Where signals come from: every sector, the ones that never report included."""
    counts = facts.count("sector")
    table = Table("sectors", _("Per sector van de melder"), [Column("n", _("Signalen"), scope={})],
                  row_header=_("Sector"), total_row=True, chart="bars", remark=_silent,
                  description=_("Sectoren zonder signalen in de periode staan erbij: wie meldt niet?"),
                  space=SIGNALS, scope=_signals(facts))
    for value, name in Sector.choices:
        table.rows.append(Row(value, name, {"n": counts[value]}, scope={"sector": value}))
    return table


def _silent(published):
    """The sectors that do not report, by the numbers as shown: published, none and a few look
    alike ("<5"), so the note names both rather than reveal which is none."""
    silent = [row for row, shown in published.shown_rows() if not shown["n"]]
    if not silent:
        return "", set()
    names = ", ".join(str(row.label) for row in silent)
    if published.threshold:
        note = _("Geen of minder dan %(threshold)s signalen uit: %(sectors)s.") % {
            "threshold": published.threshold, "sectors": names}
    else:
        note = _("Geen signalen uit: %(sectors)s.") % {"sectors": names}
    return note, {row.key for row in silent}


def partners(facts):
    """Signals per reporting partner organisation of the region (zero included)."""
    counts = facts.count("organisation")
    table = Table("partners", _("Per melder (organisatie)"), [Column("n", _("Signalen"), scope={})],
                  row_header=_("Organisatie"), total_row=True,
                  description=_("Organisaties van de regio; burgers en anonieme melders staan onder 'geen organisatie'."),
                  space=SIGNALS, scope=_signals(facts))
    orgs = list(Organisation.objects.filter(region=facts.sel.region).order_by("name"))
    for org in orgs:
        table.rows.append(Row(str(org.pk), org.name, {"n": counts[org.pk]}, scope={"organisation": org.pk}))
    # Reporters of other regions' organisations (and none) together, so the rows add up to all signals.
    listed = {org.pk for org in orgs}
    table.rows.append(Row("none", _("Geen of andere organisatie"),
                          {"n": sum(n for pk, n in counts.items() if pk not in listed)},
                          scope={"organisation": frozenset(pk for pk in counts if pk not in listed) | {None}}))
    return table


def funnel(facts):
    """From signal to outcome: received, enriched, escalated to the table, tracks and outcomes."""
    sel = facts.sel
    enriched = facts.enriched()
    escalated = facts.count("escalated")[True]
    closed_without = facts.count("is_open", "escalated")[(False, False)]
    tracks = facts.tracks()
    table = Table("funnel", _("Van signaal naar uitkomst"), [Column("n", _("Aantal"), scope={})], row_header=_("Stap"),
                  chart="bars", description=_("Verrijkt: er is informatie toegevoegd. Sporen van de casussen "
                                              "waarin deze signalen aan tafel kwamen."))
    table.rows += [Row("received", _("Signalen ontvangen"), {"n": facts.total}, space=SIGNALS, scope=_signals(facts)),
                   Row("enriched", _("Verrijkt"), {"n": enriched}),
                   Row("escalated", _("Naar de weeg- en monitortafel"), {"n": escalated}),
                   Row("closed_without", _("Afgesloten zonder tafel"), {"n": closed_without})]
    labels = sel.region.routes.filter(active=True).first()
    names = labels.route.tracks if labels else {}
    # Every kind of track of the route, the ones without tracks too: a row only where there is
    # one would tell that there is one.
    for kind in sorted(set(names) | {kind for kind, _open in tracks}):
        table.rows.append(Row(f"track:{kind}", _("Spoor: %(kind)s") % {"kind": names.get(kind, kind)},
                              {"n": tracks[(kind, True)] + tracks[(kind, False)]}))
    table.rows += [Row("tracks_closed", _("Sporen afgerond"),
                       {"n": sum(n for (_kind, is_open), n in tracks.items() if not is_open)}),
                   Row("tracks_open", _("Sporen lopend"),
                       {"n": sum(n for (_kind, is_open), n in tracks.items() if is_open)})]
    return table


def lead_times(facts):
    """Median days from receipt to first action, to the table's decision and to closure."""
    measured = facts.lead_times()
    description = _("De helft van de signalen was sneller, de helft langzamer.")
    if facts.ESTIMATED_MEDIANS:
        description += " " + _("De mediaan is geschat uit de maandcijfers (doorlooptijden in klassen van 5%), "
                               "dus op ongeveer 2,5% nauwkeurig.")
    table = Table("lead-times", _("Doorlooptijden"), [
        Column("n", _("Gemeten signalen"), in_total=False), Column("median", _("Mediaan (dagen)"), kind=DAYS, base="n")],
        row_header=_("Van ontvangst tot"), description=description)
    for key, name in (("first_action", _("eerste actie")), ("decision", _("besluit aan tafel")),
                      ("closure", _("afsluiting"))):
        median, n = measured[key]
        table.rows.append(Row(key, name, {"n": n, "median": median}))
    return table


def overdue(facts):
    """What waits past its deadline now (not bound to the period)."""
    sel, now = facts.sel, timezone.now()
    signals = sel.signals(period=False).filter(is_open=True, deadline_at__lt=now)
    cases = Case.objects.filter(region=sel.region, is_open=True)
    if sel.municipality is not None:
        cases = cases.filter(municipality_links__municipality=sel.municipality)
    # A case is late past its own deadline or with a track past its review date: counted, not listed
    # (a region's open cases hold thousands of late tracks at national scale).
    late_tracks = Track.objects.filter(case__in=cases.values("pk"), is_open=True, review_on__lt=timezone.localdate())
    late_cases = cases.filter(Q(deadline_at__lt=now) | Q(pk__in=late_tracks.values("case"))).values("pk").distinct()
    table = Table("overdue", _("Over de termijn (nu)"), [Column("n", _("Aantal"))], row_header=_("Wat"),
                  description=_("Stand van vandaag, los van de gekozen periode."))
    table.rows += [Row("signals", _("Open signalen over hun termijn"), {"n": signals.count()},
                       link={"status": "overdue"}),
                   Row("cases", _("Casussen over hun termijn"), {"n": late_cases.count()}),
                   Row("tracks", _("Sporen over hun evaluatiedatum"), {"n": late_tracks.count()})]
    return table


def people(facts):
    """Registrations versus people: signals, victim records and distinct possible victims."""
    table = Table("people", _("Registraties en personen"), [Column("n", _("Aantal"), scope={})], row_header=_("Wat"),
                  description=_("Personen: registraties die gebruikers als dezelfde persoon hebben gekoppeld tellen "
                                "één keer (zoals CoMensha registraties en personen onderscheidt)."))
    numbers = facts.people_numbers()
    table.rows += [Row("signals", _("Signalen"), {"n": facts.total}, space=SIGNALS, scope=_signals(facts)),
                   Row("with_victim", _("Signalen met een mogelijk slachtoffer"), {"n": numbers["with_victim"]}),
                   Row("registrations", _("Registraties van mogelijke slachtoffers"), {"n": numbers["registrations"]}),
                   Row("persons", _("Mogelijke slachtoffers (personen)"), {"n": numbers["persons"]},
                       emphasis=True, space=PERSONS, scope={})]
    return table


def comensha_view(facts):
    """CoMensha's table (seed 002, bijlage 4): registrations per reporting organisation beside the
    victims (distinct persons) they are, per sector of exploitation; the last row counts each victim
    once however many organisations registered them, and once per sector they were exploited in."""
    legend = "; ".join(f"{code}: {label}" for code, label in comensha.SECTORS)
    table = Table("comensha", _("Aanmeldingen en slachtoffers (zoals CoMensha)"), [
        Column("registrations", _("Aanmeldingen (registraties)"), in_total=False),
        Column("victims", _("Slachtoffers (personen)"), in_total=False)] + [
        Column(code, code, in_total=False) for code in comensha.CODES],
        row_header=_("Aangemeld door"),
        description=_("Per melder (organisatie): registraties van mogelijke slachtoffers en de personen die het "
                      "zijn, per sector van uitbuiting (uit de vormen van uitbuiting van het signaal). Een "
                      "slachtoffer in twee sectoren telt in beide; in de onderste rij telt elk slachtoffer één "
                      "keer, ook als meer organisaties het aanmeldden. Codes: %(legend)s.") % {"legend": legend})
    orgs = list(Organisation.objects.filter(region=facts.sel.region).order_by("name"))
    per_organisation, overall = comensha.count(comensha.records(facts.sel), {org.pk for org in orgs})
    rows = [(str(org.pk), org.name, per_organisation.get(org.pk, comensha.Tally())) for org in orgs]
    rows += [("none", _("Geen of andere organisatie"), per_organisation.get(None, comensha.Tally())),
             ("all", _("Alle melders"), overall)]
    for key, label, tally in rows:
        table.rows.append(Row(key, label, {"registrations": tally.registrations, "victims": tally.victims,
                                           **tally.per_sector()}, emphasis=key == "all"))
    return table


def _profile(facts, attribute, choices, key, title):
    counts = facts.distinct_victims(attribute)
    table = Table(key, title, [Column("n", _("Personen"), scope={})], row_header=_("Groep"), total_row=True,
                  chart="bars", space=PERSONS, description=_(
                      "Elke persoon telt één keer, met wat de laatste registratie die het weet over hem of haar zegt; "
                      "de groepen tellen op tot het aantal personen."))
    for value, name in choices:
        table.rows.append(Row(value, name, {"n": counts.get(value, 0)}, scope={attribute: value}))
    return table


def age_groups(facts):
    return _profile(facts, "age_group", AgeGroup.choices, "age-groups", _("Mogelijke slachtoffers naar leeftijd"))


def genders(facts):
    return _profile(facts, "gender", Gender.choices, "genders", _("Mogelijke slachtoffers naar geslacht"))


def nationalities(facts):
    return _profile(facts, "nationality", NationalityGroup.choices, "nationalities",
                    _("Mogelijke slachtoffers naar nationaliteit"))


def cross_border(facts):
    """Signals playing in several municipalities, and where victims live versus where they are exploited."""
    involving = facts.involving()
    here_here, here_elsewhere, elsewhere_here = facts.lived()
    table = Table("cross-border", _("Over gemeentegrenzen"), [
        Column("several", _("Signalen in meer gemeenten"), in_total=False),
        Column("here_here", _("Woont en uitgebuit hier"), in_total=False),
        Column("here_elsewhere", _("Woont hier, uitgebuit elders"), in_total=False),
        Column("elsewhere_here", _("Woont elders, uitgebuit hier"), in_total=False)],
        row_header=_("Gemeente"), total_row=False,
        description=_("Uitgebuit: de leidende gemeente van het signaal. Alleen slachtoffers met een bekende "
                      "woongemeente."))
    for m in facts.municipalities:
        table.rows.append(Row(m.cbs_code, m.name, {
            "several": involving.get(m.pk, 0),
            "here_here": here_here.get(m.pk, 0),
            "here_elsewhere": here_elsewhere.get(m.pk, 0),
            "elsewhere_here": elsewhere_here.get(m.pk, 0),
        }))
    return table


def barriers(facts):
    counts = facts.by("barrier")
    table = Table("barriers", _("Barrières (barrièremodel)"), [Column("n", _("Signalen"))], row_header=_("Barrière"),
                  chart="bars", description=_("Waar de uitbuiter een (legale) facilitator tegenkwam."))
    for barrier in Barrier.objects.all():
        table.rows.append(Row(barrier.code, barrier.label, {"n": counts.get(barrier.pk, 0)}))
    return table


def indicators(facts, top=10):
    counts = facts.by("indicator")
    labels = signalenkaart.labels(facts.sel.region)  # as the region words them, in the reader's language
    names = {pk: labels[pk] for pk in counts if pk in labels}
    table = Table("indicators", _("Meest waargenomen signalen (indicatoren)"), [Column("n", _("Signalen"))],
                  row_header=_("Indicator"), chart="bars",
                  description=_("De %(top)s indicatoren die het vaakst zijn waargenomen.") % {"top": top})
    for pk in sorted(names, key=lambda pk: (-counts[pk], names[pk]))[:top]:
        table.rows.append(Row(str(pk), names[pk], {"n": counts[pk]}))
    return table


def regions(start, end):
    """The national view: signals, people and cases per region, with the rate per inhabitants,
    from the monthly aggregates (whole months, start to end)."""
    kinds, persons, cases = aggregates.national(start.replace(day=1), end.replace(day=1))
    inhabitants = dict(Municipality.objects.values_list("region").annotate(n=Sum("inhabitants")).order_by())
    table = Table("regions", _("Per regio"), _kinds() + [
        Column("table_cases", _("Casussen aan tafel"), in_total=False),
        Column("victims", _("Mogelijke slachtoffers (personen)"), in_total=False),
        Column("rate", _("Signalen per 10.000 inwoners"), kind=RATE, base="total", derive=_rate)],
        row_header=_("Regio"), total_row=True, total_column=True, chart="region-map", chart_column="rate",
        description=_("Naar de regio van het signaal; casussen aan tafel naar hun regio. Personen: per regio "
                      "(wie in twee regio's geregistreerd is, telt in beide)."),
        space=SIGNALS, scope={"month": frozenset(aggregates.months(start, end))})
    for region in Region.objects.order_by("name"):
        values = {kind: kinds[(region.pk, kind)] for kind in Kind.values}
        values.update(table_cases=cases.get(region.pk, 0), victims=persons.get(region.pk, 0),
                      inhabitants=inhabitants.get(region.pk) or 0)
        table.rows.append(Row(region.slug, region.name, values, scope={"region": region.pk}))
    return table


def publish_national(start, end):
    """The national view as published: rounded with the strictest threshold of the regions."""
    threshold = max(Region.objects.values_list("suppression_threshold", flat=True), default=5)
    return publish_together([regions(start, end)], threshold)[0]


# The figures in the order the dashboard shows them; the key is the API's path.
FIGURES = {
    "people": people, "overdue": overdue, "per-quarter": per_quarter, "per-month": per_month,
    "municipalities": municipalities, "forms": forms, "sectors": sectors, "partners": partners, "funnel": funnel,
    "lead-times": lead_times, "cross-border": cross_border, "age-groups": age_groups, "genders": genders,
    "nationalities": nationalities, "comensha": comensha_view, "barriers": barriers, "indicators": indicators,
    **instruments.FIGURES,  # the municipality's own approach: basisniveau, permits, Bibob, measures, inspections
    "training": lambda facts: prevention.training(facts, sectors(facts)),  # trained staff beside signals per sector
}


# Figures read from the signals themselves whatever the selection (the aggregates do not keep what they
# need), so their cost grows with the period: about 3 s for ten years of a region at 1,000,000 signals.
# They have a page of their own, asked for on purpose, and stay out of the dashboard and the monitor.
ON_REQUEST = ("comensha",)
DASHBOARD = tuple(key for key in FIGURES if key not in ON_REQUEST)


# The figures that count the same signals or people: whichever of them is shown, all of them are
# weighed together (`publish`), so every route hides the same cells.
LINKED = ("per-month", "per-quarter", "municipalities", "sectors", "partners", "funnel", "people", "age-groups",
          "genders", "nationalities", "training")


def compute(sel, keys=None, facts=None):
    """The figures (all, or those named) of one selection, reading each fact once: from the monthly
    aggregates where they answer the selection, else from the signals (`aggregates.facts_for`)."""
    if facts is not None:
        return [FIGURES[key](facts) for key in (keys or FIGURES)]
    with aggregates.facts_for(sel) as facts:
        return [FIGURES[key](facts) for key in (keys or FIGURES)]


def publish(sel, keys=None, threshold=None, facts=None):
    """The figures named (default all), published: exact without a threshold, else rounded and with
    every count hidden that would give a small one back through any figure sharing its counts."""
    keys = list(keys or FIGURES)
    if threshold is None:
        return [table.publish() for table in compute(sel, keys, facts)]
    weighed = keys + [key for key in LINKED if key not in keys] if set(keys) & set(LINKED) else keys
    return publish_together(compute(sel, weighed, facts), threshold)[:len(keys)]
