from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from ketenzicht.accounts.views import verified_login_required

from .models import Notification
from .services import mark_read


@verified_login_required
def inbox(request):
    return render(request, "notifications/inbox.html",
                  {"notifications": Notification.objects.filter(user=request.user)[:100]})


@verified_login_required
def open_notification(request, pk):
    """Mark as read and go to what it is about."""
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        return redirect("notifications:inbox")
    mark_read(request.user, notification.pk)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    return redirect(notification.url if safe else "notifications:inbox")
