from django.contrib import admin

from ketenzicht.accounts.admin_scope import RegionScopedAdmin

from .models import RouteDefinition


@admin.register(RouteDefinition)
class RouteDefinitionAdmin(RegionScopedAdmin):
    list_display = ["name", "region", "version", "active", "created_at"]
    list_filter = ["region", "active"]
