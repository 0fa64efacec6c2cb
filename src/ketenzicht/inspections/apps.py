from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "ketenzicht.inspections"
    verbose_name = "Integrale controles"
    default_auto_field = "django.db.models.BigAutoField"
