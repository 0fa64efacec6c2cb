"""What identifies a person of a signal or of a care trajectory, kept encrypted, with its keyed
encodings beside it; the suggestions the matcher made from the encodings alone, and the decisions
people took on them.

The clear identifiers are read only to show them to whoever handles the record and to encode
them again after a key rotation; matching reads `key_version`, `bloom` and the `codes`.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField

MAX_LIST = 2000  # a list of phone numbers, addresses, ... (one per line), as typed


class IdentifierKind(models.TextChoices):
    """The exact identifiers stored as keyed hashes (HMAC): equal only when the identifiers are."""

    PHONE = "phone", _("telefoonnummer")
    ADDRESS = "address", _("adres")
    PLATE = "plate", _("kenteken")
    KVK = "kvk", _("KvK-nummer")
    EMAIL = "email", _("e-mailadres")


# What makes a network: signals sharing one of these (an e-mail address is personal, not a place).
NETWORK_KINDS = (IdentifierKind.PHONE, IdentifierKind.ADDRESS, IdentifierKind.PLATE, IdentifierKind.KVK)


class Gender(models.TextChoices):
    FEMALE = "v", _("vrouw")
    MALE = "m", _("man")
    OTHER = "x", _("anders")


class PersonIdentifiers(models.Model):
    """What identifies one person of a signal, or the person a care trajectory is for, as written.
    Every clear field is encrypted at rest."""

    person = models.OneToOneField("intake.Person", on_delete=models.CASCADE, related_name="identifiers", null=True)
    trajectory = models.OneToOneField("care.Trajectory", on_delete=models.CASCADE, related_name="identifiers",
                                      null=True)
    given_name = EncryptedTextField(_("voornamen"), max_length=200, blank=True)
    family_name = EncryptedTextField(_("achternaam"), max_length=200, blank=True)
    date_of_birth = EncryptedTextField(_("geboortedatum"), max_length=20, blank=True)
    gender = EncryptedTextField(_("geslacht"), max_length=1, blank=True)
    nationality = EncryptedTextField(_("nationaliteit"), max_length=2, blank=True)
    phones = EncryptedTextField(_("telefoonnummers"), max_length=MAX_LIST, blank=True)
    addresses = EncryptedTextField(_("adressen"), max_length=MAX_LIST, blank=True)
    emails = EncryptedTextField(_("e-mailadressen"), max_length=MAX_LIST, blank=True)
    plates = EncryptedTextField(_("kentekens"), max_length=MAX_LIST, blank=True)
    kvk = EncryptedTextField(_("KvK-nummer"), max_length=20, blank=True)
    # The encodings (linkage.encoding): the key's version and the hardened Bloom filter.
    key_version = models.CharField(max_length=8, db_index=True)
    bloom = models.BinaryField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identificerende gegevens")
        verbose_name_plural = _("identificerende gegevens")
        constraints = [models.CheckConstraint(
            condition=models.Q(person__isnull=False, trajectory__isnull=True)
            | models.Q(person__isnull=True, trajectory__isnull=False), name="linkage_identifiers_one_owner")]

    @staticmethod
    def lines(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class IdentifierCode(models.Model):
    """The keyed hash of one exact identifier of a person: what networks and the exact bonus compare."""

    identifiers = models.ForeignKey(PersonIdentifiers, on_delete=models.CASCADE, related_name="codes")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    code = models.CharField(max_length=32)  # hex of the HMAC, 16 bytes

    class Meta:
        indexes = [models.Index(fields=["code", "kind"])]


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("zelfde persoon")
    REJECTED = "rejected", _("niet dezelfde")


def _one_of(first, second, name):
    return models.CheckConstraint(condition=models.Q(**{f"{first}__isnull": False, f"{second}__isnull": True})
                                  | models.Q(**{f"{first}__isnull": True, f"{second}__isnull": False}), name=name)


class Suggestion(models.Model):
    """A possible match the matcher found: the left side (`person` of a signal, or `trajectory`) was
    recorded (or changed) and scored `score` against the right side (`candidate`, a person of
    another signal, or `candidate_trajectory`). Nothing is linked until someone decides."""

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="+", null=True)
    trajectory = models.ForeignKey("care.Trajectory", on_delete=models.CASCADE, related_name="+", null=True)
    candidate = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="+", null=True)
    candidate_trajectory = models.ForeignKey("care.Trajectory", on_delete=models.CASCADE, related_name="+",
                                             null=True)
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)  # a replayed decision finds another version

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "candidate"], name="linkage_suggestion_once"),
            models.UniqueConstraint(fields=["person", "candidate_trajectory"], name="linkage_suggestion_once_pt"),
            models.UniqueConstraint(fields=["trajectory", "candidate"], name="linkage_suggestion_once_tp"),
            models.UniqueConstraint(fields=["trajectory", "candidate_trajectory"], name="linkage_suggestion_once_tt"),
            _one_of("person", "trajectory", "linkage_suggestion_one_left"),
            _one_of("candidate", "candidate_trajectory", "linkage_suggestion_one_right"),
        ]
        ordering = ["-score", "pk"]

    @property
    def left(self):
        """The side that was recorded: a Person of a signal, or a care Trajectory."""
        return self.person if self.person_id else self.trajectory

    @property
    def right(self):
        return self.candidate if self.candidate_id else self.candidate_trajectory


class Decision(models.TextChoices):
    SAME = "same", _("zelfde persoon")
    DIFFERENT = "different", _("niet dezelfde")
    UNDONE = "undone", _("besluit teruggedraaid")


class LinkDecision(models.Model):
    """Who decided what on a suggestion, when, at which score. A confirmation keeps what it moved,
    so that undoing it gives every person back the identity it had."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    score = models.FloatField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    moved = models.JSONField(default=list)  # ids of the persons whose identity changed
    previous_identity = models.UUIDField(null=True)
    moved_trajectories = models.JSONField(default=dict)  # {trajectory id: the identity it had, or None}

    class Meta:
        ordering = ["-at", "-pk"]
