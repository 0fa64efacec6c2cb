"""What accounts reports to the access log. The log belongs to privacy, which sits above
accounts (its rules read roles), so accounts announces each event and privacy writes it
(privacy's AppConfig connects the receiver). An event nobody would write is an error, never a
silent loss."""
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

audited = Signal()


def audit(user, action, object_type, object_id="", **kwargs):
    """Log one event: the same arguments as `privacy.audit.record`."""
    if not audited.has_listeners():
        raise ImproperlyConfigured("Nothing writes the access log: is ketenzicht.privacy installed?")
    audited.send(sender=None, user=user, action=action, object_type=object_type, object_id=object_id, **kwargs)
