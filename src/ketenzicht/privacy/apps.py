from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from ketenzicht.lib.crypto import configured_keys


class PrivacyConfig(AppConfig):
    name = "ketenzicht.privacy"
    verbose_name = "Privacy"

    def ready(self):
        checks.register(encryption_keys_check, checks.Tags.security)


def encryption_keys_check(app_configs, **kwargs):
    """Refuse to run without keys for encryption at rest (development derives one itself)."""
    try:
        configured_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="ketenzicht.E001",
                             hint="Generate a key with `ketenzicht rotate_encryption_key --new-key`.")]
    return []
