"""What imports fills in of the registries of the apps below it (access rules, retention, menu)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.privacy import kinds as retention
from ketenzicht.privacy import policy

from . import access
from .models import ImportBatch
from .retention import KEPT

policy.register(ImportBatch, access.RULES)
retention.register(KEPT)
menu.register("imports", access.may_import, "imports:new", _("Signalen importeren"), order=71)
