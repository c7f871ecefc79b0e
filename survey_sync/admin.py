from django.contrib import admin

from survey_sync.models import SyncProfile, SyncRun


@admin.register(SyncProfile)
class SyncProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = ["taken_at", "township", "mode", "user", "rows", "removed"]
    list_filter = ["mode", "township"]
    readonly_fields = [f.name for f in SyncRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
