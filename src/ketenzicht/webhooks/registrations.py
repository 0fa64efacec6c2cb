"""What webhooks fills in of the registries of the apps below it (found by accounts' AppConfig)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import setup
from ketenzicht.jobs import queue
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import policy

from . import access, delivery, notices
from .models import Subscription

policy.register(Subscription, access.RULES)
notification_kinds.register(notices.TITLES)
setup.register("webhooks", "webhooks:subscriptions", _("Webhooks voor partnersystemen"),
               _("Systemen van partnerorganisaties krijgen een ondertekend bericht bij nieuwe signalen, agenda's, taken en gesloten sporen."),
               order=85)
queue.task(delivery.JOB, cron="* * * * *", label=_("Webhooks bezorgen"))(delivery.deliver_all)  # also the retries that came due
