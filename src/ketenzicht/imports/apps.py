from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ketenzicht.imports"
    verbose_name = "Import van signalen"
    default_auto_field = "django.db.models.BigAutoField"
