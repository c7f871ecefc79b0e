from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from laborers.admin import RegistryAdmin, RevealLoggedAdminMixin
from laborers.search import PersonFields, PersonSearchAdminMixin
from training import resources
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceParticipant,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    Trade,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone


@admin.register(Trade)
class TradeAdmin(SimpleHistoryAdmin):
    """The county's list of trades: add a new trade, retire one (classes keep it)."""

    list_display = ["name", "description", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # a trade with classes is protected by the database; retiring is the way out
        return obj is None or not obj.classes.exists()


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["laborer", "name", "id_number", "days_attended", "completed", "skill"]
    raw_id_fields = ["laborer"]
    show_change_link = True


@admin.register(TrainingClass)
class TrainingClassAdmin(RegistryAdmin):
    resource_classes = [resources.TrainingClassResource]
    list_display = [
        "name",
        "trade",
        "format",
        "program",
        "funding_source",
        "township",
        "start_date",
        "end_date",
        "status",
        "poor_daily_subsidy",
        "non_poor_daily_subsidy",
    ]
    list_filter = ["status", "trade", "format", "program", "funding_source", "township"]
    list_select_related = ["trade", "program", "township"]
    search_fields = ["name", "organizer"]
    date_hierarchy = "start_date"
    inlines = [EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(PersonSearchAdminMixin, RevealLoggedAdminMixin, RegistryAdmin):
    resource_classes = [resources.EnrollmentResource]
    list_display = [
        "trainee",
        "masked_id_number",
        "training_class",
        "days_attended",
        "completed",
        "skill",
    ]
    list_filter = ["completed", "training_class__trade", "training_class__funding_source"]
    list_select_related = ["training_class", "laborer"]
    search_fields = ["laborer__name", "name"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"), PersonFields())
    raw_id_fields = ["training_class", "laborer"]
    show_full_result_count = False

    @admin.display(description="学员")
    def trainee(self, obj):
        return obj.trainee_name

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        return mask_id_number(obj.trainee_id_number)


@admin.register(Mentor)
class MentorAdmin(RegistryAdmin):
    resource_classes = [resources.MentorResource]
    list_display = ["name", "specialty", "organization", "title", "masked_phone", "is_active"]
    list_filter = ["is_active", "specialty"]
    search_fields = ["name", "specialty", "organization"]

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class ParticipantInline(admin.TabularInline):
    """Who took part; changed on the session page, where the services are kept in step."""

    model = GuidanceParticipant
    extra = 0
    fields = ["laborer", "service"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GuidanceSession)
class GuidanceSessionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "topic", "mentor", "mode", "kind"]
    list_filter = ["mode", "kind", "mentor"]
    list_select_related = ["mentor"]
    search_fields = ["topic", "mentor__name"]
    date_hierarchy = "date"
    inlines = [ParticipantInline]


@admin.register(BusinessLoan)
class BusinessLoanAdmin(PersonSearchAdminMixin, RegistryAdmin):
    resource_classes = [resources.BusinessLoanResource]
    list_display = ["laborer", "bank", "amount", "project", "status", "applied_on", "due_on"]
    list_filter = ["status", "bank"]
    list_select_related = ["laborer"]
    search_fields = ["laborer__name", "bank", "project"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"),)
    raw_id_fields = ["laborer"]
    date_hierarchy = "applied_on"


class OccupancyInline(admin.TabularInline):
    model = StationOccupancy
    extra = 0
    fields = ["laborer", "business", "start_date", "end_date"]
    raw_id_fields = ["laborer"]


@admin.register(WorkStation)
class WorkStationAdmin(RegistryAdmin):
    resource_classes = [resources.WorkStationResource]
    list_display = ["base", "number", "opened_on", "is_active"]
    list_filter = ["base", "is_active"]
    search_fields = ["base", "number"]
    inlines = [OccupancyInline]


@admin.register(StationOccupancy)
class StationOccupancyAdmin(PersonSearchAdminMixin, RegistryAdmin):
    resource_classes = [resources.StationOccupancyResource]
    list_display = ["station", "laborer", "business", "start_date", "end_date"]
    list_select_related = ["station", "laborer"]
    search_fields = ["laborer__name", "station__base", "business"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"),)
    raw_id_fields = ["station", "laborer"]
