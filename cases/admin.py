from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case, CaseRule, Helper, HouseholdHelper


@admin.register(CaseRule)
class CaseRuleAdmin(SimpleHistoryAdmin):
    """The county edits each rule's deadlines here; new cases take them (open cases keep
    the deadline they were given)."""

    list_display = ("name", "key", "due_days", "escalate_after_days", "active", "order")
    list_editable = ("due_days", "escalate_after_days", "active")

    def has_add_permission(self, request):
        return False  # a rule needs its condition in code (cases.rules)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Helper)
class HelperAdmin(SimpleHistoryAdmin):
    list_display = ("name", "unit", "township", "employer", "user")
    list_filter = ("unit", "township")
    search_fields = ("name", "employer")
    autocomplete_fields = ("user",)


@admin.register(HouseholdHelper)
class HouseholdHelperAdmin(SimpleHistoryAdmin):
    list_display = ("household", "helper", "assigned_on")
    raw_id_fields = ("household", "helper")


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    """Read-only: cases open and clear with the rules; people act on the case pages."""

    list_display = ("rule", "household", "laborer", "status", "opened_on", "due_on", "cleared_on")
    list_filter = ("status", "rule")
    raw_id_fields = ("household", "laborer", "helper", "owner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
