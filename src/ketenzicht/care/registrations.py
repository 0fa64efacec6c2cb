"""What care fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.cases import decided, summaries
from ketenzicht.jobs import queue
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy

from . import access, notices, services
from .models import Trajectory

policy.register(Trajectory, access.RULES)
summaries.provide("care", services.care_status_of)
menu.register("care", access.coordinates_care, "care:register", _("Zorg"), order=30, start=20)
menu.register("care_meeting", access.follows_care_meeting, "care:meeting", _("Zorgoverleg"), order=32, start=25)
menu.register("shelter", access.offers_shelter, "care:places", _("Opvangplekken"), order=35, start=45)
retention.register(services.RETENTION)
decided.listen(services.announce_care_track)
notification_kinds.register(notices.TITLES)
queue.task("care.send_reminders", cron="0 7 * * *", label=_("Herinneringen versturen"))(services.remind_all)  # daily, as `ketenzicht send_reminders`
