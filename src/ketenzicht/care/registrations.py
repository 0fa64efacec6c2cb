"""What care fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from ketenzicht.accounts import menu
from ketenzicht.cases import summaries
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy

from . import access, services
from .models import Trajectory

policy.register(Trajectory, access.RULES)
summaries.provide("care", services.care_status_of)
menu.register("care", access.coordinates_care)
menu.register("shelter", access.offers_shelter)
retention.register(services.RETENTION)
