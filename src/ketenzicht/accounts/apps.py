from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

from . import (
    idle,
    menu,
    schema,  # noqa: F401  (registers the OpenAPI extensions)
)


class AccountsConfig(AppConfig):
    name = "ketenzicht.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import access  # rules read models, which load only now (Django's documented place)

        user_logged_in.connect(idle.record_login, dispatch_uid="ketenzicht.accounts.idle.record_login")
        menu.register("admin", access.opens_admin)
