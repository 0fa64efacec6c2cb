"""Template tag for paginated lists: the address of another page keeps every filter of this one
(a list reached from a figure stays that list on page 2)."""
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
