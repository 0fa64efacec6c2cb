"""Break-the-glass grants: privacy keeps them (the privacy officer reviews every use); the app whose
records they open decides who may get one (intake: `intake/emergency.py`)."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import EmergencyAccess


def grant(user, signal, reason):
    """Handling access to this signal for KETENZICHT_EMERGENCY_HOURS, with the stated reason."""
    return EmergencyAccess.objects.create(
        user=user, signal=signal, reason=reason,
        expires_at=timezone.now() + timedelta(hours=settings.KETENZICHT_EMERGENCY_HOURS))


def forget(signal_ids):
    """Erase the grants (and their reasons) of these signals, when the signals are anonymised."""
    EmergencyAccess.objects.filter(signal_id__in=signal_ids).delete()
