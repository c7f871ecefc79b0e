"""The helper list import (帮扶责任人名单): one row per household naming its responsible
helper, through the shared import pipeline (upload page, preview, annotated errors,
template, background worker, history).

A household is matched by its number within the importing user's area; the helper by
township, name and phone (a new one is created). Rows that name a household's current
helper change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.models import Helper, HelperUnit, HouseholdHelper
from cases.services import households_assign_helpers
from laborers.imports.base import Importer, Plan, register_importer
from laborers.models import Household, ImportBatch
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.importing import Column, FieldChange, Report, RowChange, SourceRow
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.values import cell_text, parse_code, parse_name, parse_phone

COLUMNS = (
    Column("township", "乡镇（街道）", aliases=("乡镇", "街道"), parse=parse_name, width=12),
    Column("village", "村（社区）", aliases=("村", "社区"), parse=parse_name, width=12),
    Column(
        "household",
        "户编号",
        aliases=("户号", "贫困户编号"),
        parse=lambda v: parse_code(v, what="户编号"),
        required=True,
        text_format=True,
        width=18,
    ),
    Column(
        "name",
        "帮扶责任人",
        aliases=("帮扶责任人姓名", "责任人姓名", "姓名"),
        parse=parse_name,
        required=True,
    ),
    Column(
        "phone",
        "联系电话",
        aliases=("手机号码", "电话"),
        parse=parse_phone,
        text_format=True,
        personal="phone",
    ),
    Column(
        "unit",
        "身份",
        aliases=("类别", "帮扶人身份", "人员类别"),
        parse=cell_text,
        required=True,
        choices=tuple(HelperUnit.values),
        help="驻村工作队、帮扶干部或村扶贫信息员。",
    ),
    Column("employer", "工作单位", aliases=("单位", "所在单位"), width=20),
)


@dataclass
class HelperPlan(Plan):
    new_helpers: list[Helper] = field(default_factory=list)
    #: household id → (township id, name, phone) of its helper
    assignments: dict[int, tuple[int, str, str]] = field(default_factory=dict)
    #: every helper named, existing or new, by (township id, name, phone)
    helpers: dict[tuple[int, str, str], Helper] = field(default_factory=dict)


@register_importer
class HelperImporter(Importer):
    kind = ImportBatch.Kind.HELPERS
    title = "帮扶责任人名单"
    description = (
        "每户一行，写明该户的帮扶责任人（姓名、电话、身份、工作单位）：按户编号匹配本辖区的贫困户。"
    )
    columns = COLUMNS
    roles = (Role.COUNTY, Role.TOWNSHIP)

    def instructions(self) -> list[str]:
        return [
            "一行一户：按户编号匹配您辖区内的贫困户，已有帮扶责任人的户改为表中的责任人。",
            "同一乡镇（街道）内姓名和电话相同的视为同一名帮扶责任人，不存在的自动新建。",
            "身份填写驻村工作队、帮扶干部或村扶贫信息员。上传后先预览，确认后才写入。",
        ]

    def check(self, rows: list[SourceRow], report: Report) -> HelperPlan:
        plan = HelperPlan(rows=rows)
        numbers = {row.values.get("household") for row in rows if row.values.get("household")}
        households = {
            h["number"]: h
            for h in Household.objects.editable_by(self.user)
            .filter(number__in=numbers)
            .values(
                "pk", "number", "village__name", "village__township_id", "village__township__name"
            )
        }
        current = {
            link["household_id"]: link
            for link in HouseholdHelper.objects.filter(
                household_id__in=[h["pk"] for h in households.values()]
            ).values("household_id", "helper__township_id", "helper__name", "helper__phone")
        }
        helpers = {
            (h.township_id, h.name, h.phone): h
            for h in Helper.objects.filter(
                township_id__in={h["village__township_id"] for h in households.values()}
            )
        }
        seen: dict[str, int] = {}
        for row in rows:
            values = row.values
            number = values.get("household")
            if row.issues or not number:
                if not number and not row.issues:
                    self.column_issue(row, "household", "户编号不能为空。")
                continue
            household = households.get(number)
            if household is None:
                self.column_issue(
                    row, "household", f"户编号 {number} 不存在，或不在您的管辖范围内。"
                )
                continue
            if number in seen:
                self.column_issue(
                    row,
                    "household",
                    f"户编号 {number} 在第 {seen[number]} 行已出现：一户只填一行。",
                )
                continue
            seen[number] = row.number
            for key, field_name in (
                ("township", "village__township__name"),
                ("village", "village__name"),
            ):
                written = values.get(key)
                actual = household[field_name]
                if written and written != actual:
                    self.column_issue(
                        row, key, f"该户登记在{actual}，不是“{written}”：请核对户编号。"
                    )
            if not values.get("name"):
                self.column_issue(row, "name", "帮扶责任人姓名不能为空。")
            if values.get("unit") not in HelperUnit.values:
                self.column_issue(row, "unit", "身份应为驻村工作队、帮扶干部或村扶贫信息员。")
            if row.issues:
                continue
            key = (household["village__township_id"], values["name"], values.get("phone", ""))
            if key not in helpers:
                helper = Helper(
                    township_id=key[0],
                    name=key[1],
                    phone=key[2],
                    unit=values["unit"],
                    employer=values.get("employer", "")[:60],
                )
                helpers[key] = helper
                plan.new_helpers.append(helper)
            link = current.get(household["pk"])
            before = (
                (link["helper__township_id"], link["helper__name"], link["helper__phone"])
                if link
                else None
            )
            if before == key:
                report.unchanged += 1
                continue
            plan.assignments[household["pk"]] = key
            if before is None:
                report.created += 1
            else:
                report.updated += 1
                report.changes.append(
                    RowChange(
                        row.number,
                        f"户 {number}",
                        number,
                        [FieldChange("帮扶责任人", before[1], key[1])],
                    )
                )
        plan.helpers = helpers
        return plan

    def write(self, plan: HelperPlan) -> None:
        reason = f"{self.title}导入" + (
            f"（批次 #{self.batch.pk}）" if self.batch is not None else ""
        )
        bulk.insert_with_history(
            Helper, plan.new_helpers, user=self.user, reason=reason, extra=self.history_extra()
        )
        households_assign_helpers(
            assignments={pk: plan.helpers[key] for pk, key in plan.assignments.items()},
            by=self.user,
        )
