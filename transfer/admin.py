from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from laborers.admin import LoggedExportMixin
from laborers.search import PersonFields, PersonSearchAdminMixin
from transfer.models import EventEmployer, Hire, RecruitmentEvent


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
