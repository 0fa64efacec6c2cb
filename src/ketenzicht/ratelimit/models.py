from django.db import models


class Hit(models.Model):
    """How many requests one address made in one scope in one minute."""

    key = models.CharField(max_length=200)
    minute = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "minute"], name="ratelimit_hit_key_minute")]
