"""Back office for the county bureau: sources for next year's feedback, and corrections.
Status changes only through the workflow pages (services.py): the admin shows the status
and the transition log read-only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rectification.models import Evidence, ProgressReport, Source, Task, Transition


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "sort_order"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"code": ["short_name"]}


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["on", "at", "by", "from_status", "to_status", "reason"]
    readonly_fields = fields


class ReportInline(ReadOnlyInline):
    model = ProgressReport
    fields = ["date", "text", "reporter", "created_at"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["measure_number", "source", "category", "deadline", "status", "closed_on"]
    list_filter = ["source", "status", "is_ongoing", "lead_unit"]
    search_fields = ["measure", "problem", "finding", "category"]
    readonly_fields = ["status", "closed_on", "created_at", "updated_at"]
    list_select_related = ["source"]
    inlines = [ReportInline, TransitionInline]

    def has_delete_permission(self, request, obj=None):
        # A task with its reports, evidence and transitions is the record of the
        # rectification: it is closed out (销号), never deleted.
        return False


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["task", "date", "reporter", "created_at"]
    list_select_related = ["task", "reporter"]
    list_filter = ["task__source"]
    date_hierarchy = "date"
    raw_id_fields = ["task", "reporter"]
    inlines = [EvidenceInline]

    def has_delete_permission(self, request, obj=None):
        return False  # reported progress stays on the record (as the task does)


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["task", "on", "from_status", "to_status", "by", "at"]
    list_select_related = ["task", "by"]
    list_filter = ["to_status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
