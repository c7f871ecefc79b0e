"""django-import-export resources for the county's back office: classes, trainees, mentors,
loans and work stations in and out of Excel with Chinese headers. Every imported row goes
through the model's ``full_clean`` (``clean_model_instances`` in each Meta), so an admin
import obeys the same rules as the pages — rectification item 57 on subsidy rates
included."""

from __future__ import annotations

from import_export import fields, resources, widgets

from laborers.models import Laborer, Program, Township
from laborers.resources import ChineseHeadersMixin, RecordsChangedResourceMixin
from training.models import (
    BusinessLoan,
    Enrollment,
    Mentor,
    StationOccupancy,
    Trade,
    TrainingClass,
    WorkStation,
)


class TrainingClassResource(ChineseHeadersMixin, resources.ModelResource):
    trade = fields.Field("trade", "工种", widget=widgets.ForeignKeyWidget(Trade, "name"))
    program = fields.Field("program", "协作项目", widget=widgets.ForeignKeyWidget(Program, "name"))
    township = fields.Field(
        "township", "举办乡镇（街道）", widget=widgets.ForeignKeyWidget(Township, "name")
    )

    class Meta:
        model = TrainingClass
        fields = ["id", *TrainingClass.EDITABLE_FIELDS]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("trade", "program", "township")


class EnrollmentResource(RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource):
    """A trainee row: the class by its id, a poor laborer by ID number (贫困劳动力身份证号码),
    or a non-poor trainee by name and ID number."""

    training_class = fields.Field(
        "training_class", "培训班编号", widget=widgets.ForeignKeyWidget(TrainingClass, "pk")
    )
    class_name = fields.Field("training_class__name", "培训班", readonly=True)
    laborer = fields.Field(
        "laborer", "贫困劳动力身份证号码", widget=widgets.ForeignKeyWidget(Laborer, "id_number")
    )
    laborer_name = fields.Field("laborer__name", "贫困劳动力姓名", readonly=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "training_class",
            "class_name",
            "laborer",
            "laborer_name",
            "name",
            "id_number",
            "phone",
            "days_attended",
            "completed",
            "skill",
            "certificate_number",
            "note",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("training_class", "laborer")


class MentorResource(ChineseHeadersMixin, resources.ModelResource):
    class Meta:
        model = Mentor
        fields = ["id", "name", "specialty", "organization", "title", "phone", "is_active", "note"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class BusinessLoanResource(
    RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource
):
    laborer = fields.Field(
        "laborer", "身份证号码", widget=widgets.ForeignKeyWidget(Laborer, "id_number")
    )
    laborer_name = fields.Field("laborer__name", "姓名", readonly=True)

    class Meta:
        model = BusinessLoan
        fields = ["id", "laborer", "laborer_name", *BusinessLoan.EDITABLE_FIELDS]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("laborer")


class WorkStationResource(ChineseHeadersMixin, resources.ModelResource):
    class Meta:
        model = WorkStation
        fields = ["id", "base", "number", "address", "opened_on", "is_active", "note"]
        import_id_fields = ["base", "number"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class StationOccupancyResource(ChineseHeadersMixin, resources.ModelResource):
    station = fields.Field(
        "station", "工位编号", widget=widgets.ForeignKeyWidget(WorkStation, "pk")
    )
    station_name = fields.Field("station", "创业工位", readonly=True)
    laborer = fields.Field(
        "laborer", "身份证号码", widget=widgets.ForeignKeyWidget(Laborer, "id_number")
    )
    laborer_name = fields.Field("laborer__name", "姓名", readonly=True)

    class Meta:
        model = StationOccupancy
        fields = [
            "id",
            "station",
            "station_name",
            "laborer",
            "laborer_name",
            "business",
            "start_date",
            "end_date",
            "note",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("station", "laborer")

    def dehydrate_station_name(self, obj) -> str:
        return str(obj.station)
