from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

from . import schema  # noqa: F401  (registers the OpenAPI extensions)


class AccountsConfig(AppConfig):
    name = "ketenzicht.accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Every app's registrations.py fills in the registries of the apps below it (access rules,
        # menu, retention kinds, ...): found here, once all models are loaded, as the admin finds
        # every admin.py. Accounts is the lowest app, so this runs before any request or command.
        autodiscover_modules("registrations")
