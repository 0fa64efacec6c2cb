from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .admin_scope import AuditedAdminMixin, RegionScopedChoicesMixin, managed_region_ids
from .models import ApiToken, RoleAssignment, User


class RoleAssignmentInline(RegionScopedChoicesMixin, admin.TabularInline):
    model = RoleAssignment
    extra = 1
    autocomplete_fields = ["organisation", "municipality"]


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

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(role_assignments__organisation__region__in=managed_region_ids(request.user)).distinct()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "created_at", "key_hash"]

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
