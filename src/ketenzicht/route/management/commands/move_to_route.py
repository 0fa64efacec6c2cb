"""Move a region's running signals and cases to its active route version, explicitly.

    ketenzicht move_to_route zeeland --dry-run
    ketenzicht move_to_route zeeland --map aangemeld=dossier --map geagendeerd=weging
"""
from django.core.management.base import BaseCommand, CommandError

from ketenzicht.regions.models import Region
from ketenzicht.route import versions


class Command(BaseCommand):
    help = "Move open signals and cases to the region's active route version (stage codes kept or mapped)."

    def add_arguments(self, parser):
        parser.add_argument("region")
        parser.add_argument("--map", action="append", default=[], metavar="OLD=NEW", help="stage mapping")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, region, map, dry_run, **options):
        found = Region.objects.filter(slug=region).first()
        if found is None:
            raise CommandError(f"Unknown region: {region}")
        try:
            mapping = dict(item.split("=", 1) for item in map)
        except ValueError as error:
            raise CommandError("Give mappings as OLD=NEW") from error
        moved, unmapped = versions.move_running(found, mapping, dry_run=dry_run)
        for line, count in moved.items():
            self.stdout.write(f"{line}: {count}{' (dry run)' if dry_run else ''}")
        if unmapped:
            raise CommandError("Nothing moved; stages without a place in the new route: " + "; ".join(
                f"{kind}: {', '.join(stages)}" for kind, stages in unmapped.items()))
