"""Single sign-on per region: the region's identity provider, the group claims that grant roles,
the link from a provider's subject to a Ketenzicht account, and the roles a login put in place.

mozilla-django-oidc reads one provider from the settings; a Ketenzicht installation serves many
regions, each with the provider of its own municipalities, so the provider lives here, one row per
region, and `backend.RegionBackend` reads it instead of the settings."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from ketenzicht.accounts.models import TWO_PERSON_ROLES, Role, RoleAssignment
from ketenzicht.lib.crypto import EncryptedTextField


def words(text):
    """A setting typed as a list ("mfa, hwk" or one per line) as a set of its values."""
    return {part.strip() for part in text.replace(",", " ").split() if part.strip()}


class ProviderConfig(models.Model):
    """A region's OpenID Connect provider. The client secret is encrypted at rest and never shown
    back; the endpoints come from the provider's discovery document or are typed in."""

    class Algorithm(models.TextChoices):
        RS256 = "RS256", "RS256"
        ES256 = "ES256", "ES256"
        PS256 = "PS256", "PS256"

    region = models.OneToOneField("regions.Region", on_delete=models.CASCADE, related_name="sso")
    enabled = models.BooleanField(_("inloggen via de organisatie aan"), default=False)
    label = models.CharField(_("tekst op de knop"), max_length=100,
                             help_text=_("Bijvoorbeeld: Gemeenten in IJsselland (Entra ID)."))
    discovery_url = models.URLField(_("discovery-adres"), max_length=500, blank=True)
    issuer = models.URLField(_("issuer"), max_length=500)
    authorization_endpoint = models.URLField(_("authorization endpoint"), max_length=500)
    token_endpoint = models.URLField(_("token endpoint"), max_length=500)
    jwks_endpoint = models.URLField(_("JWKS endpoint"), max_length=500)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), max_length=500, blank=True)
    signing_algorithm = models.CharField(_("ondertekening van het ID-token"), max_length=10,
                                         choices=Algorithm.choices, default=Algorithm.RS256)
    client_id = models.CharField(_("client-id"), max_length=200)
    client_secret = EncryptedTextField(_("client-secret"))
    email_domains = models.TextField(_("e-maildomeinen"), blank=True)
    group_claim = models.CharField(_("claim met de groepen"), max_length=100, default="groups")
    mfa_amr = models.CharField(_("amr-waarden die als MFA gelden"), max_length=300, blank=True, default="mfa")
    mfa_acr = models.CharField(_("acr-waarden die als MFA gelden"), max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inlogvoorziening")
        verbose_name_plural = _("inlogvoorzieningen")

    def __str__(self):
        return f"{self.region}: {self.label}"

    def domains(self):
        return {d.lower().lstrip("@") for d in words(self.email_domains)}

    def attests_mfa(self, claims):
        """Whether the ID token says the provider did a second factor: one of its `amr` values, or
        its `acr`, is one the region counts as multi-factor."""
        amr = claims.get("amr") or []
        if isinstance(amr, str):
            amr = [amr]
        return bool(words(self.mfa_amr) & {str(v) for v in amr}) or str(claims.get("acr", "")) in words(self.mfa_acr)


class GroupMappingQuerySet(models.QuerySet):
    def approved_for_personal_data(self):
        """Approved mappings to a role that opens personal data: what a second administrator trusted."""
        return self.filter(role__in=TWO_PERSON_ROLES, approved_at__isnull=False)


class GroupMapping(models.Model):
    """A value of the group claim that grants one role. A mapping to a role that opens personal data
    takes effect only once a second administrator approved it (services.approve_mapping): the two
    persons of the role rule then stand behind every role the mapping grants."""

    provider = models.ForeignKey(ProviderConfig, on_delete=models.CASCADE, related_name="mappings")
    claim_value = models.CharField(_("groep (waarde in de claim)"), max_length=200)
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    municipality = models.ForeignKey("regions.Municipality", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("gemeente"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = GroupMappingQuerySet.as_manager()

    class Meta:
        unique_together = [("provider", "claim_value", "role", "organisation", "municipality")]
        ordering = ["claim_value", "role"]

    def __str__(self):
        return f"{self.claim_value} → {self.get_role_display()}"

    @property
    def in_effect(self):
        return self.approved_at is not None

    def clean(self):
        RoleAssignment(role=self.role, organisation=self.organisation, municipality=self.municipality).clean()


class Link(models.Model):
    """Who a provider's subject is here: matched on the provider's stable `sub`, never on an e-mail
    address (which a provider may let a person change, and so take over someone else's account)."""

    provider = models.ForeignKey(ProviderConfig, on_delete=models.CASCADE, related_name="links")
    issuer = models.CharField(max_length=500)
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sso_links")
    created_at = models.DateTimeField(default=timezone.now)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("issuer", "subject")]


class Grant(models.Model):
    """A role assignment a login put in place from the group claim: the next login withdraws it when
    the claim no longer grants it. Roles an administrator gave by hand are never touched."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="grants")
    assignment = models.OneToOneField(RoleAssignment, on_delete=models.CASCADE, related_name="+")


class ProviderFactor(Device):
    """The second factor the identity provider did, as django-otp's session knows a device: a login
    whose ID token attests multi-factor (ProviderConfig.attests_mfa) marks the session verified with
    it, so every check of `user.is_verified()` holds as after a TOTP code. It verifies no code
    itself (django-otp's `verify_token` answers False), so it opens nothing on the password page."""

    class Meta:
        verbose_name = _("MFA van de eigen organisatie")
