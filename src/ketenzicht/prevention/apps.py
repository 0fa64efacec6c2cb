from django.apps import AppConfig


class PreventionConfig(AppConfig):
    name = "ketenzicht.prevention"
    verbose_name = "Preventie en bewustwording"
    default_auto_field = "django.db.models.BigAutoField"
