from django.apps import AppConfig

from . import logs


class OpsConfig(AppConfig):
    name = "ketenzicht.ops"
    verbose_name = "Beheer van de dienst"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        logs.install()
