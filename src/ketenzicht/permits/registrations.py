"""What this app fills in of the registries of the apps below it: access rules, menu entries and
notification titles (imported once every model is loaded, as every app's registrations.py)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.notifications import kinds as notification_kinds
from ketenzicht.privacy import policy

from . import access, notices
from .models import BibobRequest, Permit

policy.register(Permit, access.PERMIT_RULES)
policy.register(BibobRequest, access.BIBOB_RULES)
menu.register("permits", access.reads_permits, "permits:register", _("Vergunningen"), order=42, start=58,
              starts=access.keeps_permits)
menu.register("bibob", access.keeps_bibob, "permits:bibob", _("Bibob"), order=43)
notification_kinds.register(notices.TITLES)
