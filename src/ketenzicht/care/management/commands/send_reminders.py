"""Daily (the worker's job `care.send_reminders` does it at 7:00; or cron): notify owners of tasks, tracks,
cases and signals whose date is near or passed, and the care coordinator of reflection periods ending,
reviews passed and dormant trajectories due."""
from django.core.management.base import BaseCommand

from ketenzicht.care import services


class Command(BaseCommand):
    help = "Notify owners of tasks and tracks whose due or review date is within two days or passed."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders sent: {services.remind_all()}")
