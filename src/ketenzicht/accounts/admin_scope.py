"""Scope Django admin lists and choices to the regions a regional administrator manages.

Superusers see everything; a `region_admin` sees, and can pick, only rows of their own
region(s): a municipality, organisation or region of another region is neither listed nor
accepted when posted.
"""
from django.contrib import admin

from . import signals
from .access import managed_region_ids


def scoped_choices(user, queryset):
    """Limit a queryset of related rows (regions, or rows with a region) to the user's regions."""
    if user.is_superuser:
        return queryset
    if queryset.model._meta.label == "regions.Region":  # regions sits above accounts
        return queryset.filter(pk__in=managed_region_ids(user))
    if any(f.name == "region" for f in queryset.model._meta.get_fields()):
        return queryset.filter(region__in=managed_region_ids(user))
    return queryset


class RegionScopedChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped_choices(request.user, field.queryset)
        return field


class AuditedAdminMixin:
    """Changes made in the admin go to the access log as well as to Django's own admin log."""

    def _audit(self, request, obj, action):
        region = getattr(obj, "region_id", None)
        signals.audit(request.user, action, obj._meta.label_lower, obj.pk, region=region)

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "admin_add")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "admin_change")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "admin_delete")
        return super().log_deletions(request, queryset)


class RegionScopedAdmin(AuditedAdminMixin, RegionScopedChoicesMixin, admin.ModelAdmin):
    region_path = "region"  # lookup from the model to its Region ("" when the model is Region)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return qs.filter(**{lookup: managed_region_ids(request.user)})

