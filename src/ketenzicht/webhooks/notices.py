"""The notice to a region's administrators that a subscription was paused."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts.models import Role, User
from ketenzicht.notifications.services import notify

TITLES = {"webhook_paused": _("Webhook gepauzeerd: %(organisation)s")}


def paused(subscription):
    admins = User.objects.holding([Role.REGION_ADMIN], organisation__region_id=subscription.region_id)
    notify(list(admins), "webhook_paused", reverse("webhooks:detail", kwargs={
        "region": subscription.region.slug, "pk": subscription.pk}), organisation=subscription.organisation.name)
