"""Encode the stored identifiers again under the newest linkage key.

Rotation: `ketenzicht linkage_eval --new-key` prints a secret; put it first in KETENZICHT_LINKAGE_KEY
(keep the old one behind it), restart, run this command, then remove the old secret. Until a record is
encoded again it matches nothing (encodings under different keys are unrelated).
"""
from django.core.management.base import BaseCommand

from ketenzicht.linkage import services
from ketenzicht.privacy import audit


class Command(BaseCommand):
    help = "Encode the persons' stored identifiers again under the newest linkage key."

    def handle(self, *args, **options):
        done, refused = services.reencode_stale()
        self.stdout.write(f"re-encoded: {done}; left as they were (values no longer valid): {refused}")
        audit.record(None, "rotate_key", "system", reason="linkage key rotation", done=done, refused=refused)
