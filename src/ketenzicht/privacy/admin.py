from django.contrib import admin

from ketenzicht.accounts.admin_scope import RegionScopedAdmin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(RegionScopedAdmin):
    list_display = ["region", "kind", "months", "basis"]
    list_filter = ["region", "kind"]
