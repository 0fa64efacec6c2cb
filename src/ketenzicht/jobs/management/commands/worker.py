"""The one command that runs the background jobs (see ketenzicht.jobs.queue): procrastinate's worker on
PostgreSQL; on SQLite the fallback, which does the periodic jobs in this process on their schedule."""
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from ketenzicht.jobs import queue

EVERY = timedelta(minutes=1)  # how often the SQLite fallback looks at the schedule (cron's resolution)


class Command(BaseCommand):
    help = ("Run the background jobs: e-mail deliveries, reminders, retention. On PostgreSQL procrastinate's "
            "worker; on SQLite the periodic jobs in this process.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="do what is waiting (on SQLite: what is due in the last minute) and stop")
        parser.add_argument("--concurrency", type=int, default=1, help="jobs at once (PostgreSQL)")
        parser.add_argument("--queue", action="append", dest="queues", metavar="NAME",
                            help="only this app's jobs (PostgreSQL; repeat for more; default: all)")

    def handle(self, *args, once=False, concurrency=1, queues=None, **options):
        if queue.uses_queue():
            queue.run_worker(wait=not once, queues=queues, concurrency=concurrency)
            return
        since = timezone.now() - EVERY  # what runs every minute runs at once
        while True:
            until = timezone.now()
            done = queue.run_periodic(since, until)
            self.stdout.write(f"{until:%Y-%m-%d %H:%M:%S}: {', '.join(done) or 'nothing due'}")
            if once:
                return
            since = until
            time.sleep(EVERY.total_seconds())
