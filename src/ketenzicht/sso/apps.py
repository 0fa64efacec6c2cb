from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "ketenzicht.sso"
    label = "sso"
    verbose_name = "Inloggen via de eigen organisatie"
    default_auto_field = "django.db.models.BigAutoField"
