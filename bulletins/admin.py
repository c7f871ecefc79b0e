from django.contrib import admin

from bulletins.models import Bulletin


@admin.register(Bulletin)
class BulletinAdmin(admin.ModelAdmin):
    """Bulletins are written on their pages; the admin only looks them up."""

    list_display = ["__str__", "period_end", "status", "issued_at"]
    list_filter = ["status", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
