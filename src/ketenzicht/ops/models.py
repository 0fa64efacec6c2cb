from django.db import models

from ketenzicht.lib.crypto import EncryptedTextField


class KeyCanary(models.Model):
    """One known value, stored encrypted like the sensitive fields, so that readiness and a restore can
    prove the configured keys read this database's data (not merely that some key is configured).

    Written with the keys of the day the first time it is asked for (`readiness.canary`); a key rotation
    re-encrypts it with everything else, and a backup carries it, so a restore with the wrong keys or
    none fails this check instead of at the first page a user opens."""

    value = EncryptedTextField()
