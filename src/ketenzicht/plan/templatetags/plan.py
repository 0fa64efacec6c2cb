"""The plan's KPI texts on the page, the same as in the monitor's plan section."""
from django import template

from .. import monitor

register = template.Library()


@register.filter
def target(kpi):
    return monitor.target_text(kpi)


@register.filter
def verdict(reading):
    return monitor.verdict(reading)
