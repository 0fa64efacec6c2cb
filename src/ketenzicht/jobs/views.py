"""The dead-letter page of a region: its jobs that failed for good, with their error, to retry or discard;
and those that failed and wait for their next attempt."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.regions.models import Region

from . import access, queue, services

LIMIT = 200  # the newest; a region with more has a cause to fix first, and the page says how many there are


@verified_login_required
@require_http_methods(["GET", "POST"])
def dead_letters(request, region):
    region = get_object_or_404(Region, slug=region)
    if not access.manages(request.user, region):
        raise Http404  # another region's jobs are not theirs to learn of
    failures = access.dead_letters(request.user, region)
    if request.method == "POST":
        failure = get_object_or_404(failures, pk=request.POST.get("failure") or 0)
        if request.POST.get("action") == "retry":
            services.retry(request.user, failure)
            messages.success(request, _("De taak staat weer in de wachtrij."))
        elif request.POST.get("action") == "discard":
            services.discard(request.user, failure)
            messages.success(request, _("De taak is verwijderd."))
        else:
            raise Http404
        return redirect("jobs:dead_letters", region=region.slug)
    shown = list(failures[:LIMIT])
    waiting = access.retrying(request.user, region)
    retrying = list(waiting[:LIMIT])
    for failure in shown + retrying:
        failure.label = queue.label(failure.task_name)
    return render(request, "jobs/dead_letters.html", {
        "region": region, "failures": shown, "count": failures.count() if len(shown) == LIMIT else len(shown),
        "retrying": retrying, "retrying_count": waiting.count() if len(retrying) == LIMIT else len(retrying),
        "limit": LIMIT, "queue": queue.uses_queue()})
