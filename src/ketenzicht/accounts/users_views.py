"""The users page of a region's set-up (/inrichting/<region>/gebruikers): who works in the region with
which roles, approvals waiting for a second administrator, invitations, deactivation and a lost
device. For whoever administers the region; every change goes through a service."""
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ketenzicht.lib import keyset, paging
from ketenzicht.lib.errors import DomainError

from . import access, enrolment, services
from .forms import InviteForm, RoleFormSet
from .models import RoleAssignment, User
from .views import verified_login_required

PAGE_SIZE = 50
# The oldest waiting approvals; the page says how many more wait (each approval makes room).
PENDING_SHOWN = 50
# The users by name, a page after the last one shown (lib/keyset.py); the username is unique.
USERS = keyset.Keyset("users", "last_name", "first_name", "username")

# The region's model, reached through the foreign keys accounts already declares: regions sits
# above accounts, which imports none of it.
Organisation = RoleAssignment._meta.get_field("organisation").related_model
Region = Organisation._meta.get_field("region").related_model


def _region(request, slug):
    region = get_object_or_404(Region, slug=slug)
    if not access.administers(request.user, region.pk):
        raise PermissionDenied
    return region


def _status(user):
    if not user.is_active:
        return "deactivated", _("Gedeactiveerd")
    if not user.has_usable_password():
        return "invited", _("Uitgenodigd")
    return "active", _("Actief")


def _role(assignment, roles_base):
    """What a row shows of a role, made here rather than in the template: 50 rows of it are the
    page's main cost."""
    label = f"{assignment.get_role_display()} — {assignment.organisation}"
    if assignment.municipality_id:
        label += f", {assignment.municipality}"
    return {"label": label, "pending": assignment.needs_approval, "withdraw": f"{roles_base}/{assignment.pk}/intrekken"}


@verified_login_required
def users_view(request, region):
    region = _region(request, region)
    in_region = RoleAssignment.objects.filter(organisation__region=region).select_related(
        "organisation", "municipality").order_by("role", "organisation__name")
    users = (User.objects.filter(pk__in=in_region.values("user_id"))
             .only("username", "first_name", "last_name", "email", "is_active", "is_superuser", "password")
             .prefetch_related(Prefetch("role_assignments", queryset=in_region, to_attr="region_roles"))
             )
    page = paging.page_window(request, users, USERS, PAGE_SIZE)
    regions = defaultdict(set)  # every region each user on this page works in, in one query
    for user_id, region_id in RoleAssignment.objects.filter(user__in=[u.pk for u in page]).values_list(
            "user_id", "organisation__region_id"):
        regions[user_id].add(region_id)
    base = reverse("accounts:users", kwargs={"region": region.slug})
    roles_base = reverse("accounts:withdraw", kwargs={"region": region.slug, "assignment": 0}).rsplit("/", 2)[0]
    rows = [{"user": u, "status": _status(u), "manages": services.manages(request.user, u, regions[u.pk]),
             "url": f"{base}/{u.pk}", "roles": [_role(a, roles_base) for a in u.region_roles]} for u in page]
    waiting = in_region.awaiting_approval()
    pending = list(waiting.select_related("user", "granted_by").order_by("granted_at", "pk")[:PENDING_SHOWN])
    pending_count = len(pending) if len(pending) < PENDING_SHOWN else keyset.bounded_count(waiting)[0]
    return render(request, "accounts/users.html", {"region": region, "window": page, "rows": rows,
                                                   "pending": pending, "pending_count": pending_count})


@verified_login_required
def invite_view(request, region):
    region = _region(request, region)
    form = InviteForm(request.POST or None)
    formset = RoleFormSet(request.POST or None, prefix="roles", form_kwargs={"region": region})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            try:
                enrolment.invite(request.user, region, roles=formset.roles(), **form.cleaned_data)
            except DomainError as refused:
                refused.add_to(form)
            else:
                messages.success(request, _("Uitnodiging verstuurd aan %(email)s.") % {"email": form.cleaned_data["email"]})
                return redirect("accounts:users", region=region.slug)
    return render(request, "accounts/invite.html", {"region": region, "form": form, "formset": formset},
                  status=status)


def _act(request, region, action, done):
    """Run one service on the users page and come back to it with what happened."""
    try:
        action()
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect("accounts:users", region=region.slug)


def _assignment(region, pk):
    return get_object_or_404(RoleAssignment.objects.select_related("user", "organisation"), pk=pk,
                             organisation__region=region)


def _user(region, pk):
    return get_object_or_404(User.objects.filter(role_assignments__organisation__region=region).distinct(), pk=pk)


@require_POST
@verified_login_required
def approve_view(request, region, assignment):
    region = _region(request, region)
    assignment = _assignment(region, assignment)
    return _act(request, region, lambda: services.approve_role(request.user, assignment),
                _("Goedgekeurd: %(role)s voor %(user)s.") % {"role": assignment, "user": assignment.user})


@require_POST
@verified_login_required
def withdraw_view(request, region, assignment):
    region = _region(request, region)
    assignment = _assignment(region, assignment)
    return _act(request, region, lambda: services.withdraw_role(request.user, assignment),
                _("Ingetrokken: %(role)s van %(user)s.") % {"role": assignment, "user": assignment.user})


@require_POST
@verified_login_required
def deactivate_view(request, region, user):
    region = _region(request, region)
    user = _user(region, user)
    return _act(request, region, lambda: services.deactivate(request.user, user),
                _("%(user)s is gedeactiveerd: uitgelogd, API-tokens ingetrokken.") % {"user": user})


@require_POST
@verified_login_required
def reset_second_factor_view(request, region, user):
    region = _region(request, region)
    user = _user(region, user)
    if user.has_usable_password():
        done = _("De tweede factor van %(user)s is verwijderd; er is een e-mail verstuurd om een nieuwe te koppelen.")
    else:  # never enrolled: the same step sends a fresh invitation (the old link stops working)
        done = _("Er is een nieuwe uitnodiging verstuurd aan %(user)s; de vorige link werkt niet meer.")
    return _act(request, region, lambda: enrolment.reset_second_factor(request.user, user), done % {"user": user})
