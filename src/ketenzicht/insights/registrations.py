"""What insights fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu

from . import access

menu.register("figures", access.shows_figures, "insights:dashboard", _("Cijfers"), order=50, start=60)
menu.register("national_figures", access.sees_national, "insights:national", _("Landelijk"), order=51, start=55)
