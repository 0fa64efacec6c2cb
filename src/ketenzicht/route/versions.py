"""Storing a new version of a region's route. Old versions stay: what runs under them keeps them."""
from django.db import transaction

from ketenzicht.privacy import audit

from . import engine
from .models import RouteDefinition


@transaction.atomic
def activate(region, definition, user=None):
    """Check the definition, store it as the region's next version and make it the active one."""
    engine.parse(definition)
    latest = RouteDefinition.objects.select_for_update().filter(region=region).order_by("-version").first()
    RouteDefinition.objects.filter(region=region, active=True).update(active=False)
    stored = RouteDefinition.objects.create(region=region, name=definition.get("name", ""), definition=definition,
                                            version=(latest.version + 1) if latest else 1, active=True)
    audit.record(user, "route_version", "route", stored.pk, region=region.pk)
    return stored
