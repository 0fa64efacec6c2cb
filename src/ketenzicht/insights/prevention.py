"""The training figure (issue 19 item 1): per sector, the staff trained in the period beside the
signals that sector reported, so the region sees where training pays off and where nobody looks.

The signals are the `sectors` figure's own counts (the same cells, with the same quantities, so
a count hidden there is hidden here: `Table.quantity`); the trained staff come from the
prevention app's figures. Trained staff are not people at risk but the region's own effort, so
they are a `NUMBER`, shown exactly. Every sector is a row, the never-trained ones included."""
from django.utils.translation import gettext as _

from ketenzicht.prevention import figures as prevention_figures

from .tables import NUMBER, Column, Row, Table


def training(facts, sectors):
    """`sectors` is the `sectors` table of the same facts (figures.sectors)."""
    sel = facts.sel
    trained = prevention_figures.counts(sel.region, sel.start, sel.end, sel.municipality)["by_sector"]
    table = Table("training", _("Getraind per sector naast signalen per sector"),
                  [Column("trained", _("Getrainde medewerkers"), kind=NUMBER), Column("signals", _("Signalen"),
                                                                                       scope={})],
                  row_header=_("Sector"), space=sectors.space, scope=sectors.scope,
                  description=_("Deelnemers aan trainingen in de periode en de signalen van dezelfde sector; "
                                "sectoren zonder training of zonder signalen staan erbij."))
    for row in sectors.rows:
        table.rows.append(Row(row.key, row.label, {"trained": trained.get(row.key, 0), "signals": row.values["n"]},
                              scope=row.scope))
    return table
