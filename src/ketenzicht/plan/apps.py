from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "ketenzicht.plan"
    verbose_name = "Plan van aanpak"
    default_auto_field = "django.db.models.BigAutoField"
