from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ketenzicht.demo"
    verbose_name = "Demo"
