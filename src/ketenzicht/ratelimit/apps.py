from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    name = "ketenzicht.ratelimit"
    default_auto_field = "django.db.models.BigAutoField"
