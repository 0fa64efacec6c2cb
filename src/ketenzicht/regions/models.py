"""Regions, their municipalities and the partner organisations that work in them."""
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

cbs_code_validator = RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode ziet eruit als GM0193."))


class Sector(models.TextChoices):
    """Where a signal comes from; counted in the figures ("which sectors never report")."""

    MUNICIPALITY = "gemeente", _("Gemeente (algemeen)")
    SOCIAL_TEAM = "wijkteam", _("Wijkteam / sociaal domein")
    SCHOOL_ATTENDANCE = "leerplicht", _("Leerplicht")
    ENFORCEMENT = "handhaving", _("Handhaving / toezicht")
    CARE = "zorg", _("Zorg en hulpverlening")
    EDUCATION = "onderwijs", _("Onderwijs")
    POLICE = "politie", _("Politie")
    PROSECUTION = "om", _("Openbaar Ministerie")
    RIEC = "riec", _("RIEC")
    LABOUR_INSPECTION = "arbeidsinspectie", _("Nederlandse Arbeidsinspectie")
    KMAR = "kmar", _("Koninklijke Marechaussee")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    EMPLOYER = "werkgever", _("Werkgever / bedrijf")
    CITIZEN = "burger", _("Burger")
    # The partners the seeds name beside the first list (issue 16)
    TAX_FIOD = "belastingdienst", _("Belastingdienst / FIOD")
    IND = "ind", _("Immigratie- en Naturalisatiedienst (IND)")
    COA = "coa", _("Centraal Orgaan opvang asielzoekers (COA)")
    PROBATION = "reclassering", _("Reclassering")
    UWV = "uwv", _("UWV")
    KVK = "kvk", _("Kamer van Koophandel (KvK)")
    ENVIRONMENT_SERVICE = "omgevingsdienst", _("Omgevingsdienst")
    YOUTH_PROTECTION = "jeugdbescherming", _("Jeugdbescherming")
    HOUSING_CORPORATION = "woningcorporatie", _("Woningcorporatie")
    MMA = "meld_misdaad_anoniem", _("Meld Misdaad Anoniem")
    OTHER = "anders", _("Anders")


class Region(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=100, unique=True)
    public_contact = models.CharField(
        _("contact voor het publiek"), max_length=300, blank=True,
        help_text=_("Telefoonnummer of adres dat de publieke pagina toont."),
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("drempel kleine aantallen"), default=5, validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Gepubliceerde cijfers tonen aantallen onder deze drempel als '<drempel'."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator])
    name = models.CharField(_("naam"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    inhabitants_on = models.DateField(_("inwoners per"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """A partner organisation in a region; every account acts on behalf of one."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        help_text=_("Alleen voor gemeentelijke organisaties."),
    )
    # Retired instead of deleted: signals, seats and accounts name it, and their history must still
    # say who it was. A retired organisation is offered for nothing new.
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("region", "name")]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")

    def __str__(self):
        return self.name
