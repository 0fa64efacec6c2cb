"""The figures of the municipality's own approach (issue 18): the basisniveau, permits against the
APV's maxima, Bibob screening, administrative measures and integral inspections.

Each app counts its own records for a region and period (`<app>.figures.counts`, a few grouped
queries); these functions only shape those counts into `Table`s, so the dashboard, the monitor,
the downloads and `/api/v1/stats/…` show and publish them as every other figure. What counts no
people and is public by law (the criteria a municipality meets, an APV maximum and the permits in
force, which the permit register publishes) is a `NUMBER`, shown exactly; Bibob requests, measures
and inspections are counts, rounded and hidden when small as every count is.
"""
from django.utils.translation import gettext as _

from ketenzicht.approach import figures as approach_figures
from ketenzicht.approach.models import Level
from ketenzicht.inspections import figures as inspection_figures
from ketenzicht.measures import figures as measure_figures
from ketenzicht.measures.models import Kind as MeasureKind
from ketenzicht.permits import figures as permit_figures
from ketenzicht.permits.models import BibobAdvice

from .tables import NUMBER, Column, Row, Table


def _counts(module, facts):
    """An app's counts for the selection, asked once: the permits and the Bibob tables share one."""
    if module not in facts.instruments:
        sel = facts.sel
        facts.instruments[module] = module.counts(sel.region, sel.start, sel.end, sel.municipality)
    return facts.instruments[module]


def basisniveau(facts):
    """Per municipality, how many of the region's criteria it meets on the last day of the period."""
    counts = _counts(approach_figures, facts)
    table = Table("basisniveau", _("Basisniveau bestuurlijke aanpak"),
                  [Column(level, str(label), kind=NUMBER) for level, label in Level.choices]
                  + [Column("unassessed", _("Niet beoordeeld"), kind=NUMBER)],
                  row_header=_("Gemeente"),
                  description=_("Criteria van het basisniveau per gemeente op de laatste dag van de periode "
                                "(%(criteria)s criteria; %(full)s van %(municipalities)s gemeenten voldoen aan "
                                "alle).") % {"criteria": counts["criteria"], "full": counts["fully_met"],
                                             "municipalities": counts["municipalities"]})
    for row in counts["per_municipality"]:
        table.rows.append(Row(row["code"], row["name"], {key: row[key] for key in (*Level.values, "unassessed")}))
    return table


def permits(facts):
    """Per municipality with a maximum or permits: the APV's maximum, the permits in force and the
    places left on the last day, and the permits granted and ended within the period."""
    counts = _counts(permit_figures, facts)["permits"]
    table = Table("permits", _("Vergunningen seksbranche tegen het maximum"), [
        Column("maximum", _("Maximum (APV)"), kind=NUMBER), Column("valid", _("Geldige vergunningen"), kind=NUMBER),
        Column("remaining", _("Plaatsen over"), kind=NUMBER), Column("granted", _("Verleend in de periode"), kind=NUMBER),
        Column("ended", _("Ingetrokken of geweigerd"), kind=NUMBER)],
        row_header=_("Gemeente"),
        description=_("Vergunningen voor seksinrichtingen en escortbedrijven op de laatste dag van de periode; "
                      "het maximum geldt voor beide samen waar de APV dat zo regelt."))
    for row in counts["municipalities"]:
        maxima = row["maxima"]
        maximum = maxima.get("all", sum(maxima.values())) if maxima else None
        table.rows.append(Row(row["municipality"], row["name"], {
            "maximum": maximum, "valid": row["valid"],
            "remaining": None if maximum is None else max(maximum - row["valid"], 0),
            "granted": row["granted"], "ended": row["ended"]}))
    return table


def bibob(facts):
    """Bibob requests made and decided within the period, and the national office's advice received."""
    counts = _counts(permit_figures, facts)["bibob"]
    table = Table("bibob", _("Bibob-toetsen"), [Column("n", _("Aantal"))], row_header=_("Bibob"),
                  description=_("Verzoeken en besluiten in de periode, en het advies van het Landelijk Bureau "
                                "Bibob naar de mate van gevaar."))
    table.rows.append(Row("requested", _("Verzoeken"), {"n": counts["requested"]}))
    table.rows.append(Row("decided", _("Besluiten"), {"n": counts["decided"]}))
    for advice, label in BibobAdvice.choices:
        table.rows.append(Row(f"advice:{advice}", _("Advies: %(advice)s") % {"advice": label},
                              {"n": counts["advice"].get(advice, 0)}))
    return table


def measures(facts):
    """Administrative measures decided within the period, by kind and by legal ground."""
    counts = _counts(measure_figures, facts)
    table = Table("measures", _("Bestuurlijke maatregelen"), [Column("n", _("Maatregelen"))],
                  row_header=_("Soort of grondslag"), chart="bars",
                  description=_("Maatregelen met een besluit in de periode, per soort en per wettelijke grondslag."))
    for kind, label in MeasureKind.choices:
        table.rows.append(Row(f"kind:{kind}", str(label), {"n": counts["by_kind"].get(kind, 0)}))
    for ground in counts["by_ground"]:
        table.rows.append(Row(f"ground:{ground['code']}", str(ground["label"]), {"n": ground["count"]}))
    return table


def inspections(facts):
    """Integral inspections of the period, their findings and the signals those produced."""
    counts = _counts(inspection_figures, facts)
    table = Table("inspections", _("Integrale controles"), [Column("n", _("Aantal"))], row_header=_("Controles"),
                  description=_("Controles met een datum in de periode; bevindingen die wezen op mensenhandel en "
                                "de signalen die daaruit zijn gemaakt."))
    for key, label in (("total", _("Controles")), ("findings", _("Bevindingen")),
                       ("pointing_to_trafficking", _("Bevindingen die wijzen op mensenhandel")),
                       ("signals", _("Signalen uit controles"))):
        table.rows.append(Row(key, label, {"n": counts[key]}))
    return table


FIGURES = {"basisniveau": basisniveau, "permits": permits, "bibob": bibob, "measures": measures,
           "inspections": inspections}
