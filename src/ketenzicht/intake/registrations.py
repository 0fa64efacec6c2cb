"""What intake fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup
from ketenzicht.notifications import fanout
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy, subjects
from ketenzicht.route import versions

from . import access, expiry, notices, services
from .models import Signal

policy.register(Signal, access.RULES)
setup.register("signalenkaart", "intake:signalenkaart", _("Signalenkaart"),
               _("De signalen (indicatoren) per vorm van uitbuiting die melders kunnen aankruisen: toevoegen, "
                 "hernoemen, intrekken."), order=50)
versions.runs_on_routes("signal", Signal, after_move=services.after_route_move)
menu.register("handles_signals", access.handles_signals, "intake:inbox", _("Inbox"), order=10, start=30)
menu.register("has_own_signals", lambda user: access.can_report(user) and not access.handles_signals(user),
              "intake:inbox", _("Mijn meldingen"), order=11, start=90)
menu.register("can_report", access.can_report, "intake:new", _("Signaal melden"), order=70)
menu.register("acute_route", access.acts_on_acute_route, "intake:acute_list", _("Acute route"), order=15)
menu.register("emergency", access.may_break_glass_somewhere, "intake:emergency", _("Noodtoegang"), order=85)
retention.register(expiry.CLOSED)
retention.register(expiry.UNTOUCHED)
subjects.register(services.SUBJECTS)
notification_kinds.register(notices.TITLES)
fanout.audience("new_signal", notices.new_signal_audience)
