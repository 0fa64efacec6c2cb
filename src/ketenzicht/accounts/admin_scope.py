"""Scope Django admin lists to the regions a regional administrator manages.

Superusers see everything; a `region_admin` sees only rows of their own region(s).
"""
from django.contrib import admin

from .models import Role


def managed_region_ids(user):
    return user.region_ids(Role.REGION_ADMIN)


class RegionScopedAdmin(admin.ModelAdmin):
    region_path = "region"  # lookup from the model to its Region ("" when the model is Region)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return qs.filter(**{lookup: managed_region_ids(request.user)})
