from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ketenzicht.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import (
            idle,
            schema,  # noqa: F401  (registers the OpenAPI extensions)
        )

        user_logged_in.connect(idle.record_login, dispatch_uid="ketenzicht.accounts.idle.record_login")
