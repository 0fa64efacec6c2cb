"""Tell what was announced and send the e-mails waiting in the outbox: from cron (every minute, say), or as
a small worker with `--every SECONDS` where processes do not deliver by themselves
(KETENZICHT_DELIVER_IN_PROCESS off); `ketenzicht worker` runs the same as a job."""
import time

from django.core.management.base import BaseCommand

from ketenzicht.notifications import delivery


class Command(BaseCommand):
    help = ("Store the notifications of what was announced, then send the e-mails of notifications that are due; "
            "keep the ones that fail for a later attempt.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, metavar="SECONDS",
                            help="keep running, and look again after this many seconds")

    def handle(self, *args, every=None, **options):
        while True:
            announced, total = delivery.deliver_all()
            self.stdout.write(f"announcements told: {announced}; e-mails sent: {total.sent}, "
                              f"failed (kept for a retry): {total.failed}, without a recipient: {total.dropped}")
            if every is None:
                return
            time.sleep(every)
