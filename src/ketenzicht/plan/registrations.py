"""What plan fills in of the registries of the apps below it: the menu entry and the monitor's plan
section (insights.appendices). Imported once every model is loaded, by accounts' AppConfig."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.insights import appendices

from . import access, monitor

menu.register("plan", access.offers_plan, "plan:index", _("Plan van aanpak"), order=62)
appendices.register("plan", monitor.section)
