from django.core.management.base import BaseCommand, CommandError

from ketenzicht.ops import backups


class Command(BaseCommand):
    help = ("Back the database up to PATH (PostgreSQL: pg_dump's custom format; SQLite: the backup API). "
            "The encryption keys are not in it: keep them apart (docs/operations.md).")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--database", default="default")

    def handle(self, path, database, **options):
        try:
            written = backups.backup(path, using=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {written} ({written.stat().st_size} bytes).")
