"""A region's route, stored as data: every version is kept so running work never strands."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField

from . import engine


class RouteDefinition(models.Model):
    LIGHT = "route__definition"  # defer this on lists that select_related the route

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="routes")
    name = models.CharField(_("naam"), max_length=100)
    version = models.PositiveIntegerField(_("versie"))
    definition = models.JSONField(_("definitie"))
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("region", "version")]
        ordering = ["region", "-version"]
        verbose_name = _("routedefinitie")
        verbose_name_plural = _("routedefinities")

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def route(self) -> engine.Route:
        # created_at too: a primary key can come back after a rollback (SQLite), a creation time not.
        # The definition is read lazily, so lists can defer the column (`LIGHT`) and skip its JSON.
        return engine.parse_cached((self.pk, self.version, self.created_at), lambda: self.definition)

    def clean(self):
        try:
            engine.parse(self.definition)
        except engine.RouteError as error:
            raise ValidationError({"definition": str(error)}) from error

    @classmethod
    def active_for(cls, region):
        found = cls.objects.filter(region=region, active=True).order_by("-version").first()
        if found is None:
            raise engine.RouteError(f"region {region} has no active route")
        return found


class OnRoute:
    """What a record moving along a route (a signal, a case) offers: a short reference, whether its
    deadline passed, and an ETag for optimistic concurrency. Needs id, is_open, deadline_at, version."""

    @property
    def reference(self):
        """A short reference people can say on the phone; not a secret and not a receipt code."""
        return self.id.hex[:8].upper()

    @property
    def is_overdue(self):
        return self.is_open and self.deadline_at is not None and self.deadline_at < timezone.now()

    @property
    def etag(self):
        return f'"{self.id.hex}-{self.version}"'


class Step(models.Model):
    """One step in the history of a record on its route: who took which transition, when, from,
    to, why. Replaying the steps gives the current stage (the route property tests check this)."""

    transition = models.CharField(max_length=50)
    from_stage = models.CharField(max_length=50, blank=True)
    to_stage = models.CharField(max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = EncryptedTextField(blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
