"""What the set-up fills in of the registries of the apps below it: its menu entry (the
administrator's start page) and its own sections of a region's set-up. Imported once every model is
loaded, by `autodiscover_modules("registrations")` in accounts' AppConfig."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu, setup

from . import access

# Before the subject requests (start=50), which were the administrator's start until these pages.
menu.register("setup", access.offers_setup, "setup:index", _("Inrichting"), order=78, start=49)

setup.register("region", "setup:edit_region", _("Regio"),
               _("Naam, contact voor het publiek en de drempel voor kleine aantallen."), order=10)
setup.register("municipalities", "setup:municipalities", _("Gemeenten"),
               _("De gemeenten van de regio uit de CBS-lijst, met hun inwoners."), order=20)
setup.register("organisations", "setup:organisations", _("Partnerorganisaties"),
               _("Organisaties met hun sector; buiten gebruik stellen in plaats van verwijderen."), order=30)
setup.register("shelter", "setup:shelter", _("Opvangaanbieders en plekken"),
               _("Welke organisaties opvang bieden, met soort en aantal plekken."), order=60)
setup.register("route", "setup:route", _("Route"),
               _("Welke route signalen en casussen volgen: een meegeleverde route of een eigen bestand, als nieuwe "
                 "versie."), order=70)
setup.register("feedback", "setup:feedback", _("Teksten van de terugkoppeling"),
               _("Wat melders te horen krijgen, in het Nederlands en het Engels."), order=80)
setup.register("retention", "setup:retention", _("Bewaartermijnen"),
               _("Hoe lang de regio elk soort gegeven bewaart."), order=90)
