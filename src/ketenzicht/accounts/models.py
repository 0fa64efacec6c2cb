"""Users, the roles they hold per organisation and municipality, and their API tokens."""
import hashlib
import secrets
from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField

# The name of the second factor the demo loader gives its accounts; such a device opens nothing
# outside demo mode (accounts.services.sign_in), whatever database it ends up in.
DEMO_DEVICE = "demo"


class Role(models.TextChoices):
    REPORTER = "reporter", _("Melder")
    LIAISON = "liaison", _("Aandachtsfunctionaris")
    CARE_COORDINATOR = "care_coordinator", _("Zorgcoördinator")
    TABLE_CHAIR = "table_chair", _("Voorzitter weeg- en monitortafel")
    TABLE_MEMBER = "table_member", _("Tafellid")
    CARE_PROVIDER = "care_provider", _("Hulpverlener (zorg of opvang)")
    ANALYST = "analyst", _("Analist / beleid")
    REGION_ADMIN = "region_admin", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Functionaris gegevensbescherming")
    NATIONAL_ANALYST = "national_analyst", _("Landelijk analist (alleen cijfers)")
    LICENSING_OFFICER = "licensing_officer", _("Vergunningverlener (vergunningen en Bibob)")
    MAYOR_OFFICE = "mayor_office", _("Bureau burgemeester (bestuurlijke maatregelen)")


# Roles that open personal data of victims and suspects, or oversee those who do (the regional
# administrator answers subject requests and grants roles; the privacy officer reviews the log).
# A grant of one takes effect only when a second person approves it (accounts.services.approve_role):
# nobody opens data, or reviews her own traces, by granting herself a role.
TWO_PERSON_ROLES = (Role.LIAISON, Role.CARE_COORDINATOR, Role.TABLE_CHAIR, Role.TABLE_MEMBER, Role.CARE_PROVIDER,
                    Role.REGION_ADMIN, Role.PRIVACY_OFFICER, Role.LICENSING_OFFICER, Role.MAYOR_OFFICE)


# Roles over every region: only the platform operator grants them, never a region's administrator
# (the national analyst sees only published figures, so a second person's approval is not needed).
PLATFORM_ROLES = (Role.NATIONAL_ANALYST,)


def region_role_choices():
    """The roles a region gives (on its users page): not the platform's."""
    return [(value, label) for value, label in Role.choices if value not in PLATFORM_ROLES]


def in_effect(prefix=""):
    """The condition on a role assignment (at `prefix`, e.g. "role_assignments__") that it counts:
    approved, or a role that needs no approval. Use it in the same filter() as the role itself."""
    return Q(**{f"{prefix}approved_at__isnull": False}) | ~Q(**{f"{prefix}role__in": TWO_PERSON_ROLES})


class UserQuerySet(models.QuerySet):
    def holding(self, roles, **where):
        """Active users holding one of `roles` in effect, where the assignment matches `where`
        (e.g. organisation=…, municipality_id__in=…)."""
        where = {f"role_assignments__{key}": value for key, value in where.items()}
        return self.filter(in_effect("role_assignments__"), is_active=True, role_assignments__role__in=roles,
                           **where).distinct()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person with an account. What they may do follows from their role assignments."""

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @cached_property
    def assignments(self):
        """Role assignments in effect, loaded once per request; the access policy reads these."""
        return list(self.role_assignments.filter(in_effect()).select_related("organisation__region", "municipality"))

    def has_role(self, *roles):
        return any(a.role in roles for a in self.assignments)

    def municipality_ids(self, *roles):
        return {a.municipality_id for a in self.assignments if a.role in roles and a.municipality_id}

    def region_ids(self, *roles):
        return {a.organisation.region_id for a in self.assignments if not roles or a.role in roles}

    @property
    def primary_organisation(self):
        return self.assignments[0].organisation if self.assignments else None


# Roles held for one municipality, not for an organisation as a whole: the liaison, and the
# municipality's own officers of its administrative instruments (permits and Bibob, the mayor's
# measures), whose files are that municipality's alone.
MUNICIPAL_ROLES = (Role.LIAISON, Role.LICENSING_OFFICER, Role.MAYOR_OFFICE)


def works_for_municipality(role) -> bool:
    """A role held for one municipality, not for an organisation as a whole (`MUNICIPAL_ROLES`)."""
    return role in MUNICIPAL_ROLES


class RoleAssignmentQuerySet(models.QuerySet):
    def awaiting_approval(self):
        """Grants of a role that opens personal data that no second administrator approved yet."""
        return self.filter(approved_at__isnull=True, role__in=TWO_PERSON_ROLES)


class RoleAssignment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.PROTECT, related_name="assignments")
    municipality = models.ForeignKey(
        "regions.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        help_text=_("Verplicht voor aandachtsfunctionarissen: de gemeente waarvoor zij werken."),
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("toegekend door"))
    granted_at = models.DateTimeField(_("toegekend op"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("goedgekeurd door"))
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True,
                                       help_text=_("Leeg: de rol wacht op goedkeuring door een tweede beheerder."))

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        unique_together = [("user", "role", "organisation", "municipality")]
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self):
        where = self.municipality or self.organisation
        return f"{self.get_role_display()} ({where})"

    @property
    def needs_approval(self):
        return self.role in TWO_PERSON_ROLES and self.approved_at is None

    def clean(self):
        if works_for_municipality(self.role) and not self.municipality_id:
            raise ValidationError({"municipality": _("Een aandachtsfunctionaris werkt voor een gemeente.")})
        if self.municipality_id and self.organisation_id and self.municipality.region_id != self.organisation.region_id:
            raise ValidationError({"municipality": _("De gemeente hoort niet bij de regio van de organisatie.")})


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token for partner systems. Only its hash is stored; it expires and can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, days=None):
        plain = secrets.token_urlsafe(32)
        days = days or settings.KETENZICHT_API_TOKEN_DAYS
        token = cls.objects.create(
            user=user, key_hash=hash_token(plain), prefix=plain[:8],
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, plain


class Draft(models.Model):
    """What a user was sending when their session ended (accounts.drafts): kept encrypted for a
    day, for that user only, and handed back once, on the same form, after they log in again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=100)  # the URL name of the page the form was sent to
    data = EncryptedTextField()  # the posted fields as JSON: {name: [values]}
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        unique_together = [("user", "form")]


INVITATION_DAYS = 7


class InvitationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A link by e-mail to enrol: set a password and a second factor (an invitation), or enrol a
    new second factor after a lost device (`second_factor`). Only the token's hash is stored, so a
    copy of the database opens no account; the link works once and for INVITATION_DAYS days."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("nieuw account")
        SECOND_FACTOR = "second_factor", _("nieuwe tweede factor")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.ACCOUNT)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    @classmethod
    def issue(cls, user, created_by=None, purpose=Purpose.ACCOUNT):
        """A new invitation and its token in plain text (for the e-mail: never stored); earlier open
        invitations of the same user end, so only the newest link works."""
        cls.objects.open().filter(user=user).update(expires_at=timezone.now())
        plain = secrets.token_urlsafe(32)
        invitation = cls.objects.create(user=user, purpose=purpose, token_hash=hash_token(plain),
                                        created_by=created_by,
                                        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
        return invitation, plain

    @property
    def expired(self):
        return self.expires_at <= timezone.now()
