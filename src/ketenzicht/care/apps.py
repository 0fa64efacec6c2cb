from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "ketenzicht.care"
    verbose_name = "Zorg"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ketenzicht.accounts import menu  # models load only now: Django's documented place for these imports
        from ketenzicht.cases import summaries
        from ketenzicht.privacy import kinds as retention
        from ketenzicht.privacy import policy

        from . import access, services
        from .models import Trajectory

        policy.register(Trajectory, access.RULES)
        summaries.provide("care", services.care_status_of)
        menu.register("care", access.coordinates_care)
        menu.register("shelter", access.offers_shelter)
        retention.register(services.RETENTION)
