"""Daily (cron): notify owners of tasks and tracks whose date is near or passed."""
from django.core.management.base import BaseCommand

from ketenzicht.cases import services


class Command(BaseCommand):
    help = "Notify owners of tasks and tracks whose due or review date is within two days or passed."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders sent: {services.remind_deadlines()}")
