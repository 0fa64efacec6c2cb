"""What intake fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from ketenzicht.accounts import menu
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy, subjects
from ketenzicht.route import versions

from . import access, expiry, services
from .models import Signal

policy.register(Signal, access.RULES)
versions.runs_on_routes("signal", Signal, after_move=services.after_route_move)
menu.register("can_report", access.can_report)
menu.register("has_own_signals", access.can_report)
menu.register("handles_signals", access.handles_signals)
menu.register("emergency", access.may_break_glass_somewhere)
retention.register(expiry.CLOSED)
retention.register(expiry.UNTOUCHED)
subjects.register(services.SUBJECTS)
