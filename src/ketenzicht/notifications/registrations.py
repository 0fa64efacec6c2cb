"""What notifications fills in of the registries of the apps below it. Imported once every model is loaded,
by `autodiscover_modules("registrations")` in accounts' AppConfig (as Django's admin finds every admin.py)."""
from django.utils.translation import ngettext

from ketenzicht.accounts import menu

from .services import unread


def _label(count):
    return ngettext("Berichten (%(n)s nieuw)", "Berichten (%(n)s nieuw)", count) % {"n": count}


menu.register("unread", lambda user: unread(user).count(), "notifications:inbox", _label, order=60)
