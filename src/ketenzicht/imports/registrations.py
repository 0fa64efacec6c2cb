"""What imports fills in of the registries of the apps below it (access rules, menu)."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.accounts import menu
from ketenzicht.privacy import policy

from . import access
from .models import ImportBatch

policy.register(ImportBatch, access.RULES)
menu.register("imports", access.may_import, "imports:new", _("Signalen importeren"), order=71)
