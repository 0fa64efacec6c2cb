from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone

from . import kinds


class Notification(models.Model):
    """Something a user must know: in the app, and by e-mail as a link. Never personal content.

    The text is not stored: a kind and its parameters (the reference of the signal or case) are,
    and the title is rendered in the reader's language when shown (`kinds.title`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    # What it is about, as the access log names it ("case", "signal", ...): checked again when opened.
    about_kind = models.CharField(max_length=20, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The newest of its group (same user, kind and url): the notifications page lists one line per
    # group, and reads these from the index `notification_groups` a page at a time instead of
    # grouping all of a user's notifications on every request (a liaison of 60 municipalities has
    # hundreds of thousands). `services.notify` clears it on the group's older ones when it adds one.
    is_latest = models.BooleanField(default=True, db_default=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"]),
                   models.Index(fields=["user", "kind", "url"], name="notification_user_kind_url"),
                   models.Index(F("user"), F("id") * -1, condition=models.Q(is_latest=True),
                                name="notification_groups")]

    @property
    def title(self):
        return kinds.title(self.kind, self.params)

    subject = title  # the e-mail's subject line and older readers' name for it


class Delivery(models.Model):
    """The outbox: a notification's e-mail that is still to be sent.

    Written in the transaction that stores the notification (one INSERT for all of them), so a
    notification and its e-mail are kept or rolled back together, and sent after the response by
    `delivery.deliver`: the request never waits for the mail server. A failed attempt stays here with
    its error and the time of the next attempt (back-off), so nothing is lost while the mail server is
    down; a sent one is deleted. What the e-mail says is rendered when it is sent, from the notification."""

    notification = models.OneToOneField(Notification, on_delete=models.CASCADE, related_name="delivery")
    created_at = models.DateTimeField(default=timezone.now)
    # When it may be sent next: now for a new one, later after a failure, and a lease while one
    # deliverer is sending it (so two deliverers never send the same e-mail).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["next_attempt_at"], name="delivery_due")]


class Announcement(models.Model):
    """The notifications' outbox: something that happened, of which its audience is still to be told.

    A request writes this one row in its own transaction (`services.announce`), and no more: deciding
    who is told (every liaison of the municipalities, each checked against the need-to-know rules),
    storing their notifications and queueing their e-mails happens after the response, in
    `fanout.fan_out` (the process's delivery thread, or `ketenzicht deliver_outbox`). One announcement
    is fanned out in one transaction with its deletion, so its audience is told once."""

    # Names the notifications' kind and the audience registered for it (`services.audience`).
    kind = models.CharField(max_length=40)
    about_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
