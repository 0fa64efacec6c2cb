"""Template tags: for paginated lists, the address of another page keeps every filter of this one
(a list reached from a figure stays that list on page 2); for forms, the error summary."""
from django import template
from django.conf import settings

from ketenzicht.lib.forms import error_summary as forms_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def cursor_url(context, cursor=None):
    """The list at a cursor (lib/keyset.py), keeping the page's filters; without one, its first page."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query.pop("cursor", None)
    if cursor:
        query["cursor"] = cursor
    return f"?{query.urlencode()}"


@register.simple_tag
def error_summary(*forms):
    """The errors of a page's forms and formsets, for includes/form_errors.html."""
    return forms_errors(*forms)


@register.simple_tag
def idle_timeout():
    """Seconds without activity after which a session ends (static/ketenzicht/app.js warns before)."""
    return settings.KETENZICHT_IDLE_TIMEOUT
