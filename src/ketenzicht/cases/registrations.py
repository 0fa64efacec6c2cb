"""What cases fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup
from ketenzicht.intake import acute as intake_acute
from ketenzicht.intake import services as intake
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy
from ketenzicht.regions.models import Organisation
from ketenzicht.route import engine, versions

from . import access, acute, notices, services
from .models import CASE_KINDS, Case, Meeting, Table

policy.register(Case, access.RULES)
policy.register(Table, access.TABLE_RULES)
policy.register(Meeting, access.MEETING_RULES)
policy.register(Organisation, access.ORGANISATION_RULES)
versions.runs_on_routes("case", Case)
intake.on_effect("open_case", services.open_from_signal)
intake_acute.on_recorded(acute.tell_the_table)
menu.register("cases", access.shows_cases, "cases:list", _("Casussen"), order=20, start=10,
              starts=access.chairs_a_table)
menu.register("tasks", access.shows_cases, "cases:tasks", _("Taken"), order=40, start=40)
retention.register(services.RETENTION)
notification_kinds.register(notices.TITLES)
engine.TABLE_KINDS.update(str(kind) for kind in CASE_KINDS)
setup.register("tables", "cases:setup_tables", _("Tafels en plaatsen"),
               _("De tafels van de regio, wie ze voorzit, hun ritme, aan welke tafel zij casussen overdragen, en "
                 "de plaatsen van partners met hun grondslag."), order=40)
