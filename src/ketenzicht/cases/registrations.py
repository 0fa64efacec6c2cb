"""What cases fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from ketenzicht.accounts import menu
from ketenzicht.intake import services as intake
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy
from ketenzicht.route import versions

from . import access, services
from .models import Case

policy.register(Case, access.RULES)
versions.runs_on_routes("case", Case)
intake.on_effect("open_case", services.open_from_signal)
menu.register("cases", access.shows_cases)
menu.register("tasks", access.shows_cases)
retention.register(services.RETENTION)
