"""What the wijzer fills in of the registries of the apps below it: its menu entry (the internal
version, for the municipality's professionals) and its set-up section (for the region's
administrator). Imported once every model is loaded, by accounts' AppConfig."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup

from . import access

menu.register("wijzer_internal", access.uses_internal, "wijzer:internal", _("Meldroute"), order=80)
setup.register("wijzer", "wijzer:setup", _("Meldroute-wijzer"),
               _("De teksten en contacten van de publieke meldroute-wijzer, de lijst van aandachtsfunctionarissen "
                 "per gemeente en de interne meldroute van elke gemeente."), order=55,
               offered=access.edits)
