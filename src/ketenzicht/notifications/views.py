from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.accounts.views import verified_login_required
from ketenzicht.lib.forms_bridge import InvalidInput

from . import lists, services

PAGE_SIZE = 50


@verified_login_required
def inbox(request):
    try:
        window = lists.grouped(request.user, PAGE_SIZE, cursor=request.GET.get("cursor") or None)
    except InvalidInput as error:
        raise BadRequest(_("Deze cursor hoort niet bij deze lijst.")) from error
    return render(request, "notifications/inbox.html", {"window": window})


@verified_login_required
def open_notification(request, pk):
    """Mark as read and go to what it is about, if the user may still open it; else back to the
    list, saying why (never a page that does not exist for them)."""
    notification, allowed = services.open_for(request.user, pk)
    if notification is None:
        return redirect("notifications:inbox")
    if not allowed or not url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        messages.warning(request, _("U heeft geen toegang (meer) tot waar dit bericht over gaat."))
        return redirect("notifications:inbox")
    return redirect(notification.url)


@verified_login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, _("Alle berichten zijn gelezen (%(n)s).") % {"n": count})
    return redirect("notifications:inbox")
