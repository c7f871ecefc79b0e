from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from laborers.admin import RegistryAdmin, TownshipListFilter
from laborers.search import PersonFields, PersonSearchAdminMixin
from workshops import resources
from workshops.models import (
    Post,
    PostPlacement,
    Workshop,
    WorkshopAttachment,
    WorkshopFunding,
    WorkshopPlacement,
)
from xiushan_jobs.lib.phone import mask_phone


class FundingInline(admin.TabularInline):
    model = WorkshopFunding
    extra = 0
    fields = ["source", "amount", "date", "equipment", "document_number", "note"]


class AttachmentInline(admin.TabularInline):
    """Uploads go through the workshop page, where the content is checked; here they are
    listed, opened through the scoped view, and may be deleted."""

    model = WorkshopAttachment
    extra = 0
    fields = ["link", "kind", "title", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="文件")
    def link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("workshops:attachment_file", args=[obj.pk]), obj
        )


class _PlacementInline(admin.TabularInline):
    """Placements are made and ended on the site pages, where the rules are checked."""

    extra = 0
    fields = ["laborer", "start_date", "end_date", "monthly_income", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("episode__laborer", "created_by")

    @admin.display(description="劳动力")
    def laborer(self, obj):
        return obj.episode.laborer.name

    @admin.display(description="开始日期")
    def start_date(self, obj):
        return obj.episode.start_date

    @admin.display(description="结束日期")
    def end_date(self, obj):
        return obj.episode.end_date or "在岗"

    @admin.display(description="月收入（元）")
    def monthly_income(self, obj):
        return obj.episode.monthly_income


class WorkshopPlacementInline(_PlacementInline):
    model = WorkshopPlacement


class PostPlacementInline(_PlacementInline):
    model = PostPlacement


@admin.register(Workshop)
class WorkshopAdmin(RegistryAdmin):
    resource_classes = [resources.WorkshopResource]
    list_display = [
        "name",
        "township",
        "village",
        "operator_name",
        "industry",
        "status",
        "established_on",
        "jobs_offered",
        "headcount",
        "agricultural_total",
        "masked_phone",
    ]
    list_filter = [TownshipListFilter, "status", "industry", "operator_kind"]
    list_select_related = ["village__township"]
    search_fields = ["name", "operator_name", "village__name"]
    autocomplete_fields = ["village"]
    inlines = [FundingInline, AttachmentInline, WorkshopPlacementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_headcount().with_funding()

    @admin.display(description="乡镇（街道）", ordering="village__township__sort_order")
    def township(self, obj):
        return obj.village.township.name

    @admin.display(description="在岗贫困劳动力", ordering="headcount")
    def headcount(self, obj):
        return obj.headcount

    @admin.display(description="财政涉农资金（元）", ordering="agricultural_total")
    def agricultural_total(self, obj):
        return obj.agricultural_total

    @admin.display(description="负责人手机")
    def masked_phone(self, obj):
        return mask_phone(obj.contact_phone)


@admin.register(WorkshopFunding)
class WorkshopFundingAdmin(RegistryAdmin):
    resource_classes = [resources.WorkshopFundingResource]
    list_display = ["workshop", "source", "amount", "date", "equipment", "document_number"]
    list_filter = ["source", "date"]
    list_select_related = ["workshop"]
    search_fields = ["workshop__name", "equipment", "document_number"]
    autocomplete_fields = ["workshop"]


@admin.register(Post)
class PostAdmin(RegistryAdmin):
    resource_classes = [resources.PostResource]
    list_display = [
        "name",
        "township",
        "village",
        "kind",
        "department",
        "positions",
        "headcount",
        "monthly_subsidy",
        "funding_source",
        "start_date",
        "end_date",
    ]
    list_filter = [TownshipListFilter, "kind", "department", "funding_source"]
    list_select_related = ["village__township"]
    search_fields = ["name", "village__name"]
    autocomplete_fields = ["village"]
    inlines = [PostPlacementInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_headcount()

    @admin.display(description="乡镇（街道）", ordering="village__township__sort_order")
    def township(self, obj):
        return obj.village.township.name

    @admin.display(description="在岗", ordering="headcount")
    def headcount(self, obj):
        return obj.headcount


class _PlacementAdmin(PersonSearchAdminMixin, admin.ModelAdmin):
    """Read-only lists; deleting a placement unlinks the episode and keeps it."""

    list_display = ["laborer", "site", "start_date", "end_date", "created_by", "created_at"]
    list_select_related = True
    search_fields = ["episode__laborer__name"]
    person_search_fields = (PersonFields("episode__laborer__id_number", "episode__laborer__phone"),)
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="劳动力")
    def laborer(self, obj):
        return obj.episode.laborer.name

    @admin.display(description="开始日期", ordering="episode__start_date")
    def start_date(self, obj):
        return obj.episode.start_date

    @admin.display(description="结束日期", ordering="episode__end_date")
    def end_date(self, obj):
        return obj.episode.end_date or "在岗"


@admin.register(WorkshopPlacement)
class WorkshopPlacementAdmin(_PlacementAdmin):
    list_filter = ["workshop__status"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("episode__laborer", "workshop")

    @admin.display(description="扶贫车间")
    def site(self, obj):
        return obj.workshop


@admin.register(PostPlacement)
class PostPlacementAdmin(_PlacementAdmin):
    list_filter = ["post__kind"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("episode__laborer", "post")

    @admin.display(description="公益性岗位")
    def site(self, obj):
        return obj.post
