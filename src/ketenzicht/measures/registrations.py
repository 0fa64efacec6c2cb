"""What measures fills in of the registries of the apps below it (found by accounts' AppConfig)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup
from ketenzicht.privacy import policy

from . import access
from .models import Measure

policy.register(Measure, access.RULES)
menu.register("measures", access.reads_measures, "measures:list", _("Maatregelen"), order=40, start=60)
setup.register("legal_grounds", "measures:grounds", _("Grondslagen van maatregelen"),
               _("De wettelijke grondslagen waarop bestuurlijke maatregelen rusten: de landelijke lijst en de "
                 "eigen artikelen van de regio."), order=75,
               offered=lambda user, region: access.keeps_grounds(user, region))
