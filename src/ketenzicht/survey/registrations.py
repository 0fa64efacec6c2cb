"""What the survey fills in of the registries of the apps below it (see approach/registrations.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu

from . import access

menu.register("survey", access.offers, "survey:index", _("Medewerkerspeiling"), order=66)
