from django.apps import AppConfig


class ApproachConfig(AppConfig):
    name = "ketenzicht.approach"
    verbose_name = "Bestuurlijke aanpak"
    default_auto_field = "django.db.models.BigAutoField"
