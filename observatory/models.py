"""Abstract base models that every app's models share: UUID primary keys and timestamps.

Two kinds of timestamp: `TimestampedModel` keeps exact times (staff-side rows: organisations, keys,
audit-worthy actions), `HourStampedModel` rounds every stamp down to the hour, for rows written with or
about a report, where an exact time would give away when the reporter submitted (DESIGN §4).
"""

import uuid
from datetime import datetime

from django.db import models
from django.utils import timezone


class TimestampedModel(models.Model):
    """UUID primary key and exact created_at/updated_at."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def hour_now() -> datetime:
    """The current time rounded down to the hour (UTC; the city's offsets are whole hours)."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


class HourStampedModel(models.Model):
    """UUID primary key and hour-rounded created_at/updated_at (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=hour_now, editable=False)
    updated_at = models.DateTimeField(default=hour_now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding:
            self.updated_at = hour_now()
            if update_fields is not None:
                update_fields = {*update_fields, "updated_at"}
        super().save(*args, update_fields=update_fields, **kwargs)
