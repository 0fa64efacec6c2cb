"""The region's webhook pages: the subscriptions (and a new one), and one subscription with its delivery
log and its actions. Thin: parse, call a service, render."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.errors import Invalid
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Region

from . import access, services
from .forms import SubscriptionForm
from .models import Subscription

LOG_SIZE = 100


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.manages(request.user, region):
        raise Http404  # another region's subscriptions are not theirs to learn of
    return region


@verified_login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request, region):
    region = _region(request, region)
    form = SubscriptionForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscription, secret = services.create(request.user, region, data["organisation"], data["url"],
                                                   data["events"])
        except Invalid as invalid:
            invalid.add_to(form)
        else:
            return render(request, "webhooks/secret.html", {"region": region, "subscription": subscription,
                                                            "secret": secret, "new": True})
    return render(request, "webhooks/subscriptions.html", {
        "region": region, "subscriptions": access.subscriptions(request.user, region), "form": form},
        status=400 if form.errors else 200)


@verified_login_required
@require_http_methods(["GET", "POST"])
def detail(request, region, pk):
    region = _region(request, region)
    subscription = policy.get(request.user, Subscription, pk, "manage")
    if subscription.region_id != region.pk:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pause":
            services.pause(request.user, subscription)
            messages.success(request, _("Het abonnement is gepauzeerd."))
        elif action == "resume":
            services.resume(request.user, subscription)
            messages.success(request, _("Het abonnement is hervat; wat wachtte, wordt nu verstuurd."))
        elif action == "rotate":
            secret = services.rotate_secret(request.user, subscription)
            return render(request, "webhooks/secret.html", {"region": region, "subscription": subscription,
                                                            "secret": secret, "new": False})
        elif action == "delete":
            services.delete(request.user, subscription)
            messages.success(request, _("Het abonnement is verwijderd."))
            return redirect("webhooks:subscriptions", region=region.slug)
        else:
            raise Http404
        return redirect("webhooks:detail", region=region.slug, pk=subscription.pk)
    return render(request, "webhooks/detail.html", {
        "region": region, "subscription": subscription,
        "deliveries": subscription.deliveries.all()[:LOG_SIZE]})
