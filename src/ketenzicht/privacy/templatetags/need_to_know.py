"""`user|may_view:obj` in templates: whether to link to an object of another app, asked of the
policy front (the signal page links to its case only for those who may open the case)."""
from django import template

from ketenzicht.privacy import policy

register = template.Library()


@register.filter
def may_view(user, obj):
    return obj is not None and policy.can(user, "view", obj)
