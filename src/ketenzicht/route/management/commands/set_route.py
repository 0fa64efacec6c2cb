"""Switch a region to one of the shipped routes (or a TOML file) as a new version.

    ketenzicht set_route zeeland model2012
    ketenzicht set_route ijsselland /path/to/own-route.toml

Running signals and cases keep the version they started under; new ones use the new version.
"""
import tomllib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ketenzicht.regions.models import Region
from ketenzicht.route import engine, versions


class Command(BaseCommand):
    help = "Store a route as the region's new active version."

    def add_arguments(self, parser):
        parser.add_argument("region", help="slug of the region")
        parser.add_argument("route", help=f"one of {', '.join(engine.SHIPPED)}, or a path to a TOML file")

    def handle(self, *args, region, route, **options):
        found = Region.objects.filter(slug=region).first()
        if found is None:
            raise CommandError(f"Unknown region: {region}")
        try:
            if route in engine.SHIPPED:
                definition = engine.load_file(route)
            else:
                with open(Path(route), "rb") as handle:
                    definition = tomllib.load(handle)
            stored = versions.activate(found, definition)
        except (OSError, tomllib.TOMLDecodeError, engine.RouteError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{found.name}: route {stored.name} is now version {stored.version}")
