from django.apps import AppConfig


class WijzerConfig(AppConfig):
    name = "ketenzicht.wijzer"
    verbose_name = "Meldroute-wijzer"
    default_auto_field = "django.db.models.BigAutoField"
