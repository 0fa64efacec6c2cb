from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ketenzicht.cases"
    verbose_name = "Casussen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ketenzicht.accounts import menu  # models load only now: Django's documented place for these imports
        from ketenzicht.intake import services as intake
        from ketenzicht.privacy import kinds as retention
        from ketenzicht.privacy import policy
        from ketenzicht.route import versions

        from . import access, services
        from .models import Case

        policy.register(Case, access.RULES)
        versions.runs_on_routes("case", Case)
        intake.on_effect("open_case", services.open_from_signal)
        menu.register("cases", access.shows_cases)
        menu.register("tasks", access.shows_cases)
        retention.register(services.RETENTION)
