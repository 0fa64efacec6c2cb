"""What costs fills in of the registries of the apps below it (menu and set-up)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup

from . import access

menu.register("kosten", access.offers_costs, "costs:index", _("Kostenverdeling"), order=75)
setup.register("kosten", "costs:setup", _("Kostenverdeling"),
               _("De kosten van de gedeelde functies per jaar en de sleutel waarmee ze over de gemeenten worden "
                 "verdeeld."), order=75, offered=access.keeps)
