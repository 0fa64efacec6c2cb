from django.db import models
from django.utils import timezone

from ketenzicht.regions.models import Region


class Failure(models.Model):
    """A job whose last attempt raised: the error procrastinate does not keep, and the region whose
    administrator sees it (none: the platform operator's). Written at each failed attempt and deleted
    when a later attempt succeeds.

    While the job waits for its next attempt it is `todo` in procrastinate's table; after its last
    attempt it stays there `failed`, and this row is its dead letter, to retry or discard.
    Ids and the error only: job arguments are ids, never personal data."""

    job_id = models.BigIntegerField(unique=True)
    task_name = models.CharField(max_length=128)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    attempts = models.PositiveIntegerField()
    error = models.CharField(max_length=1000)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-failed_at", "-pk"]
