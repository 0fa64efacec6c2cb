from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "ketenzicht.insights"
    label = "insights"
    verbose_name = "Zicht op aard en omvang"
