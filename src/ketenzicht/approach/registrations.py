"""What approach fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup
from ketenzicht.intake import panels as page_panels

from . import access, panels

menu.register("basisniveau", access.offers_overview, "approach:index", _("Basisniveau"), order=60)
setup.register("basisniveau", "approach:setup_criteria", _("Basisniveau bestuurlijke aanpak"),
               _("De criteria waaraan elke gemeente van de regio moet voldoen: de drie of vijf punten van het "
                 "basisniveau, of eigen criteria."), order=60, offered=access.sets_up_region)
setup.register("barrieremodel", "approach:setup_instruments", _("Barrièremodel"),
               _("Per barrière de instrumenten en partners die haar kunnen opwerpen; elke gemeente houdt bij "
                 "welke zij heeft."), order=61, offered=access.sets_up_region)
page_panels.register("signal", "instruments", panels.TEMPLATE, panels.on_signal)
page_panels.register("case", "instruments", panels.TEMPLATE, panels.on_case)
