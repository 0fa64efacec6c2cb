"""What accounts fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from . import access, idle, menu, setup

user_logged_in.connect(idle.record_login, dispatch_uid="ketenzicht.accounts.idle.record_login")
menu.register("admin", access.opens_admin, "admin:index", _("Beheer"), order=90)
menu.register("account", lambda user: True, "accounts:account", _("Mijn account"), order=95)
setup.register("accounts", "accounts:users", _("Gebruikers en rollen"),
               _("Wie in de regio werkt, met welke rollen; uitnodigen, goedkeuren, deactiveren."), order=20)
