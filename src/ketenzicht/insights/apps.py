from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "ketenzicht.insights"
    label = "insights"
    verbose_name = "Zicht op aard en omvang"

    def ready(self):
        from ketenzicht.accounts import menu  # models load only now: Django's documented place for these imports

        from . import access

        menu.register("figures", access.shows_figures)
