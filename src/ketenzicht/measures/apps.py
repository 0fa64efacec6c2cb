from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "ketenzicht.measures"
    verbose_name = "Bestuurlijke maatregelen"
    default_auto_field = "django.db.models.BigAutoField"
