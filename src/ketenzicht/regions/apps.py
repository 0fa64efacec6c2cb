from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "ketenzicht.regions"
    verbose_name = "Regio's"
