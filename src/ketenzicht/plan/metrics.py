"""The figures a KPI can be bound to, each computed for (region, start, end) from the figures other
apps already compute: the insights figures layer (signals, lead times), the basisniveau's counts
and the prevention app's trained staff. Nothing here scans signals itself.

A figure built on counts of signals is read as the figures layer publishes it for the region
(rounded at the region's threshold, small counts hidden): a KPI shows no more than the monitor
would. A `Reading` is the value (None when hidden or not measurable) and its text as shown."""
from collections import namedtuple

from django.db.models import Sum
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ketenzicht.approach import figures as approach_figures
from ketenzicht.insights import figures
from ketenzicht.insights.selection import Selection
from ketenzicht.prevention import figures as prevention_figures
from ketenzicht.regions.models import Municipality

Reading = namedtuple("Reading", "value text")
Metric = namedtuple("Metric", "label unit read")
NONE = "—"


def _number(value, decimals=0):
    return Reading(value, number_format(value, decimals, force_grouping=True))


def _published(region, start, end, key):
    [table] = figures.publish(Selection(region, start, end), [key], region.suppression_threshold)
    return table


def signals_per_10000(region, start, end):
    """The region's signals received in the period (as published) per 10,000 inhabitants."""
    total = _published(region, start, end, "municipalities").totals[-1]
    inhabitants = Municipality.objects.filter(region=region).aggregate(n=Sum("inhabitants"))["n"]
    if total.hidden or not inhabitants:
        return Reading(None, total.text if total.hidden else NONE)
    return _number(round(figures.PER * total.value / inhabitants, 1), 1)


def lead_time_decision(region, start, end):
    """The median days from receipt to the table's decision (the insights lead-times figure)."""
    for row, cells in _published(region, start, end, "lead-times").rows:
        if row.key == "decision":
            median = cells[-1]
            if median.hidden or median.value is None:
                return Reading(None, median.text if median.hidden else NONE)
            return _number(median.value, 1)
    return Reading(None, NONE)


def basisniveau_met(region, start, end):
    """Municipalities meeting every criterion of the basisniveau on `end` (public: shown exactly)."""
    return _number(approach_figures.counts(region, start, end)["fully_met"])


def trained_staff(region, start, end):
    """Staff trained in the period (prevention's figure)."""
    return _number(prevention_figures.trained_staff(region, start, end))


METRICS = {
    "signals_per_10000": Metric(_("Signalen per 10.000 inwoners"), _("per 10.000 inwoners"), signals_per_10000),
    "lead_time_decision": Metric(_("Doorlooptijd tot besluit aan tafel (mediaan)"), _("dagen"), lead_time_decision),
    "basisniveau_met": Metric(_("Gemeenten die aan het basisniveau voldoen"), _("gemeenten"), basisniveau_met),
    "trained_staff": Metric(_("Getrainde medewerkers"), _("medewerkers"), trained_staff),
}


def unit_label(kpi):
    """The KPI's unit in the reader's language: a computed figure's own unit is stored as written in
    Dutch when the KPI was added ("dagen"), and shown translated; a unit the user typed, as typed."""
    metric = METRICS.get(kpi.metric)
    if metric is not None:
        with translation.override("nl"):
            dutch = str(metric.unit)
        if kpi.unit == dutch:
            return str(metric.unit)
    return kpi.unit


def read(key, region, start, end):
    """The figure `key` of the region for the period [start, end]."""
    return METRICS[key].read(region, start, end)
