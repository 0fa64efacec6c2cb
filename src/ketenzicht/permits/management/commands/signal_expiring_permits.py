"""Daily (cron, or the periodic job): tell the licensing officers once of every permit that
expires within 90 days. Running it twice on a day tells nobody twice."""
from django.core.management.base import BaseCommand

from ketenzicht.permits import services


class Command(BaseCommand):
    help = "Notify licensing officers once of each permit that expires within 90 days."

    def handle(self, *args, **options):
        self.stdout.write(f"expiring permits signalled: {services.signal_expiring_permits()}")
