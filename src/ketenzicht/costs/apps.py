from django.apps import AppConfig


class CostsConfig(AppConfig):
    name = "ketenzicht.costs"
    verbose_name = "Kostenverdeling"
    default_auto_field = "django.db.models.BigAutoField"
