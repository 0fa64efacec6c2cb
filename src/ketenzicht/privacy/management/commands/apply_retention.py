"""Apply the regions' retention terms. Meant for cron, e.g. nightly:

    ketenzicht apply_retention            # anonymise and delete what is past its term
    ketenzicht apply_retention --dry-run  # only report what that would do
"""
from django.core.management.base import BaseCommand, CommandError

from ketenzicht.privacy import retention
from ketenzicht.privacy.kinds import KINDS
from ketenzicht.regions.models import Region


class Command(BaseCommand):
    help = "Anonymise or delete records past their region's retention term, and report what was done."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report what would be done, change nothing")
        parser.add_argument("--region", help="slug of one region (default: all)")

    def handle(self, *args, dry_run=False, region=None, **options):
        regions = None
        if region:
            regions = list(Region.objects.filter(slug=region))
            if not regions:
                raise CommandError(f"Unknown region: {region}")
        outcomes = retention.run(dry_run=dry_run, regions=regions)
        verb = "would" if dry_run else "did"
        for o in outcomes:
            self.stdout.write(f"{o.region}: {o.kind} older than {o.months} months (before {o.cutoff:%Y-%m-%d}): "
                              f"{verb} {_doing(o.kind)} {o.count}")


def _doing(code):
    if code.endswith(retention.WARNED):
        return "announce"
    return KINDS[code].verb
