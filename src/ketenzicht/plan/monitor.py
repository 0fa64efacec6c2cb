"""The monitor's plan section (insights.appendices): for the region of the monitor, every plan in
force during its period, with per line its progress, the actions past their deadline today, and the
KPIs measured over the monitor's period (within the plan's) against their targets. What the
administrative meeting reads next to the figures."""
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ketenzicht.insights.appendices import Appendix, AppendixTable

from . import metrics, progress
from .models import Plan


def target_text(kpi):
    """"ten minste 235 medewerkers": a whole target without its ",0"."""
    decimals = 0 if kpi.target == kpi.target.to_integral_value() else 1
    return (f"{kpi.get_direction_display()} {number_format(kpi.target, decimals, force_grouping=True)} "
            f"{metrics.unit_label(kpi)}").strip()


def verdict(reading):
    if reading.met is None:
        return _("Geen waarde")
    return _("Gehaald") if reading.met else _("Niet gehaald")


def section(selection):
    plans = list(Plan.objects.filter(region=selection.region, starts_on__lte=selection.end,
                                     ends_on__gte=selection.start))
    if not plans:
        return None
    today = timezone.localdate()
    tables = []
    for plan in plans:
        start, end = max(plan.starts_on, selection.start), min(plan.ends_on, selection.end)
        lines, loose = progress.of_plan(plan, start, end, today)
        tables.append(AppendixTable(
            _("%(plan)s: voortgang per ambitie of spoor") % {"plan": plan.label},
            [_("Ambitie of spoor"), _("Afgerond"), _("Acties"), _("Te laat")],
            [[line.line.label, str(line.done), str(line.total), str(len(line.late))] for line in lines]))
        late = [(line, a) for line in lines for a in line.late]
        tables.append(AppendixTable(
            _("%(plan)s: acties over hun deadline") % {"plan": plan.label},
            [_("Actie"), _("Ambitie of spoor"), _("Eigenaar"), _("Uiterlijk"), _("Status")],
            [[a.label, line.line.label, a.owner_label, date_format(a.deadline, "j F Y"), a.get_status_display()]
             for line, a in late] or [[_("Geen acties over hun deadline."), "", "", "", ""]]))
        kpis = [k for line in lines for k in line.kpis] + loose
        if kpis:
            tables.append(AppendixTable(
                _("%(plan)s: KPI's") % {"plan": plan.label}, [_("KPI"), _("Waarde"), _("Doel"), _("Stand")],
                [[k.kpi.label, k.reading.text, target_text(k.kpi), verdict(k)] for k in kpis]))
    return Appendix("plan", _("Plan van aanpak"), _(
        "De voortgang van het plan van aanpak van de regio: acties over hun deadline op %(today)s, KPI's over de "
        "periode van deze monitor. Cijfers over signalen zijn afgerond zoals in de rest van de monitor.") % {
        "today": date_format(today, "j F Y")}, tables)
