from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from laborers.admin import LoggedExportMixin
from laborers.search import PersonFields, PersonSearchAdminMixin
from transfer.models import Employer, EventEmployer, Hire, RecruitmentEvent


class EmployerInline(admin.TabularInline):
    model = EventEmployer
    extra = 0


@admin.register(RecruitmentEvent)
class RecruitmentEventAdmin(LoggedExportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    list_display = ["date", "title", "kind", "township", "program", "attendees", "poor_attendees"]
    list_filter = ["kind", "program", "township"]
    list_select_related = ["township", "program"]
    search_fields = ["title", "organizer", "place"]
    date_hierarchy = "date"
    inlines = [EmployerInline]


@admin.register(Hire)
class HireAdmin(PersonSearchAdminMixin, SimpleHistoryAdmin):
    list_display = ["event", "employer", "laborer", "created_at"]
    list_select_related = ["event", "employer", "laborer"]
    search_fields = ["laborer__name", "employer__name"]
    person_search_fields = (PersonFields("laborer__id_number", "laborer__phone"),)
    raw_id_fields = ["event", "employer", "laborer", "episode"]


@admin.register(Employer)
class EmployerAdmin(SimpleHistoryAdmin):
    """The county keeps here which employers are 重庆重点电子企业 (target 12)."""

    list_display = ["name", "is_key_electronics", "note"]
    list_editable = ["is_key_electronics"]
    list_filter = ["is_key_electronics"]
    search_fields = ["name"]
