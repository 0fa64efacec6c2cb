from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from ketenzicht.linkage.keys import configured_keys


class LinkageConfig(AppConfig):
    name = "ketenzicht.linkage"
    verbose_name = "Linkage"

    def ready(self):
        checks.register(linkage_key_check, checks.Tags.security)


def linkage_key_check(app_configs, **kwargs):
    """Refuse to run without the linkage secret: encodings made with a guessable key would let
    anyone with the database test names against them (development derives one itself)."""
    try:
        configured_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="ketenzicht.E002",
                             hint="Generate a secret with `ketenzicht linkage_eval --new-key`.")]
    return []
