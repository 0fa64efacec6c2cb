from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "ketenzicht.privacy"
    verbose_name = "Privacy"
