"""Re-encrypt everything stored encrypted with the newest key in KETENZICHT_ENCRYPTION_KEYS.

Rotation: `ketenzicht rotate_encryption_key --new-key` prints a key; put it first in
KETENZICHT_ENCRYPTION_KEYS (keep the old one behind it), restart, run this command, then remove
the old key.
"""
from django.core.management.base import BaseCommand
from django.db import transaction

from ketenzicht.lib import crypto
from ketenzicht.privacy import audit, subjects


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields and files with the newest key (or print a new key)."
    requires_system_checks = []  # --new-key must work before any key is configured

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a freshly generated key and stop")

    def handle(self, *args, new_key=False, **options):
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        with transaction.atomic():
            counts = crypto.reencrypt(crypto.encrypted_fields())
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        files = 0
        for model, name in crypto.encrypted_file_fields():
            for stored in model._base_manager.exclude(**{name: ""}).values_list(name, flat=True).iterator():
                getattr(model, name).field.storage.rotate(stored)
                files += 1
        self.stdout.write(f"files: {files}")
        self.stdout.write(f"subject index rebuilt for {subjects.reindex()} records")
        audit.record(None, "rotate_key", "system", reason="encryption key rotation", fields=counts, files=files)
