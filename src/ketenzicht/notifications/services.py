"""Notify users in the app and by e-mail. Subjects are fixed texts; e-mails carry only a link."""
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


def notify(users, kind, subject, url):
    """Store a notification for each (distinct, active) user and mail them after the commit."""
    recipients = {u.pk: u for u in users if u.is_active}.values()
    Notification.objects.bulk_create([Notification(user=u, kind=kind, subject=str(subject), url=url)
                                      for u in recipients])
    mails = [(str(subject), _("Er staat iets voor u klaar in Ketenzicht.\n\nBekijk het na inloggen: %(link)s")
              % {"link": settings.KETENZICHT_BASE_URL + url}, None, [u.email]) for u in recipients if u.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user, notification_id):
    Notification.objects.filter(user=user, pk=notification_id, read_at__isnull=True).update(read_at=timezone.now())
