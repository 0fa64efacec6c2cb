from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .access import grantable_roles, managed_region_ids
from .admin_scope import AuditedAdminMixin, RegionScopedChoicesMixin
from .models import ApiToken, RoleAssignment, User


class RoleAssignmentInline(RegionScopedChoicesMixin, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 1
    autocomplete_fields = ["organisation", "municipality"]
    fields = ["role", "organisation", "municipality", "granted_by", "approved_by", "approved_at"]
    readonly_fields = ["granted_by", "approved_by", "approved_at"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        """A role over every region is offered to the platform operator only."""
        if db_field.name == "role":
            kwargs["choices"] = [("", "---------")] + grantable_roles(request.user)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_queryset(self, request):
        """Only the roles in the administrator's regions: another region's are not hers to see or remove."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation__region__in=managed_region_ids(request.user))


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    # What only a superuser may change: a regional administrator could otherwise raise anyone,
    # themselves included, above their region.
    SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f not in self.SUPERUSER_ONLY]})
                for name, options in fieldsets]

    # Where the lost-device link goes, and the password: with both, one administrator could mail
    # herself the link to enrol her own app on a liaison's account. The person keeps them; a lost
    # password or device goes by the e-mailed links (accounts.enrolment), not through the admin.
    OWN_TO_THE_PERSON = ("email",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser or obj is None:
            return fields
        return [*fields, *self.OWN_TO_THE_PERSON]

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(role_assignments__organisation__region__in=managed_region_ids(request.user)).distinct()

    def has_delete_permission(self, request, obj=None):
        """Accounts are deactivated, not deleted: the access log keeps naming who acted."""
        return False

    def has_change_permission(self, request, obj=None):
        """Someone who also works in a region the administrator does not manage (password,
        deactivation, second factor) is managed by the platform operator; so is a platform operator."""
        if obj is None or request.user.is_superuser:
            return super().has_change_permission(request, obj)
        if obj.is_superuser:
            return False
        regions = set(obj.role_assignments.values_list("organisation__region_id", flat=True))
        return super().has_change_permission(request, obj) and regions <= managed_region_ids(request.user)

    def save_formset(self, request, form, formset, change):
        """Role changes go through the grant rules: approval by a second person, and the log."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        assignments = formset.save(commit=False)
        for gone in formset.deleted_objects:
            services.record_withdrawal(request.user, gone)
            gone.delete()
        new = {id(a) for a in formset.new_objects}
        for assignment in assignments:
            services.record_grant(request.user, assignment, created=id(assignment) in new)
            if assignment.approved_at is None:
                messages.warning(request, _("%(role)s wacht op goedkeuring door een tweede beheerder.")
                                 % {"role": assignment})
        formset.save_m2m()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Grants of the administrator's region, to approve the ones that wait for a second person."""

    list_display = ["user", "role", "organisation", "municipality", "granted_by", "granted_at", "approved_by",
                    "approved_at"]
    list_filter = [("approved_at", admin.EmptyFieldListFilter), "role"]
    readonly_fields = list_display
    fields = list_display
    actions = ["approve"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user", "organisation", "municipality", "granted_by",
                                                          "approved_by")
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation__region__in=managed_region_ids(request.user))

    def has_add_permission(self, request):
        return False  # roles are given on the user's page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn on the user's page, where it is logged

    @admin.action(description=_("Geselecteerde rollen goedkeuren"))
    def approve(self, request, queryset):
        for assignment in queryset:
            try:
                services.approve_role(request.user, assignment)
            except services.GrantRefused as refused:
                self.message_user(request, f"{assignment.user}: {refused}", messages.ERROR)
            else:
                self.message_user(request, _("Goedgekeurd: %(user)s, %(role)s") % {
                    "user": assignment.user, "role": assignment}, messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Tokens skip the second factor, so nothing here extends one: a token can only be revoked."""

    list_display = ["prefix", "user", "created_at", "expires_at", "revoked_at"]
    fields = readonly_fields = list_display
    actions = ["revoke"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Geselecteerde tokens intrekken"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(request.user, token)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__role_assignments__organisation__region__in=managed_region_ids(request.user)).distinct()

    def has_add_permission(self, request):
        return False  # tokens are issued with `ketenzicht create_api_token`, which shows the secret once


# django-otp registers an admin that lists every user's device, secret included, to anyone with
# its permissions. Replace it: the devices of the administrator's region only, never the key.
admin.site.unregister(TOTPDevice)
# Recovery codes are made by their owner on her account page and shown to her once; the admin
# django-otp registers would let anyone with its permissions read or add someone's codes.
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A region's administrator sees which second factors exist and can withdraw a lost one."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__username"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        return qs.filter(user__role_assignments__organisation__region__in=managed_region_ids(request.user)).distinct()

    def has_add_permission(self, request):
        return False  # a device is enrolled by its owner, who is the only one to see its secret

    def has_change_permission(self, request, obj=None):
        return False
