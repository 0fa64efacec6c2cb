"""The pages' half of the domain errors: one way for a page to take a POST on one object.

Fetch the object (through the policy), validate the form, call one service, and say what
happened: on success a message and back to the object's page; a `DomainError` lands on the form
(on its field, else on the whole form) and the page comes back with status 400, or, for an action
without a form, becomes a message on the object's page. The API's half is `lib.problems`.
"""
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .errors import DomainError, Stale


def attempt(form, act):
    """True when the form is valid and `act(cleaned_data)` went through; else the form holds why."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except DomainError as error:
        error.add_to(form)
        return False
    return True


class ObjectPage:
    """The POST actions of one kind of object's page.

    fetch(request, pk): the object, through the policy (404 when it is not the user's to see);
    url_name: the object's page, where every action returns; template and context(request, obj,
    **forms): that page again, with a form that failed; hide_refusals: a service's PermissionDenied
    answers 404 (the user sees the object but may not act on it, and learns nothing more).
    """

    def __init__(self, fetch, url_name, template, context, hide_refusals=False):
        self.fetch, self.url_name, self.template, self.context = fetch, url_name, template, context
        self.hide_refusals = hide_refusals

    def action(self, form=None, key=None, hide_refusals=None):
        """Decorate `act(request, obj, data, **kwargs)`, which calls one service and returns the
        success message. `form(request, obj, **kwargs)` builds the bound form whose cleaned data
        `act` gets, shown on the page as `key`; or a dict of forms by key (errors go on the first),
        which `act` then gets whole. Without `form`, `act` gets the POST data and a DomainError
        becomes a message. `hide_refusals` overrides the page's for this action."""
        hide = self.hide_refusals if hide_refusals is None else hide_refusals

        def decorate(act):
            @require_POST
            @wraps(act)
            def view(request, pk, **kwargs):
                obj = self.fetch(request, pk)
                try:
                    return self._run(request, obj, act, form, key, kwargs)
                except PermissionDenied:
                    if hide:
                        raise Http404 from None
                    raise
            return view
        return decorate

    def _run(self, request, obj, act, form, key, kwargs):
        if form is None:
            try:
                message = act(request, obj, request.POST, **kwargs)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, message)
            return redirect(self.url_name, obj.pk)
        built = form(request, obj, **kwargs)
        forms = built if isinstance(built, dict) else {key: built}
        main = next(iter(forms.values()))
        valid = all([f.is_valid() for f in forms.values()])  # every form validated: all show their errors
        if valid:
            try:
                message = act(request, obj, forms if isinstance(built, dict) else main.cleaned_data, **kwargs)
            except DomainError as error:
                if isinstance(error, Stale):  # the page as it is now, and why
                    messages.error(request, error.message)
                    return redirect(self.url_name, obj.pk)
                error.add_to(main)
            else:
                messages.success(request, message)
                return redirect(self.url_name, obj.pk)
        return render(request, self.template, self.context(request, obj, **forms), status=400)
