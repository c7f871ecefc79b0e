from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from audit.models import AccessLog
from audit.services import access_log_record
from laborers import resources
from laborers.models import (
    EmploymentEpisode,
    Household,
    ImportBatch,
    Laborer,
    Program,
    Service,
    Township,
    Village,
)
from laborers.search import PersonFields, PersonSearchAdminMixin
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone


class LoggedExportMixin:
    """Every export of personal records from the admin lands in the access log, with the
    columns it held."""

    def get_data_for_export(self, request, queryset, **kwargs):
        data = super().get_data_for_export(request, queryset, **kwargs)
        columns = "、".join(str(header) for header in data.headers or [])
        access_log_record(
            user=request.user,
            action=AccessLog.Action.EXPORT,
            model=self.model,
            fields=columns[:100],
            row_count=len(data),
            detail=f"后台导出 {self.model._meta.verbose_name}：{columns}",
            request=request,
        )
        return data


class RevealLoggedAdminMixin:
    """The admin's change and history pages show a record's full ID number and phone (they
    are edited there): each time one is opened it is logged, as a reveal is on the
    workspace pages."""

    #: what the page shows in full, as the access log names it
    revealed_fields = "身份证号码、联系电话"

    def _log_reveal(self, request, object_id, response, where: str):
        pk = id_param(object_id)
        if request.method == "GET" and pk and getattr(response, "status_code", 0) == 200:
            access_log_record(
                user=request.user,
                action=AccessLog.Action.REVEAL,
                model=self.model,
                object_id=pk,
                fields=self.revealed_fields,
                detail=f"后台{where}",
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._log_reveal(request, object_id, response, "查看或修改记录")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._log_reveal(request, object_id, response, "查看历史版本")


class RegistryAdmin(LoggedExportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Township)
class TownshipAdmin(ImportExportModelAdmin):
    resource_classes = [resources.TownshipResource]
    list_display = ["name", "kind", "is_deep_poverty_town", "sort_order"]
    list_filter = ["kind", "is_deep_poverty_town"]
    search_fields = ["name"]


@admin.register(Village)
class VillageAdmin(RegistryAdmin):
    resource_classes = [resources.VillageResource]
    list_display = [
        "name",
        "township",
        "kind",
        "is_supervised",
        "is_key_poverty",
        "is_resettlement_site",
    ]
    list_filter = ["township", "kind", "is_supervised", "is_key_poverty", "is_resettlement_site"]
    list_select_related = ["township"]
    search_fields = ["name", "township__name"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "partner", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(Household)
class HouseholdAdmin(RegistryAdmin):
    resource_classes = [resources.HouseholdResource]
    list_display = [
        "number",
        "head",
        "village",
        "township",
        "poverty_status",
        "poverty_exit_year",
        "relocated",
    ]
    list_filter = ["village__township", "poverty_status", "relocated"]
    list_select_related = ["village__township"]
    search_fields = ["number", "village__name"]
    autocomplete_fields = ["village"]

    def get_queryset(self, request):
        return super().get_queryset(request).labelled()

    @admin.display(description="户主", ordering="head_name")
    def head(self, obj):
        return obj.head

    @admin.display(description="乡镇（街道）", ordering="village__township__sort_order")
    def township(self, obj):
        return obj.village.township


class EpisodeInline(admin.TabularInline):
    model = EmploymentEpisode
    extra = 0
    fields = [
        "kind",
        "province",
        "employer",
        "place",
        "start_date",
        "end_date",
        "monthly_income",
        "program",
    ]


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["kind", "date", "officer", "channel", "note"]
    raw_id_fields = ["officer"]


class TownshipListFilter(admin.SimpleListFilter):
    """By township, for any model whose QuerySet is scoped (it knows its township lookup)."""

    title = "乡镇（街道）"
    parameter_name = "township"

    def lookups(self, request, model_admin):
        return Township.objects.values_list("pk", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{queryset.township_lookup: self.value()})
        return queryset


@admin.register(Laborer)
class LaborerAdmin(PersonSearchAdminMixin, RevealLoggedAdminMixin, RegistryAdmin):
    resource_classes = [resources.LaborerResource]
    list_display = [
        "name",
        "masked_id_number",
        "sex",
        "birth_date",
        "household_number",
        "village",
        "masked_phone",
        "labor_ability",
        "employment_intention",
        "current_kind",
        "last_surveyed_on",
    ]
    list_filter = [
        TownshipListFilter,
        "sex",
        "labor_ability",
        "employment_intention",
        "is_college_graduate",
        "is_disabled",
        "household__relocated",
        "wants_training",
        "wants_entrepreneurship",
    ]
    # Numbers are searched under the rule of laborers/search.py, never as plain fields.
    search_fields = ["name", "=household__number"]
    person_search_fields = (PersonFields(),)
    list_select_related = ["household__village__township"]
    raw_id_fields = ["household"]
    readonly_fields = ["sex", "birth_date", "created_at", "updated_at"]
    inlines = [EpisodeInline, ServiceInline]
    show_full_result_count = False
    fieldsets = [
        ("基本信息", {"fields": ["household", *Laborer.PROFILE_FIELDS, "sex", "birth_date"]}),
        ("劳动能力与特殊群体", {"fields": Laborer.GROUP_FIELDS}),
        ("调查信息", {"fields": Laborer.SURVEY_FIELDS}),
        ("记录", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_employment()

    @admin.display(description="身份证号码", ordering="id_number")
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description="户编号", ordering="household__number")
    def household_number(self, obj):
        return obj.household.number

    @admin.display(description="村（社区）")
    def village(self, obj):
        return obj.household.village

    @admin.display(description="当前就业")
    def current_kind(self, obj):
        return obj.current_kind or "未就业"


@admin.register(EmploymentEpisode)
class EmploymentEpisodeAdmin(PersonSearchAdminMixin, RegistryAdmin):
    resource_classes = [resources.EmploymentEpisodeResource]
    list_display = [
        "laborer",
        "kind",
        "province",
        "employer",
        "start_date",
        "end_date",
        "monthly_income",
        "program",
    ]
    list_filter = ["kind", "program", "province"]
    list_select_related = ["laborer", "program"]
    search_fields = ["laborer__name", "employer"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"),)
    raw_id_fields = ["laborer"]
    show_full_result_count = False


@admin.register(Service)
class ServiceAdmin(PersonSearchAdminMixin, RegistryAdmin):
    resource_classes = [resources.ServiceResource]
    list_display = ["laborer", "kind", "date", "officer", "channel"]
    list_filter = ["kind", "channel", "date"]
    list_select_related = ["laborer", "officer"]
    search_fields = ["laborer__name"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"),)
    raw_id_fields = ["laborer", "officer"]
    show_full_result_count = False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "file_name",
        "user",
        "township",
        "status",
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
        "created_at",
    ]
    list_filter = ["kind", "status", "township"]
    list_select_related = ["user", "township"]
    search_fields = ["file_name", "sha256", "user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
