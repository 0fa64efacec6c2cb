"""The meldroute-wijzer's region data: the region's own wording of the steps and outcomes, the
contacts the outcomes send people to, the liaison directory, and each municipality's internal
route. The questions, answers and the branching itself are code (routes.py): a region words them
its own way but cannot make the wijzer send a person in danger anywhere but 112.

Every text is kept in Dutch and English (`text`, `text_en`): the region's data carries its own
translation, as the signalenkaart does. Everything here is deliberately public (the liaison's
work phone and e-mail are published for citizens and partners); nothing personal of a reporter
is ever stored by the wijzer."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ketenzicht.regions.models import Municipality, Region


class Guide(models.Model):
    """One per region: the version that guards the region's texts and contacts against two
    administrators saving over each other."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="wijzer_guide")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meldroute-wijzer")


class Text(models.Model):
    """The region's wording of one step or outcome (`key`, e.g. "step:who", "outcome:liaison")."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="texts")
    key = models.CharField(max_length=40)
    text = models.TextField(_("tekst"), blank=True)
    text_en = models.TextField(_("tekst (Engels)"), blank=True)

    class Meta:
        unique_together = [("guide", "key")]


class Contact(models.Model):
    """Where an outcome sends people (the police, Veilig Thuis, …) as the region names it."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=30)
    name = models.CharField(_("naam"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=120, blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), max_length=120, blank=True)
    website = models.URLField(_("website"), max_length=200, blank=True)

    class Meta:
        unique_together = [("guide", "kind")]


class Liaison(models.Model):
    """An entry of the liaison directory: the municipality's aandachtsfunctionaris as the public may
    reach them. Published on purpose; not an account (the person may have none)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="wijzer_liaisons")
    name = models.CharField(_("naam"), max_length=120)
    phone = models.CharField(_("telefoon"), max_length=40)
    email = models.EmailField(_("e-mail"), max_length=120)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["municipality__name", "name", "pk"]
        indexes = [models.Index(fields=["municipality", "name", "id"], name="wijzer_liaison_order")]


class InternalRoute(models.Model):
    """A municipality's own agreements for its staff: whom to tell inside the municipality, and how
    the meldcode applies; shown in the internal wijzer only."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="wijzer_route")
    text = models.TextField(_("interne meldroute"), blank=True)
    text_en = models.TextField(_("interne meldroute (Engels)"), blank=True)
    version = models.PositiveIntegerField(default=1)
