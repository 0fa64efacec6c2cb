"""Drafts: what a user sent to a form just after their session ended is kept, not lost.

When a session ends for being idle (or at its absolute limit), the next POST is the one that
finds out, and its page sends the user to the login page. For the forms that keep drafts
(`keeps_draft`), the posted fields are stored encrypted on the server, bound to the user whose
session it was, and handed back once, to that same user on that same form after they log in.
Only a POST that passed the CSRF check is kept (the middleware's `process_view` runs after
Django's CSRF check), so another site cannot plant text in someone's form. A draft lives a day.
"""
import json
from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from .models import Draft

KEEP = timedelta(hours=24)
SKIP = {"csrfmiddlewaretoken"}


def keeps_draft(view):
    """Mark a form page whose POST is kept as a draft when the session has just ended."""
    view.keeps_draft = True
    return view


def keep(user, form, data: QueryDict):
    Draft.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    fields = {name: values for name, values in data.lists() if name not in SKIP}
    Draft.objects.update_or_create(user=user, form=form,
                                   defaults={"data": json.dumps(fields), "created_at": timezone.now()})


def take(user, form):
    """The user's draft for this form as posted data, deleted as it is handed back; None if none."""
    draft = Draft.objects.filter(user=user, form=form, created_at__gte=timezone.now() - KEEP).first()
    Draft.objects.filter(user=user, form=form).delete()
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in json.loads(draft.data).items():
        data.setlist(name, values)
    return data
