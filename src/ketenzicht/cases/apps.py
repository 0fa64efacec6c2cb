from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ketenzicht.cases"
    verbose_name = "Casussen"
    default_auto_field = "django.db.models.BigAutoField"
