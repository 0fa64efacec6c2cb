"""Keys for the linkage encodings, derived per purpose from one secret kept outside the database.

    KETENZICHT_LINKAGE_KEY=<newest secret>,<older secret>,...

A stolen database holds only encodings; without the secret nobody can encode a guessed name to
compare (a dictionary attack), and one purpose's key says nothing about another's (HKDF, RFC
5869). Each secret has a version, a short fingerprint of the secret and the encoding scheme
stored beside every encoding, so that after a rotation or a change of scheme the stale encodings
are found and encoded again from the clear values (kept encrypted at rest by the apps that own
them). The first secret encodes; encodings under an older one match nothing until they are
re-encoded, because encodings under different keys are unrelated.
Development mode derives a secret from the development secret key (settings.py); production
refuses to start without one (the system check in apps.py).
"""
import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_LENGTH = 32
# The encoding scheme (features, weights, hashing, diffusion of linkage.encoding). It is part of the
# version, so changing the scheme makes every stored encoding stale as a new secret does, and
# `linkage_reencode` encodes them again: encodings of two schemes are never compared.
SCHEME = "2"


@dataclass(frozen=True)
class LinkageKey:
    """One installation secret; `derive` gives the key for one purpose (a field, the diffusion)."""

    secret: bytes

    @property
    def version(self) -> str:
        return hashlib.sha256(f"ketenzicht-linkage-version:{SCHEME}:".encode() + self.secret).hexdigest()[:8]

    def derive(self, purpose: str, length: int = 32) -> bytes:
        return _derive(self.secret, purpose, length)

    def __repr__(self):  # never print the secret
        return f"LinkageKey(version={self.version!r})"


@lru_cache(maxsize=256)
def _derive(secret: bytes, purpose: str, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None,
                info=f"ketenzicht/linkage/{purpose}".encode()).derive(secret)


def new_secret() -> str:
    return secrets.token_urlsafe(MIN_SECRET_LENGTH)


@lru_cache(maxsize=4)
def _parse(raw: str) -> tuple:
    keys = tuple(LinkageKey(part.strip().encode()) for part in raw.split(",") if part.strip())
    if not keys:
        raise ImproperlyConfigured("KETENZICHT_LINKAGE_KEY is not set")
    if any(len(key.secret) < MIN_SECRET_LENGTH for key in keys):
        raise ImproperlyConfigured(f"KETENZICHT_LINKAGE_KEY holds a secret shorter than {MIN_SECRET_LENGTH} characters")
    return keys


def configured_keys() -> tuple:
    """All configured keys, newest first; raises ImproperlyConfigured when there are none."""
    return _parse(settings.LINKAGE_KEYS)


def current() -> LinkageKey:
    return configured_keys()[0]
