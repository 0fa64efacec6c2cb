"""What inspections fills in of the registries of the apps below it (found by accounts' AppConfig)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.privacy import policy

from . import access
from .models import Inspection

policy.register(Inspection, access.RULES)
menu.register("inspections", access.takes_part, "inspections:list", _("Controles"), order=42)
