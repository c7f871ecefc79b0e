"""The vacancy import (用人单位岗位表): an employer's list of vacancies, through the shared
import pipeline (``laborers.imports``: upload page, background worker, preview, annotated
workbook, blank template, limits, history).

One row is one vacancy. The employer is named by its full name and lands in the one
employer registry shared with recruitment events (``transfer.Employer``), new names added
when the file is applied. Vacancies are registered in the importing officer's township (the
county's at county level). A row with the same employer, title and start date as a vacancy
the user may change updates it; every other row is a new vacancy. The rules are the
model's own (``Vacancy.clean``: the township of a job in the county, a province for work
elsewhere, pay and age ranges, the validity period), each shown at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from laborers.choices import PROVINCE_CHOICES, Education
from laborers.imports.base import Importer, Plan, register_importer
from laborers.models import ImportBatch, Program, Township
from training.models import Trade
from transfer.models import Employer
from transfer.services import employer_register
from vacancies.models import AbilityRequired, ReservedFor, Vacancy, WorkArea
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.dates import parse_date
from xiushan_jobs.lib.importing import (
    Column,
    FieldChange,
    Report,
    RowChange,
    SourceRow,
    display_value,
)
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.text import clean_text
from xiushan_jobs.lib.values import ChoiceParser, parse_whole_number


def _number(what: str):
    def parse(value: object) -> int | None:
        number = parse_whole_number(
            str(value).removesuffix("元").removesuffix("岁").removesuffix("人")
            if isinstance(value, str)
            else value,
            what=what,
        )
        if number is not None and number < 0:
            raise ValueError(f"{what}不能为负数。")
        return number

    return parse


def _text(limit: int, what: str):
    def parse(value: object) -> str:
        text = clean_text(value if value is not None else "")
        if len(text) > limit:
            raise ValueError(f"{what}最多 {limit} 个字，这里有 {len(text)} 个。")
        return text

    return parse


_AREA = ChoiceParser(
    WorkArea.choices,
    what="工作地点",
    aliases={
        "县内": WorkArea.IN_COUNTY,
        "秀山县": WorkArea.IN_COUNTY,
        "本县": WorkArea.IN_COUNTY,
        "市内": WorkArea.IN_CITY,
        "重庆市内": WorkArea.IN_CITY,
        "市内县外": WorkArea.IN_CITY,
        "山东": WorkArea.SHANDONG,
        "山东省": WorkArea.SHANDONG,
        "鲁渝协作": WorkArea.SHANDONG,
        "市外": WorkArea.ELSEWHERE,
        "其他省市": WorkArea.ELSEWHERE,
    },
)
_EDUCATION = ChoiceParser(
    Education.choices, what="文化程度要求", aliases={"不限": "", "初中及以上": "初中"}
)
_ABILITY = ChoiceParser(
    AbilityRequired.choices,
    what="劳动能力要求",
    aliases={
        "不限": AbilityRequired.ANY,
        "弱劳动力": AbilityRequired.ANY,
        "普通劳动力": AbilityRequired.ORDINARY,
        "技能劳动力": AbilityRequired.SKILLED,
    },
)
_RESERVED = ChoiceParser(
    [(value, label) for value, label in ReservedFor.choices if value],
    what="专岗",
    aliases={
        "不限": "",
        "否": "",
        "贫困劳动力": ReservedFor.POOR,
        "贫困高校毕业生": ReservedFor.GRADUATES,
        "毕业生": ReservedFor.GRADUATES,
    },
)
_PROVINCE = ChoiceParser(PROVINCE_CHOICES, what="省份")

COLUMNS: tuple[Column, ...] = (
    Column(
        "employer",
        "用人单位",
        aliases=("单位名称", "企业名称", "招聘单位", "用工单位"),
        parse=_text(80, "用人单位"),
        required=True,
        width=26,
        help="单位全称，与招聘活动共用一份用人单位名录。",
    ),
    Column(
        "title",
        "岗位名称",
        aliases=("岗位", "招聘岗位", "职位", "工作岗位"),
        parse=_text(60, "岗位名称"),
        required=True,
        width=16,
    ),
    Column("trade", "工种", aliases=("对应工种", "培训工种"), width=12),
    Column(
        "places",
        "招聘人数",
        aliases=("人数", "招聘数量", "需求人数", "岗位数"),
        parse=_number("招聘人数"),
        required=True,
        width=10,
    ),
    Column(
        "work_area",
        "工作地点",
        aliases=("工作地点类型", "务工地点", "就业地点"),
        parse=_AREA,
        required=True,
        choices=tuple(WorkArea.labels),
        width=16,
        help="县内、重庆市内县外、山东省（鲁渝协作）或其他省市。",
    ),
    Column(
        "work_township",
        "乡镇（街道）",
        aliases=("所在乡镇", "工作乡镇", "乡镇", "工作乡镇（街道）"),
        width=12,
        help="县内岗位填写工作所在的乡镇（街道）。",
    ),
    Column("province", "省份", aliases=("所在省份",), parse=_PROVINCE, width=12),
    Column("work_place", "详细地点", aliases=("工作地址", "地址"), parse=_text(80, "详细地点")),
    Column(
        "pay_min",
        "月薪下限（元）",
        aliases=("最低月薪", "月薪下限", "工资下限"),
        parse=_number("月薪下限"),
    ),
    Column(
        "pay_max",
        "月薪上限（元）",
        aliases=("最高月薪", "月薪上限", "工资上限"),
        parse=_number("月薪上限"),
    ),
    Column("age_min", "最低年龄", aliases=("年龄下限",), parse=_number("最低年龄"), width=8),
    Column("age_max", "最高年龄", aliases=("年龄上限",), parse=_number("最高年龄"), width=8),
    Column(
        "education_min",
        "文化程度要求",
        aliases=("学历要求", "最低学历", "文化程度"),
        parse=_EDUCATION,
        choices=("不限", *Education.labels),
    ),
    Column(
        "ability_required",
        "劳动能力要求",
        aliases=("劳动能力",),
        parse=_ABILITY,
        choices=tuple(AbilityRequired.labels),
        width=22,
    ),
    Column(
        "reserved_for",
        "专岗",
        aliases=("是否专岗", "面向对象"),
        parse=_RESERVED,
        choices=("不限", "贫困劳动力专岗", "贫困高校毕业生专岗"),
        width=16,
    ),
    Column("program", "协作项目", aliases=("项目",), width=16),
    Column("contact_name", "联系人", parse=_text(30, "联系人"), width=10),
    Column("contact_phone", "联系电话", aliases=("电话",), parse=_text(20, "联系电话"), width=14),
    Column(
        "valid_from",
        "有效期自",
        aliases=("开始日期", "发布日期", "招聘开始"),
        parse=parse_date,
        required=True,
        date_format=True,
    ),
    Column(
        "valid_to",
        "有效期至",
        aliases=("截止日期", "结束日期", "招聘截止"),
        parse=parse_date,
        required=True,
        date_format=True,
    ),
    Column("description", "岗位说明", aliases=("备注", "岗位职责", "说明"), width=30),
)
_LABELS = {c.key: c.label for c in COLUMNS}
_FIELD_LABELS = {
    **{f.name: str(f.verbose_name) for f in Vacancy._meta.concrete_fields},
    **_LABELS,
}
#: the columns written to a vacancy as they are
PLAIN = (
    "title",
    "places",
    "work_area",
    "province",
    "work_place",
    "pay_min",
    "pay_max",
    "age_min",
    "age_max",
    "education_min",
    "ability_required",
    "reserved_for",
    "contact_name",
    "contact_phone",
    "valid_from",
    "valid_to",
    "description",
)
UPDATED = (*PLAIN, "trade_id", "work_township_id", "program_id")


@dataclass
class VacancyPlan(Plan):
    new: list[Vacancy] = field(default_factory=list)
    changed: list[Vacancy] = field(default_factory=list)
    #: employer name of each planned vacancy, by ``id()``
    employers: dict[int, str] = field(default_factory=dict)


@register_importer
class VacancyImporter(Importer):
    kind = ImportBatch.Kind.VACANCY
    title = "用人单位岗位表"
    description = (
        "用人单位报来的招聘岗位：一行一个岗位，登记到岗位信息推送；上传后先预览，确认后写入。"
    )
    columns = COLUMNS
    roles = (Role.COUNTY, Role.TOWNSHIP)

    def instructions(self) -> list[str]:
        return [
            "一行填写一个岗位：用人单位全称、岗位名称、招聘人数、工作地点、有效期必填。",
            "县内岗位填写工作所在的乡镇（街道）；其他省市的岗位填写省份。",
            "岗位登记在您的乡镇（街道）名下（县局导入的为县级岗位，各乡镇均可推送）。",
            "同一用人单位、同一岗位名称、同一开始日期的岗位已登记时，按表中内容更新。",
            "表中不要填写任何个人的身份证号码。",
        ]

    def template_choice_lists(self) -> dict[str, list[str]]:
        return {"work_township": list(Township.objects.values_list("name", flat=True))}

    def _township(self) -> Township | None:
        return self.user.township if role_of(self.user) == Role.TOWNSHIP else None

    # --- checking ------------------------------------------------------------------------
    def check(self, rows: list[SourceRow], report: Report) -> VacancyPlan:
        plan = VacancyPlan(rows=rows)
        townships = {t.name: t.pk for t in Township.objects.all()}
        trades = {t.name: t.pk for t in Trade.objects.all()}
        programs = {p.name: p.pk for p in Program.objects.all()}
        programs.update({p.code: p.pk for p in Program.objects.all()})
        employers = {e.name: e.pk for e in Employer.objects.all()}
        own = self._township()
        existing = {
            (v.employer_id, v.title, v.valid_from): v
            for v in Vacancy.objects.editable_by(self.user).filter(
                employer__name__in={r.values.get("employer") for r in rows}
            )
        }
        seen: dict[tuple, int] = {}
        for row in rows:
            values = row.values
            for key in ("employer", "title", "places", "work_area", "valid_from", "valid_to"):
                if key in values and values[key] in ("", None):
                    self.column_issue(row, key, f"{_LABELS[key]}不能为空。")
            references = {}
            for key, table in (
                ("work_township", townships),
                ("trade", trades),
                ("program", programs),
            ):
                name = clean_text(values.get(key) or "")
                if name and name not in table:
                    self.column_issue(row, key, f"没有名为“{name}”的{_LABELS[key]}。")
                references[key] = table.get(name)
            if row.issues:
                continue
            key = (values["employer"], values["title"], values["valid_from"])
            if key in seen:
                self.column_issue(
                    row,
                    "title",
                    f"与第 {seen[key]} 行是同一岗位（用人单位、岗位名称、有效期自都相同）："
                    "请只保留一行。",
                )
                continue
            seen[key] = row.number
            employer_pk = employers.get(values["employer"])
            record = existing.get((employer_pk, values["title"], values["valid_from"]))
            vacancy = Vacancy(
                pk=record.pk if record else None,
                employer_id=employer_pk,
                township=own if record is None else record.township,
                created_by=record.created_by if record else self.user,
                trade_id=references["trade"],
                work_township_id=references["work_township"],
                program_id=references["program"],
                **{k: values.get(k) if values.get(k) is not None else _blank(k) for k in PLAIN},
            )
            if vacancy.ability_required == "":
                vacancy.ability_required = AbilityRequired.ORDINARY
            try:
                vacancy.clean_fields(exclude=["employer", "township", "created_by"])
                vacancy.clean()
            except ValidationError as exc:
                self.field_errors(row, exc.message_dict, _FIELD_LABELS)
                continue
            plan.employers[id(vacancy)] = values["employer"]
            if record is None:
                plan.new.append(vacancy)
                report.created += 1
                continue
            changes = [
                FieldChange(
                    _FIELD_LABELS.get(f.removesuffix("_id"), f),
                    display_value(getattr(record, f)),
                    display_value(getattr(vacancy, f)),
                )
                for f in UPDATED
                if getattr(record, f) != getattr(vacancy, f)
            ]
            if not changes:
                report.unchanged += 1
                continue
            # the stored row with the sheet's values: its history row keeps every field
            for name in UPDATED:
                setattr(record, name, getattr(vacancy, name))
            plan.changed.append(record)
            report.updated += 1
            report.changes.append(
                RowChange(row.number, f"{values['employer']} {values['title']}", "", changes)
            )
        new_names = {plan.employers[id(v)] for v in plan.new if v.employer_id is None}
        if new_names:
            report.warnings.append(
                f"{len(new_names)} 个用人单位是第一次登记，写入时加入用人单位名录："
                + "、".join(sorted(new_names)[:10])
                + ("等" if len(new_names) > 10 else "")
            )
        return plan

    # --- applying ------------------------------------------------------------------------
    def write(self, plan: VacancyPlan) -> None:
        for vacancy in plan.new:
            if vacancy.employer_id is None:
                vacancy.employer = employer_register(name=plan.employers[id(vacancy)], by=self.user)
        extra = self.history_extra()
        reason = f"{self.title}导入" + (f"（批次 #{self.batch.pk}）" if self.batch else "")
        bulk.insert(Vacancy, plan.new)
        bulk.insert_history(Vacancy, plan.new, user=self.user, reason=reason, extra=extra)
        bulk.update(Vacancy, plan.changed, list(UPDATED))
        bulk.insert_history(
            Vacancy, plan.changed, history_type="~", user=self.user, reason=reason, extra=extra
        )


def _blank(key: str) -> Any:
    field_ = Vacancy._meta.get_field(key)
    return None if field_.null else ""
