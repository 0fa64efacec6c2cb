from django.db import models
from django.utils import timezone

from ketenzicht.regions.models import Region


class Failure(models.Model):
    """A job that failed for good (its last attempt raised): the error procrastinate does not keep, and
    the region whose administrator may retry or discard it (none: the platform operator's).

    The job itself stays in procrastinate's table in the state `failed`; this row is its dead letter.
    Ids and the error only: job arguments are ids, never personal data."""

    job_id = models.BigIntegerField(unique=True)
    task_name = models.CharField(max_length=128)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    attempts = models.PositiveIntegerField()
    error = models.CharField(max_length=1000)
    failed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-failed_at", "-pk"]
