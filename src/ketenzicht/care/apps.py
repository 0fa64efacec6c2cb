from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ketenzicht.care"
    verbose_name = "Zorg"
    default_auto_field = "django.db.models.BigAutoField"
