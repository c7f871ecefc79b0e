from django.contrib import admin

from audit.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: nobody, not even the county bureau, edits or deletes the log."""

    list_display = [
        "at",
        "user",
        "action",
        "content_type",
        "object_id",
        "fields",
        "row_count",
        "ip",
    ]
    list_filter = ["action", "content_type", "at"]
    search_fields = ["user__username", "user__full_name", "detail"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
