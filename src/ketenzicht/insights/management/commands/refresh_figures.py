"""`ketenzicht refresh_figures [--region SLUG ...]`: rebuild the monthly aggregates of the figures.

Readers keep the aggregates fresh themselves (`insights.aggregates.ensure`); this rebuilds them
whole, after a bulk load or as the periodic job (issue 21) that spares the first reader of a
month the work of building it."""
import time

from django.core.management.base import BaseCommand, CommandError

from ketenzicht.insights import aggregates
from ketenzicht.regions.models import Region


class Command(BaseCommand):
    help = "Rebuild the monthly aggregates of the figures (all regions, or those named)."

    def add_arguments(self, parser):
        parser.add_argument("--region", action="append", default=[], metavar="SLUG",
                            help="Only this region (may be given more than once).")

    def handle(self, *args, region, **options):
        ids = None
        if region:
            found = dict(Region.objects.filter(slug__in=region).values_list("slug", "pk"))
            unknown = sorted(set(region) - set(found))
            if unknown:
                raise CommandError(f"Onbekende regio: {', '.join(unknown)}")
            ids = list(found.values())
        started = time.perf_counter()
        months = aggregates.rebuild(ids)
        self.stdout.write(f"{months} maanden opgebouwd in {time.perf_counter() - started:.1f} s")
