"""Regional administrators manage their own region's municipalities and partners here."""
from django.contrib import admin

from ketenzicht.accounts.admin_scope import RegionScopedAdmin

from .models import Municipality, Organisation, Region


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    list_display = ["name", "slug"]
    region_path = ""


@admin.register(Municipality)
class MunicipalityAdmin(RegionScopedAdmin):
    list_display = ["name", "cbs_code", "inhabitants", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]


@admin.register(Organisation)
class OrganisationAdmin(RegionScopedAdmin):
    list_display = ["name", "sector", "region", "municipality"]
    list_filter = ["region", "sector"]
    search_fields = ["name"]
