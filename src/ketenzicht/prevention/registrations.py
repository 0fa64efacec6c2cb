"""What prevention fills in of the registries of the apps below it (found by accounts' AppConfig)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup

from . import access

menu.register("prevention", access.offers, "prevention:index", _("Preventie"), order=64)
setup.register("trainingsaanbod", "prevention:setup_catalogue", _("Trainingsaanbod"),
               _("De interventies voor training en bewustwording die de regio aanbiedt: doelgroep, schaal en "
                 "uitvoerder."), order=64, offered=access.sets_up)
