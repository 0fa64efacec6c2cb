"""Encryption at rest for sensitive free text and identifiers.

Values are encrypted in Python before they reach the database (Fernet: AES-128-CBC with an
HMAC-SHA256), so a copy of the database, a backup or a database administrator sees only
ciphertext. Keys come from the environment, never from the database:

    KETENZICHT_ENCRYPTION_KEYS=<newest key>,<older key>,...

The first key encrypts; every key decrypts. Rotation: put a new key in front, run
`ketenzicht rotate_encryption_key`, then drop the old key. Without the variable, development
mode derives a key from the development secret (settings.py); production refuses to start.
"""
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models

PREFIX = "enc1:"


def new_key() -> str:
    return Fernet.generate_key().decode()


@lru_cache(maxsize=1)
def _keys(raw: str) -> MultiFernet:
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured("KETENZICHT_ENCRYPTION_KEYS holds a key that is not a Fernet key") from error


def configured_keys() -> str:
    if not settings.ENCRYPTION_KEYS:
        raise ImproperlyConfigured("KETENZICHT_ENCRYPTION_KEYS is not set")
    _keys(settings.ENCRYPTION_KEYS)  # a malformed key fails here, not at the first write
    return settings.ENCRYPTION_KEYS


def encrypt(value: str) -> str:
    return PREFIX + _keys(configured_keys()).encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    """Plain text written before encryption was switched on passes through until the next rotation."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _keys(configured_keys()).decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("A value cannot be decrypted with any key in KETENZICHT_ENCRYPTION_KEYS") from error


def rotate(stored: str) -> str:
    """Re-encrypt with the newest key (plain text gets encrypted)."""
    if not stored:
        return stored
    return encrypt(decrypt(stored))


class EncryptedTextField(models.TextField):
    """Text that is encrypted in the database. `max_length` limits the plain text (in forms), not
    the column; the column cannot be searched or sorted, which is the point."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)


def encrypted_fields(registry=None):
    """Every (model, field name) stored encrypted, for rotation and for the data-protection docs."""
    return [(model, field.name) for model in (registry or apps).get_models() for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)]


def reencrypt(fields, batch_size=1000) -> dict:
    """Write every value again with the newest key (plain text gets encrypted); count per field."""
    counts = {}
    for model, name in fields:
        rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True}).order_by("pk")
        done, last = 0, None
        while True:
            page = rows.filter(pk__gt=last) if last is not None else rows
            objects = list(page.only("pk", name)[:batch_size])
            if not objects:
                break
            model._base_manager.bulk_update(objects, [name])
            done, last = done + len(objects), objects[-1].pk
        counts[f"{model._meta.label}.{name}"] = done
    return counts


class EncryptedFileStorage(FileSystemStorage):
    """Uploaded files encrypted on disk with the same keys; read back only through the policy."""

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(_keys(configured_keys()).encrypt(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as stored:
            data = stored.read()
        try:
            plain = _keys(configured_keys()).decrypt(data)
        except InvalidToken as error:
            raise ImproperlyConfigured("A file cannot be decrypted with any key in KETENZICHT_ENCRYPTION_KEYS") from error
        return ContentFile(plain, name=name)

    def rotate(self, name):
        with super()._open(name, "rb") as stored:
            data = stored.read()
        rotated = _keys(configured_keys()).rotate(data)
        with open(self.path(name), "wb") as target:
            target.write(rotated)


def encrypted_file_fields():
    return [(model, field.name) for model in apps.get_models() for field in model._meta.concrete_fields
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedFileStorage)]
