"""Webhook subscriptions of partner organisations and the log of their deliveries.

A subscription belongs to one organisation of a region and is kept by the region's administrator. Its
secret signs every delivery (Standard Webhooks); it is stored encrypted, shown once, and can be rotated:
the previous secret keeps signing beside the new one for `ROTATION_OVERLAP`, so a receiver can switch
without losing a delivery. A `Delivery` is both the outbox (what must still be sent, with its back-off)
and the log (status code, attempts, time, error). Ids, event types, times and links only: no personal data.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.crypto import EncryptedTextField


class Event(models.TextChoices):
    SIGNAL_RECEIVED = "signal.received", _("Signaal ontvangen in een gemeente van de organisatie")
    CASE_ON_AGENDA = "case.on_agenda", _("Casus geagendeerd voor een overleg waarvoor de organisatie is uitgenodigd")
    TASK_ASSIGNED = "task.assigned", _("Taak toegewezen aan de organisatie")
    TRACK_CLOSED = "track.closed", _("Spoor gesloten")


class Subscription(models.Model):
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("regions.Organisation", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisatie"))
    url = models.URLField(_("adres (URL)"), max_length=500)
    events = models.JSONField(_("gebeurtenissen"), default=list)
    secret = EncryptedTextField(max_length=200)
    previous_secret = EncryptedTextField(max_length=200, blank=True)
    previous_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "pk"]
        indexes = [models.Index(fields=["organisation", "active"])]
        verbose_name = _("webhook-abonnement")
        verbose_name_plural = _("webhook-abonnementen")

    def __str__(self):
        return f"{self.organisation} → {self.url}"

    def event_labels(self):
        labels = dict(Event.choices)
        return [labels.get(e, e) for e in self.events]

    def secrets(self, now=None):
        """The secrets each delivery is signed with: the current one, and the previous one while it overlaps."""
        now = now or timezone.now()
        if self.previous_secret and self.previous_until and self.previous_until > now:
            return [self.secret, self.previous_secret]
        return [self.secret]


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht")
        DELIVERED = "delivered", _("Afgeleverd")
        FAILED = "failed", _("Mislukt")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=64, unique=True)  # webhook-id: the same on every attempt
    event = models.CharField(max_length=40)
    payload = models.TextField()  # the JSON body as sent (ids, type, time, links)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]),
                   models.Index(fields=["subscription", "-created_at"])]
