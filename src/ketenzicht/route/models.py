"""A region's route, stored as data: every version is kept so running work never strands."""
from django.db import models
from django.utils.translation import gettext_lazy as _

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
        from django.core.exceptions import ValidationError

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
