"""What notifications fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext, gettext_lazy, ngettext

from ketenzicht.accounts import menu
from ketenzicht.jobs import queue

from . import delivery, services


def _label(count):
    if count > services.UNREAD_LIMIT:
        return gettext("Berichten (meer dan %(n)s nieuw)") % {"n": services.UNREAD_LIMIT}
    return ngettext("Berichten (%(n)s nieuw)", "Berichten (%(n)s nieuw)", count) % {"n": count}


menu.register("unread", lambda user: services.unread_count(user), "notifications:inbox", _label, order=60)
queue.task(delivery.JOB, cron="* * * * *", label=gettext_lazy("Berichten en e-mails bezorgen"))(delivery.deliver_all)  # also after a failure, or a process that stopped
