from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

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
