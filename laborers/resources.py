"""django-import-export resources: an interface like a form, used by the admin.

Headers are the Chinese verbose names; models validate through ``full_clean`` (the same
rules as forms and the survey import).
"""

from import_export import fields, resources, widgets

from laborers.models import EmploymentEpisode, Household, Laborer, Service, Township, Village
from laborers.services import touched_ids
from xiushan_jobs.lib.extensions import records_changed


class ChineseHeadersMixin:
    """Column headers are the fields' Chinese verbose names. Each Meta sets
    ``clean_model_instances`` so imports run the models' own validation."""

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = str(django_field.verbose_name)
        return field


class RecordsChangedResourceMixin:
    """An admin import tells the listeners (warning cases) the laborers and households it
    wrote once, after its last row, as the workspace's imports do per batch: per-row
    syncing would cost queries per row. The preview (dry run) tells nobody."""

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._touched = {"laborer_ids": set(), "household_ids": set()}

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        for key, ids in touched_ids(instance).items():
            self._touched[key] |= ids

    def after_delete_instance(self, instance, row, **kwargs):
        super().after_delete_instance(instance, row, **kwargs)
        # a deleted laborer's cases go with it; their household may now have no job
        if isinstance(instance, Laborer):
            self._touched["household_ids"].add(instance.household_id)
        elif not isinstance(instance, Household):
            self._touched["laborer_ids"] |= touched_ids(instance)["laborer_ids"]

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        touched = getattr(self, "_touched", None)
        if kwargs.get("dry_run", True) or not touched or result.has_errors():
            return
        if touched["laborer_ids"] or touched["household_ids"]:
            records_changed(**touched, event=f"后台导入{self._meta.model._meta.verbose_name}")


class TownshipResource(ChineseHeadersMixin, resources.ModelResource):
    class Meta:
        model = Township
        clean_model_instances = True
        fields = ["id", "name", "kind", "is_deep_poverty_town", "sort_order"]


class VillageResource(ChineseHeadersMixin, resources.ModelResource):
    township = fields.Field(
        "township", "乡镇（街道）", widget=widgets.ForeignKeyWidget(Township, "name")
    )

    class Meta:
        model = Village
        clean_model_instances = True
        fields = [
            "id",
            "township",
            "name",
            "kind",
            "is_supervised",
            "is_key_poverty",
            "is_resettlement_site",
            "code",
        ]
        import_id_fields = ["township", "name"]


class HouseholdResource(RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource):
    class Meta:
        model = Household
        clean_model_instances = True
        fields = ["id", "number", "village", "poverty_status", "poverty_exit_year", "relocated"]
        import_id_fields = ["number"]


class LaborerResource(RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource):
    household = fields.Field(
        "household", "户编号", widget=widgets.ForeignKeyWidget(Household, "number")
    )

    class Meta:
        model = Laborer
        clean_model_instances = True
        fields = [
            "id",
            "household",
            *Laborer.PROFILE_FIELDS,
            "sex",
            "birth_date",
            *Laborer.GROUP_FIELDS,
            *Laborer.SURVEY_FIELDS,
        ]
        import_id_fields = ["id_number"]
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("household")


class EmploymentEpisodeResource(
    RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource
):
    class Meta:
        model = EmploymentEpisode
        clean_model_instances = True
        fields = [
            "id",
            "laborer",
            "kind",
            "province",
            "employer",
            "place",
            "start_date",
            "end_date",
            "monthly_income",
            "program",
            "note",
        ]


class ServiceResource(RecordsChangedResourceMixin, ChineseHeadersMixin, resources.ModelResource):
    class Meta:
        model = Service
        clean_model_instances = True
        fields = ["id", "laborer", "kind", "date", "officer", "channel", "note"]
