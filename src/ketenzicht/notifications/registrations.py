"""What notifications fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from ketenzicht.accounts import menu

from .services import unread

menu.register("unread", lambda user: unread(user).count())
