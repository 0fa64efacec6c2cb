from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "ketenzicht.permits"
    verbose_name = "Vergunningen en Bibob"
    default_auto_field = "django.db.models.BigAutoField"
