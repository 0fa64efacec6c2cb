from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "ketenzicht.setup"
    label = "setup"
    verbose_name = "Inrichting"
