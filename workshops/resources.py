"""django-import-export resources for the county's back office: workshops and posts in and
out of Excel with Chinese headers. A site is identified by its township, village and name
(village names repeat across townships), and validated by the model's ``full_clean``, so
an import obeys the same rules as the forms (capacity not below the people in post,
recognition dates, period covering the placements)."""

from __future__ import annotations

from import_export import fields, resources, widgets

from laborers.models import Village
from laborers.resources import ChineseHeadersMixin
from workshops.models import Post, Workshop, WorkshopFunding
from xiushan_jobs.lib.text import squeeze

TOWNSHIP_HEADER = "乡镇（街道）"
VILLAGE_HEADER = "村（社区）"


class VillageInTownshipWidget(widgets.ForeignKeyWidget):
    """The village named in this column, in the township named in the 乡镇（街道） column."""

    def __init__(self):
        super().__init__(Village, "name")

    def clean(self, value, row=None, **kwargs):
        name = squeeze(value)
        if not name:
            return None
        township = squeeze((row or {}).get(TOWNSHIP_HEADER))
        if not township:
            raise ValueError(f"“{TOWNSHIP_HEADER}”为空，无法确定村（社区）“{name}”。")
        try:
            return Village.objects.select_related("township").get(
                township__name=township, name=name
            )
        except Village.DoesNotExist:
            raise ValueError(f"{township}没有名为“{name}”的村（社区）。") from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class _SiteResource(ChineseHeadersMixin, resources.ModelResource):
    township = fields.Field(
        attribute="village__township__name", column_name=TOWNSHIP_HEADER, readonly=True
    )
    village = fields.Field(
        attribute="village", column_name=VILLAGE_HEADER, widget=VillageInTownshipWidget()
    )
    headcount = fields.Field(column_name="在岗贫困劳动力（人）", readonly=True)

    def dehydrate_headcount(self, obj) -> int | str:
        return getattr(obj, "headcount", "")


class WorkshopResource(_SiteResource):
    class Meta:
        model = Workshop
        fields = [
            "township",
            "village",
            "name",
            "operator_kind",
            "operator_name",
            "contact_name",
            "contact_phone",
            "address",
            "industry",
            "products",
            "established_on",
            "status",
            "recognised_on",
            "delisted_on",
            "jobs_offered",
            "headcount",
            "note",
        ]
        import_id_fields = ["village", "name"]
        # a Meta option: full_clean on every row (the mixin's class attribute is not read)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("village__township").with_headcount()


class PostResource(_SiteResource):
    class Meta:
        model = Post
        fields = [
            "township",
            "village",
            "name",
            "kind",
            "department",
            "positions",
            "headcount",
            "monthly_subsidy",
            "funding_source",
            "start_date",
            "end_date",
            "duties",
            "note",
        ]
        import_id_fields = ["village", "name"]
        # a Meta option: full_clean on every row (the mixin's class attribute is not read)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("village__township").with_headcount()


class WorkshopInTownshipWidget(widgets.ForeignKeyWidget):
    """The workshop named in this column, in the township (and, where two workshops of the
    township share the name, the village) named in its row."""

    def __init__(self):
        super().__init__(Workshop, "name")

    def clean(self, value, row=None, **kwargs):
        name = squeeze(value)
        if not name:
            raise ValueError("“扶贫车间”为空：请填写获得资金支持的车间名称。")
        row = row or {}
        township = squeeze(row.get(TOWNSHIP_HEADER))
        if not township:
            raise ValueError(f"“{TOWNSHIP_HEADER}”为空，无法确定扶贫车间“{name}”。")
        matches = Workshop.objects.filter(village__township__name=township, name=name)
        village = squeeze(row.get(VILLAGE_HEADER))
        if village:
            matches = matches.filter(village__name=village)
        found = list(matches[:2])
        if not found:
            where = f"{township}{village}" if village else township
            raise ValueError(f"{where}没有名为“{name}”的扶贫车间。")
        if len(found) > 1:
            raise ValueError(
                f"{township}有多个名为“{name}”的扶贫车间：请填写“{VILLAGE_HEADER}”列。"
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class WorkshopFundingResource(ChineseHeadersMixin, resources.ModelResource):
    """Fundings in and out of Excel. A row names its workshop by township, village and
    name (as the workshop ledger does); a row with an ID updates that funding, one
    without adds a new one."""

    township = fields.Field(
        attribute="workshop__village__township__name", column_name=TOWNSHIP_HEADER, readonly=True
    )
    village = fields.Field(
        attribute="workshop__village__name", column_name=VILLAGE_HEADER, readonly=True
    )
    workshop = fields.Field(
        attribute="workshop", column_name="扶贫车间", widget=WorkshopInTownshipWidget()
    )

    class Meta:
        model = WorkshopFunding
        fields = [
            "id",
            "township",
            "village",
            "workshop",
            "source",
            "amount",
            "date",
            "equipment",
            "document_number",
            "note",
        ]
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("workshop__village__township")
