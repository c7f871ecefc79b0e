"""The county bureau edits the plan's targets here (figures, deadlines, next year's plan);
snapshots are read-only records of what the metrics measured."""

from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from dashboard.metrics import METRICS
from dashboard.models import MetricSnapshot, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = [
        "plan_year",
        "number",
        "title",
        "figure",
        "unit",
        "comparison",
        "deadline",
        "in_township_table",
        "is_active",
    ]
    list_display_links = ["number", "title"]
    list_editable = ["figure", "deadline", "is_active"]
    list_filter = ["plan_year", "unit", "is_active", "in_township_table"]
    search_fields = ["title", "source_text"]
    readonly_fields = ["metric_definition"]
    fieldsets = [
        (None, {"fields": ["plan_year", "number", "title", "is_active"]}),
        ("方案依据", {"fields": ["source_section", "source_text", "note"]}),
        (
            "目标值与时限",
            {
                "fields": [
                    "figure",
                    "unit",
                    "comparison",
                    "deadline",
                    "repeats_quarterly",
                    "judged_on_deadline",
                ]
            },
        ),
        ("计算", {"fields": ["metric", "metric_definition", "in_township_table"]}),
    ]

    @admin.display(description="计算口径（指标函数说明）")
    def metric_definition(self, obj):
        spec = METRICS.get(obj.metric) if obj and obj.pk else None
        if spec is None:
            return "保存后显示所选计算方法的口径说明。"
        return format_html(
            '<p>{}</p><pre style="white-space: pre-wrap">{}</pre>', spec.explanation, spec.doc
        )


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["date", "target", "township", "value", "numerator", "denominator", "status"]
    list_filter = ["target__plan_year", "date", "target"]
    list_select_related = ["target", "township"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
