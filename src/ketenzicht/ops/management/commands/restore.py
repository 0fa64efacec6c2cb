from django.core.management.base import BaseCommand, CommandError

from ketenzicht.ops import backups


class Command(BaseCommand):
    help = ("Restore a backup made by `ketenzicht backup` into the (empty) database. Stop the service and its "
            "workers first, and configure the encryption keys of the installation that made the backup.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")
        parser.add_argument("--replace", action="store_true", help="overwrite a database that is not empty")

    def handle(self, path, database, replace, **options):
        try:
            keys_fit = backups.restore(path, using=database, replace=replace)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if not keys_fit:
            raise CommandError("Restored, but KETENZICHT_ENCRYPTION_KEYS cannot read the restored data: configure the "
                               "keys of the installation that made the backup. The sensitive fields stay unreadable "
                               "until then.")
        self.stdout.write(f"Restored {path}; the encryption keys read its data.")
