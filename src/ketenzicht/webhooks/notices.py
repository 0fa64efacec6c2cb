"""The notice to a region's administrators that a subscription was paused."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ketenzicht.notifications.services import notify

from . import access

TITLES = {"webhook_paused": _("Webhook gepauzeerd: %(organisation)s")}


def paused(subscription):
    admins = access.administrators(subscription.region_id)
    notify(list(admins), "webhook_paused", reverse("webhooks:detail", kwargs={
        "region": subscription.region.slug, "pk": subscription.pk}), organisation=subscription.organisation.name)
