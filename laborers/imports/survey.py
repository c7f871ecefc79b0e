"""The village survey import (村级调查表): one row per laborer, upserted by ID number;
households created or updated by household number.

Rules come from the models (one source of truth): each row becomes a ``Laborer`` (and
its ``Household``) validated with the model's own ``clean_fields()`` and ``clean()`` —
field validators (ID number, phone), choice lists, cross-field rules — while uniqueness,
existence and scope are checked in bulk for the whole file, not with a query per row.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from laborers import choices
from laborers.history import build_entries
from laborers.imports.base import Importer, Plan, register_importer
from laborers.models import Household, ImportBatch, Laborer, Township, Village
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.dates import parse_date
from xiushan_jobs.lib.extensions import vocabulary
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.importing import (
    CLEAR_MARK,
    ChangedSince,
    Column,
    FieldChange,
    Report,
    RowChange,
    SourceRow,
    chunked,
    display_value,
)
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.text import normalize_label, squeeze
from xiushan_jobs.lib.values import (
    ChoiceParser,
    cell_text,
    parse_code,
    parse_id_cell,
    parse_name,
    parse_phone,
    parse_whole_number,
    parse_yes_no,
)


def _year(what: str):
    def parse(value: object) -> int | None:
        if value is not None and not isinstance(value, str | int | float):
            # a date cell where a year is wanted: take its year
            return parse_date(value).year
        return parse_whole_number(value, what=what)

    return parse


def _choice(enum, what: str, **aliases: str) -> ChoiceParser:
    return ChoiceParser(enum.choices, what=what, aliases=aliases)


def _labels(enum) -> tuple[str, ...]:
    return tuple(str(label) for _value, label in enum.choices)


YES_NO = ("是", "否")

#: answers that mean "yes" without naming anything (有/是 are read by ``parse_yes_no``)
_NEED_YES = {"需要", "有需求", "愿意", "想", "要", "想学", "有意愿"}
#: "是（苗绣）", "有，叉车操作", "想学苗绣": the words in front of what is wanted
#: (有/是 only with a mark after them: 有机种植 is a trade)
_NEED_PREFIX = re.compile(r"^(?:(?:有|是)[\s,，:：、(（]+|(?:需要|想学|要学|想)[\s,，:：、(（]*)")


def _need(what: str, example: str):
    """A 需求 cell as village sheets answer it: 有/是/无/否, or what is wanted (the trade to
    learn, the business to start), which means "yes" and is kept. ``(wanted, what)``."""

    def parse(value: object) -> tuple[bool, str]:
        if value is None:
            return False, ""
        if isinstance(value, bool | int | float):
            try:
                return parse_yes_no(value), ""
            except ValueError:
                raise ValueError(
                    f"{what}“{cell_text(value)}”看不懂：请填写 有/无、是/否，或{example}。"
                ) from None
        text = cell_text(value)
        try:
            return parse_yes_no(text), ""
        except ValueError:
            pass
        if squeeze(text) in _NEED_YES:
            return True, ""
        wanted = _NEED_PREFIX.sub("", text).rstrip("）)").strip()
        return True, wanted or ""

    return parse


def _link_trade(text: str, known: dict[str, str]) -> str:
    """A wished-for trade as the county's trade list names it when one matches (叉车 →
    叉车操作, 想学苗绣 → 苗绣), else the text as written. ``known``: label key → name."""
    key = normalize_label(text)
    if not key or key in known:
        return known.get(key, text)
    hits = {name for k, name in known.items() if len(k) >= 2 and (k in key or key in k)}
    return hits.pop() if len(key) >= 2 and len(hits) == 1 else text


COLUMNS: tuple[Column, ...] = (
    Column(
        "township",
        "乡镇（街道）",
        aliases=(
            "乡镇",
            "街道",
            "乡镇街道",
            "所在乡镇（街道）",
            "所在乡镇",
            "乡（镇、街道）",
            "镇（街道）",
            "乡镇名称",
        ),
        parse=parse_name,
        help="填写全称，如“中和街道”“隘口镇”。乡镇（街道）干部和村信息员可不填本列，默认为本人所在乡镇。",
        width=12,
    ),
    Column(
        "village",
        "村（社区）",
        aliases=(
            "村",
            "社区",
            "村社区",
            "所在村（社区）",
            "所在村",
            "村（居）",
            "村居",
            "行政村",
            "村名",
            "村（社区）名称",
        ),
        parse=parse_name,
        required=True,
        help="填写村或社区名称，如“凤鸣村”。",
        width=12,
    ),
    Column(
        "household_number",
        "户编号",
        aliases=("户号", "户编码", "家庭编号", "贫困户编号", "户主编号"),
        parse=lambda v: parse_code(v, what="户编号"),
        required=True,
        help="建档立卡户编号；同一户的成员填写同一个户编号。",
        text_format=True,
        width=16,
    ),
    Column(
        "name",
        "姓名",
        aliases=("劳动力姓名", "成员姓名", "姓名（劳动力）"),
        parse=parse_name,
        required=True,
        width=10,
    ),
    Column(
        "id_number",
        "身份证号码",
        aliases=(
            "身份证号",
            "公民身份号码",
            "身份证",
            "证件号码",
            "身份证件号码",
            "公民身份证号码",
        ),
        parse=parse_id_cell,
        required=True,
        help="18 位公民身份号码。本列须为“文本”格式，否则 Excel 会把后几位变成 0。",
        text_format=True,
        width=22,
        personal="id_number",
    ),
    Column(
        "relationship",
        "与户主关系",
        aliases=("家庭关系", "关系", "与户主的关系"),
        clearable=False,
        parse=_choice(
            choices.Relationship,
            "与户主关系",
            本人="户主",
            妻="配偶",
            夫="配偶",
            丈夫="配偶",
            妻子="配偶",
            子="之子",
            儿子="之子",
            长子="之子",
            次子="之子",
            女="之女",
            女儿="之女",
            长女="之女",
            次女="之女",
            儿媳="之儿媳",
            女婿="之女婿",
            孙子="之孙子女",
            孙女="之孙子女",
            父亲="之父母",
            母亲="之父母",
        ),
        choices=_labels(choices.Relationship),
        width=12,
    ),
    Column(
        "phone",
        "联系电话",
        aliases=("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
        parse=parse_phone,
        help="11 位手机号码。",
        text_format=True,
        width=14,
        personal="phone",
    ),
    Column(
        "education",
        "文化程度",
        aliases=("学历",),
        parse=_choice(
            choices.Education,
            "文化程度",
            文盲="文盲或半文盲",
            半文盲="文盲或半文盲",
            中专="中专（中职）",
            中职="中专（中职）",
            职高="中专（中职）",
            技校="中专（中职）",
            大专="大专（高职）",
            高职="大专（高职）",
            专科="大专（高职）",
            本科="本科及以上",
            研究生="本科及以上",
            大学="本科及以上",
            学龄前="文盲或半文盲",
        ),
        choices=_labels(choices.Education),
        width=14,
    ),
    Column(
        "labor_ability",
        "劳动能力",
        aliases=("劳动力类型", "劳动技能"),
        clearable=False,
        parse=_choice(
            choices.LaborAbility,
            "劳动能力",
            技能="技能劳动力",
            普通="普通劳动力",
            弱劳动力="弱劳动力或半劳动力",
            半劳动力="弱劳动力或半劳动力",
            丧失="丧失劳动力",
            无="无劳动力",
        ),
        choices=_labels(choices.LaborAbility),
        width=16,
    ),
    Column(
        "poverty_status",
        "脱贫状态",
        aliases=("是否脱贫", "贫困户状态", "脱贫情况"),
        clearable=False,
        parse=_choice(
            choices.PovertyStatus,
            "脱贫状态",
            脱贫="已脱贫",
            是="已脱贫",
            否="未脱贫",
            贫困="未脱贫",
        ),
        choices=_labels(choices.PovertyStatus),
        help="户信息：同一户各行应一致。",
        width=10,
    ),
    Column(
        "poverty_exit_year",
        "脱贫年度",
        aliases=("脱贫年份", "脱贫时间", "脱贫年"),
        parse=_year("脱贫年度"),
        help="户信息：已脱贫的户必须填写，如 2019。",
        width=10,
    ),
    Column(
        "relocated",
        "易地扶贫搬迁户",
        aliases=(
            "易地扶贫搬迁",
            "是否易地扶贫搬迁",
            "是否易地扶贫搬迁户",
            "易地搬迁",
            "易地搬迁户",
            "是否易地搬迁",
        ),
        parse=parse_yes_no,
        choices=YES_NO,
        help="户信息：是/否。",
        width=10,
    ),
    Column(
        "is_college_graduate",
        "贫困高校毕业生",
        aliases=("高校毕业生", "是否高校毕业生", "是否贫困高校毕业生"),
        parse=parse_yes_no,
        choices=YES_NO,
        width=10,
    ),
    Column(
        "graduation_year",
        "毕业年份",
        aliases=("毕业时间", "毕业年度"),
        parse=_year("毕业年份"),
        width=8,
    ),
    Column(
        "in_employment_preparation",
        "就业准备中",
        aliases=("是否就业准备", "就业准备", "处于就业准备"),
        parse=parse_yes_no,
        choices=YES_NO,
        help="升学、参加培训、备考或求职准备等。",
        width=8,
    ),
    Column(
        "is_disabled",
        "残疾人",
        aliases=("是否残疾", "是否残疾人", "残疾"),
        parse=parse_yes_no,
        choices=YES_NO,
        width=8,
    ),
    Column(
        "employment_intention",
        "就业意愿",
        aliases=("务工意愿", "就业意向"),
        parse=ChoiceParser(
            choices.EmploymentIntention.choices,
            what="就业意愿",
            aliases={
                "县内": "县内就业",
                "市内县外": "市内县外就业",
                "市外": "市外就业",
                "都可以": "均可",
                # the survey sheets' own answers: willing, the place not stated
                "有": choices.EmploymentIntention.PLACE_UNSTATED,
                "是": choices.EmploymentIntention.PLACE_UNSTATED,
                "有意愿": choices.EmploymentIntention.PLACE_UNSTATED,
                "愿意": choices.EmploymentIntention.PLACE_UNSTATED,
                "有就业意愿": choices.EmploymentIntention.PLACE_UNSTATED,
                "无": "无就业意愿",
                "否": "无就业意愿",
                "没有": "无就业意愿",
                "无意愿": "无就业意愿",
                "不愿意": "无就业意愿",
            },
            hint="请填写 有/无、是/否，或地点：县内就业、市内县外就业、市外就业、均可。",
        ),
        choices=("有", "无", *_labels(choices.EmploymentIntention)[:4]),
        open_choices=True,  # 是/否 and the other wordings above are read too
        help="有/是 = 有就业意愿（地点未定，之后可在系统中补充）；无/否 = 无就业意愿；"
        "知道地点的填 县内就业、市内县外就业、市外就业 或 均可。",
        width=14,
    ),
    Column(
        "wants_training",
        "培训需求",
        aliases=("有培训需求", "是否有培训需求", "培训意愿", "是否需要培训"),
        parse=_need("培训需求", "想学的工种（如 叉车操作、苗绣）"),
        choices=("无",),
        open_choices=True,
        help="填写想学的工种（如 叉车操作、苗绣、中式烹调师），即为有培训需求；"
        "只填 有/是 表示有需求、工种未定；无/否 表示没有。",
        width=12,
    ),
    Column(
        "training_trade",
        "意向培训工种",
        aliases=("培训工种", "培训意向工种", "意向工种", "培训项目"),
        width=14,
    ),
    Column(
        "wants_entrepreneurship",
        "创业需求",
        aliases=("有创业意愿", "创业意愿", "是否有创业需求", "是否有创业意愿"),
        parse=_need("创业需求", "想做的项目（如 养殖、开网店）"),
        choices=("有", "无"),
        open_choices=True,
        help="填写想做的项目（如 养殖、开网店），即为有创业需求；只填 有/是 表示有需求；"
        "无/否 表示没有。",
        width=12,
    ),
    Column(
        "entrepreneurship_plan",
        "意向创业项目",
        aliases=("创业项目", "创业意向项目", "创业意向"),
        width=14,
    ),
    Column(
        "prior_work_place",
        "原务工地点",
        aliases=("务工地点", "外出务工地点", "原就业地点"),
        width=16,
    ),
    Column(
        "prior_employer",
        "原务工企业",
        aliases=("务工企业", "务工单位", "外出务工企业", "原务工单位", "原就业单位", "就业单位"),
        width=18,
    ),
    Column(
        "departure_date",
        "外出时间",
        aliases=("外出务工时间", "外出日期", "外出务工日期"),
        parse=parse_date,
        help="如 2020-3-5、2020.3.5 或 2020年3月。",
        date_format=True,
        width=12,
    ),
    Column(
        "last_surveyed_on",
        "调查日期",
        aliases=("调查时间", "更新日期", "填表日期", "信息更新日期", "入户调查日期"),
        parse=parse_date,
        help="本次入户调查（信息更新）的日期，用于统计每季度的信息更新情况。",
        date_format=True,
        width=12,
    ),
    Column("note", "备注", aliases=("说明",), width=20),
)

HOUSEHOLD_FIELDS = ("poverty_status", "poverty_exit_year", "relocated")
LABORER_FIELDS = tuple(
    c.key
    for c in COLUMNS
    if c.key not in {"township", "village", "household_number", *HOUSEHOLD_FIELDS}
)
#: a 需求 column and the text column that keeps what is wanted (trade, business)
_NEEDS = {"wants_training": "training_trade", "wants_entrepreneurship": "entrepreneurship_plan"}
#: choice fields that always hold a value: ``清空`` is refused
_NOT_CLEARABLE = {c.key for c in COLUMNS if not c.clearable}
_LABORER_ATTNAMES = [f.attname for f in Laborer._meta.concrete_fields]
#: Fields whose whole rule the column parser already enforced with the model's own lists
#: (yes/no → bool, a choice parser built from the field's choices, dates → date), so the
#: per-row ``clean_fields`` skips them; text, ID number and phone fields run the model's
#: validators, and ``clean()`` the cross-field rules. (Measured: a third of checking time.)
_PARSER_ENFORCED = [
    f.name
    for f in Laborer._meta.concrete_fields
    if f.name in LABORER_FIELDS
    and (f.choices or f.get_internal_type() in ("BooleanField", "DateField"))
]
_NOT_REVALIDATED = ["household", "sex", "birth_date", *_PARSER_ENFORCED]
_HOUSEHOLD_ATTNAMES = [f.attname for f in Household._meta.concrete_fields]
_COMPARED = [*LABORER_FIELDS, "household_id", "sex", "birth_date"]
_LABELS = {c.key: c.label for c in COLUMNS}
_LABELS["household_id"] = "户编号"
_PERSONAL = {c.key: c.personal for c in COLUMNS if c.personal}


def _load_by(model, key: str, values: list[str], fields: list[str]) -> dict[str, dict]:
    """Rows of ``model`` whose ``key`` is in ``values``, as dicts by key, a few queries of
    5,000 values each (no query per row)."""
    out = {}
    for chunk in chunked(values):
        for row in model.objects.filter(**{f"{key}__in": chunk}).values(*fields):
            out[row[key]] = row
    return out


def _not_clearable(key: str) -> str:
    return f"{_LABELS[key]}不能清空：请填写正确的值；不需要修改时请留空（空白保持系统中的原值）。"


@dataclass
class _Place:
    village_id: int
    township_id: int
    label: str


@dataclass
class SurveyPlan(Plan):
    new_households: list[Household] = field(default_factory=list)
    changed_households: list[Household] = field(default_factory=list)
    new_laborers: list[tuple[Laborer, str]] = field(default_factory=list)  # (laborer, hh number)
    changed_laborers: list[Laborer] = field(default_factory=list)
    laborer_versions: dict[int, int] = field(default_factory=dict)
    household_versions: dict[int, int] = field(default_factory=dict)
    #: pk (as text) → newest history row of every existing record the file names
    seen_laborers: dict[str, int] = field(default_factory=dict)
    seen_households: dict[str, int] = field(default_factory=dict)


class _Places:
    """Townships and villages by name, loaded once (a few hundred rows)."""

    def __init__(self):
        self.townships = {t.name: t for t in Township.objects.all()}
        self.township_names = {t.pk: t.name for t in self.townships.values()}
        self.village_names: dict[int, str] = {}
        self.by_township: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
        self.by_name: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for pk, township_id, name in Village.objects.values_list("pk", "township_id", "name"):
            self.village_names[pk] = name
            for key in {
                name,
                name.removesuffix("村"),
                name.removesuffix("社区"),
                name.removesuffix("居委会"),
            }:
                self.by_township[township_id].setdefault(key, (pk, name))
                self.by_name[key].append((pk, township_id, name))

    def township(self, name: str) -> Township | None:
        if name in self.townships:
            return self.townships[name]
        for suffix in ("镇", "乡", "街道"):
            if name + suffix in self.townships:
                return self.townships[name + suffix]
        return None


@register_importer
class SurveyImporter(Importer):
    kind = ImportBatch.Kind.SURVEY
    title = "村级调查表"
    description = (
        "村（社区）填报的贫困劳动力调查表：按身份证号码新增或更新劳动力，按户编号新增或更新贫困户。"
    )
    columns = COLUMNS

    def __init__(self, *, user, batch=None, params=None):
        super().__init__(user=user, batch=batch, params=params)
        self.role = role_of(user)

    # --- declarations --------------------------------------------------------------------
    def instructions(self) -> list[str]:
        return [
            "一行填写一名贫困劳动力；同一户的成员填写同一个户编号，户信息（脱贫状态、脱贫年度、易地扶贫搬迁户）各行应一致。",
            "按身份证号码更新：已登记的劳动力只修改有变化的字段，未登记的新增；户按户编号新增或更新。",
            "表中没有的列不会改动已登记的信息。已登记的人，空白单元格保持系统中的原值，不会清空；"
            f"要清空某项已有数据，请在单元格中填写“{CLEAR_MARK}”（与户主关系、劳动能力、脱贫状态不能清空）。"
            "预览会单独列出将被清空的项数，确认导入前须再次确认。",
            "就业意愿可填 有/无、是/否：有/是 即有就业意愿（地点未定，之后可在系统中补充），"
            "无/否 即无就业意愿；知道地点的填 县内就业、市内县外就业、市外就业 或 均可。",
            "培训需求可直接填写想学的工种（如 叉车操作、苗绣、中式烹调师），即为有培训需求，"
            "工种与系统工种目录一致时自动对应；只填 有/是 表示有需求、工种未定；无/否 表示没有。"
            "创业需求（创业意愿）同样可填 有/无、是/否 或想做的项目（如 养殖、开网店）。",
            "身份证号码、户编号、联系电话列已设为“文本”格式，请勿改为数字格式。",
            "日期可填写 2020-3-5、2020.3.5、2020/03/05、2020年3月5日 或 2020年3月。"
            "其他 是/否 列可填 是/否、有/无 或 √。",
            "表头上方可以有标题行，表格末尾的合计行、填表人行会自动跳过。上传后先预览，确认后才写入。",
        ]

    def template_choice_lists(self) -> dict[str, list[str]]:
        villages = Village.objects.visible_to(self.user).select_related("township")
        townships = Township.objects.visible_to(self.user)
        return {
            "township": [t.name for t in townships],
            "village": sorted({v.name for v in villages}),
        }

    # --- checking ------------------------------------------------------------------------
    def _resolve_place(self, row: SourceRow, places: _Places) -> _Place | None:
        user = self.user
        township_name = row.values.get("township") or ""
        village_name = row.values.get("village") or ""
        township_id = None
        if township_name:
            township = places.township(township_name)
            if township is None:
                self.column_issue(
                    row,
                    "township",
                    f"没有名为“{township_name}”的乡镇（街道）：请填写全称，如“中和街道”“隘口镇”。",
                )
                return None
            township_id = township.pk
        elif self.role in (Role.TOWNSHIP, Role.VILLAGE):
            township_id = user.township_id or (
                user.village.township_id if user.village_id else None
            )
        if not village_name:
            self.column_issue(row, "village", "村（社区）不能为空。")
            return None
        if township_id is not None:
            match = places.by_township.get(township_id, {}).get(village_name)
            if match is None:
                self.column_issue(
                    row,
                    "village",
                    f"{places.township_names.get(township_id, '')}没有名为“{village_name}”的"
                    "村（社区）："
                    "请核对名称；新设的村（社区）请联系县就业人才局先在系统中添加。",
                )
                return None
            village_id, name = match
        else:
            matches = {(pk, tid, name) for pk, tid, name in places.by_name.get(village_name, [])}
            if len(matches) != 1:
                self.column_issue(
                    row,
                    "village",
                    f"没有名为“{village_name}”的村（社区）。"
                    if not matches
                    else f"有 {len(matches)} 个乡镇都有名为“{village_name}”的村（社区）："
                    "请填写“乡镇（街道）”列。",
                )
                return None
            village_id, township_id, name = matches.pop()
        return _Place(village_id, township_id, f"{places.township_names[township_id]} {name}")

    def _in_scope(self, row: SourceRow, place: _Place, places: _Places) -> bool:
        user = self.user
        if self.role == Role.COUNTY:
            return True
        if self.role == Role.TOWNSHIP and place.township_id == user.township_id:
            return True
        if self.role == Role.VILLAGE and place.village_id == user.village_id:
            return True
        area = user.area_label
        key = (
            "township"
            if self.role == Role.TOWNSHIP and "township" in self.header.positions
            else "village"
        )
        self.column_issue(
            row,
            key,
            f"本行属于{place.label}，不在您的管辖范围（{area}）内，不能导入：请删除本行，或交由所属乡镇（村）导入。",
        )
        return False

    def _read_needs(self, row: SourceRow, trades: dict[str, str]) -> None:
        """培训需求/创业需求 cells answered with what is wanted: the need is yes, and the
        trade (linked to the county's trade list when one matches) or business is kept,
        unless the file's own 意向培训工种/意向创业项目 cell says otherwise."""
        for need, text_key in _NEEDS.items():
            if not isinstance(row.values.get(need), tuple):
                continue  # not in the file, unreadable, or read already (a second check)
            wanted, what = row.values[need]
            row.values[need] = wanted
            if text_key in row.values and text_key not in row.blank:
                continue  # the file's own column answers (or clears) it
            if what:
                linked = _link_trade(what, trades) if need == "wants_training" else what
                row.values[text_key] = linked
                row.blank.discard(text_key)
            else:
                row.values[text_key] = ""
                row.blank.add(text_key)

    def check(self, rows: list[SourceRow], report: Report) -> SurveyPlan:
        plan = SurveyPlan(rows=rows)
        present = set(self.header.positions)
        present |= {text for need, text in _NEEDS.items() if need in present}
        trades = {normalize_label(name): name for name in vocabulary("training_trade")}
        places = _Places()
        place_of: dict[int, _Place] = {}
        candidates: list[SourceRow] = []
        for row in rows:
            self._read_needs(row, trades)
            for key in ("household_number", "name", "id_number"):
                if key in row.values and not row.values[key]:
                    self.column_issue(row, key, f"{_LABELS[key]}不能为空。")
            keys_ok = bool(row.values.get("id_number") and row.values.get("household_number"))
            place = self._resolve_place(row, places)
            if place is None or not self._in_scope(row, place, places) or not keys_ok:
                # The row cannot be matched; still report its other cells in one go.
                self._validate_laborer(row, Laborer(), present)
                continue
            place_of[row.number] = place
            candidates.append(row)

        # Duplicate ID numbers within the file: every occurrence is an error.
        self.rows_by_id_number(candidates)

        existing_laborers = self._load_laborers([r.values["id_number"] for r in candidates])
        numbers = {r.values["household_number"] for r in candidates}
        numbers |= {e["household__number"] for e in existing_laborers.values()}
        existing_households = self._load_households(sorted(numbers))

        self._household_records = existing_households
        self._households = self._check_households(
            candidates, place_of, existing_households, present
        )
        self._check_laborers(candidates, place_of, existing_laborers, present, plan, places, report)

        # Households are written only for rows that survived every check.
        used = {r.values["household_number"] for r in candidates if r.ok}
        new_households, changed_households = [], []
        for number, (household, changes, _first, _cleared) in self._households.items():
            if number not in used:
                continue
            if household.pk is None:
                new_households.append(household)
            elif changes:
                changed_households.append(household)
                plan.household_versions[household.pk] = household.version
        plan.new_households = new_households
        plan.changed_households = changed_households
        plan.new_laborers = [(obj, num) for obj, num in plan.new_laborers if num in used]
        plan.seen_laborers = self._newest_history(
            Laborer, [e["id"] for e in existing_laborers.values()]
        )
        plan.seen_households = self._newest_history(
            Household, [h.pk for h, _c, _f, _x in self._households.values() if h.pk]
        )
        return plan

    @staticmethod
    def _newest_history(model, pks: list[int]) -> dict[str, int]:
        """pk → newest history row of each record (a few queries for the whole file): the
        admin saves without bumping ``version``, every writer leaves a history row."""
        out: dict[str, int] = {}
        for chunk in chunked(sorted(pks)):
            rows = (
                model.history.filter(id__in=chunk)
                .values("id")
                .annotate(newest=Max("history_id"))
                .order_by()
            )
            out.update({str(r["id"]): r["newest"] for r in rows})
        return out

    def _load_laborers(self, id_numbers: list[str]) -> dict[str, dict]:
        related = ["household__number", "household__village_id", "household__village__township_id"]
        return _load_by(Laborer, "id_number", id_numbers, [*_LABORER_ATTNAMES, *related])

    def _load_households(self, numbers: list[str]) -> dict[str, dict]:
        related = ["village__township_id", "village__name", "village__township__name"]
        return _load_by(Household, "number", numbers, [*_HOUSEHOLD_ATTNAMES, *related])

    def _editable_place(self, village_id: int, township_id: int) -> bool:
        if self.role == Role.COUNTY:
            return True
        if self.role == Role.TOWNSHIP:
            return township_id == self.user.township_id
        return self.role == Role.VILLAGE and village_id == self.user.village_id

    def _check_households(self, rows, place_of, existing, present):
        """One household per number: consistent across its rows, valid by the model's
        rules, and not registered in another township. Returns number → (household with
        the file's values, changed field names, first row)."""
        out: dict[str, tuple[Household, list[str], SourceRow]] = {}
        rows_of: dict[str, list[SourceRow]] = defaultdict(list)
        for row in rows:
            rows_of[row.values["household_number"]].append(row)
        for number, members in rows_of.items():
            first = members[0]
            place = place_of[first.number]
            # The household's values from its rows: a member's blank cell says nothing
            # (sheets are often filled on the head's row only), so it never disagrees.
            values: dict[str, tuple[Any, bool]] = {}
            source: dict[str, SourceRow] = {}
            for row in members:
                if row is not first and place_of[row.number].village_id != place.village_id:
                    self.column_issue(
                        row,
                        "village",
                        f"户编号 {number} 在第 {first.number} 行属于{place.label}，"
                        f"本行却是{place_of[row.number].label}：同一户应在同一个村（社区）。",
                    )
                for key in HOUSEHOLD_FIELDS:
                    if key not in row.values or key in row.blank:
                        continue
                    value = (row.values[key], key in row.cleared)
                    if key not in values:
                        values[key], source[key] = value, row
                    elif values[key] != value:
                        self.column_issue(
                            row,
                            key,
                            f"同一户（户编号 {number}）的{_LABELS[key]}与第 {source[key].number} 行"
                            "不一致：户信息各行应填写相同。",
                        )
            record = existing.get(number)
            if record is not None:
                if record["village__township_id"] != place.township_id or not self._editable_place(
                    record["village_id"], record["village__township_id"]
                ):
                    where = record["village__township__name"]
                    if record["village__township_id"] == place.township_id:
                        where += " " + record["village__name"]
                    for row in members:
                        self.column_issue(
                            row,
                            "household_number",
                            f"户编号 {number} 已在{where}登记，不能由本文件修改："
                            "如该户已迁入，请联系县就业人才局办理迁移。",
                            kind="conflict",
                        )
                    continue
                household = Household(**{k: record[k] for k in _HOUSEHOLD_ATTNAMES})
            else:
                household = Household(number=number)
            household.village_id = place.village_id
            cleared = set()
            refused = False
            for key, (value, clear) in values.items():
                if clear and key in _NOT_CLEARABLE:
                    for row in members:
                        self.column_issue(row, key, _not_clearable(key))
                    refused = True
                    continue
                setattr(household, key, value)
                if clear and record is not None and record[key] not in ("", None, False):
                    cleared.add(key)
            if refused:
                continue
            try:
                household.clean_fields(exclude=["village", "number"])
                household.clean()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    for row in members:
                        self.column_issue(row, key if key in _LABELS else "", "；".join(messages))
                continue
            changes = []
            if record is not None:
                changes = [
                    k
                    for k in ("village_id", *HOUSEHOLD_FIELDS)
                    if getattr(household, k) != record[k]
                ]
                if changes and self.role == Role.VILLAGE:
                    # Village officers change laborers, not households (DOMAIN.md roles).
                    for row in members:
                        self.column_issue(
                            row,
                            changes[-1].removesuffix("_id"),
                            f"户编号 {number} 的户信息（"
                            f"{'、'.join(_LABELS.get(k, '村（社区）') for k in changes)}）与系统中"
                            "不同：户信息须由乡镇（街道）干部修改，请改回原值或联系乡镇。",
                        )
                    continue
            out[number] = (household, changes, first, cleared)
        return out

    def _household_diff(self, number: str, places: _Places) -> list[FieldChange]:
        household, changes, _first, cleared = self._households[number]
        record = self._household_records[number]
        out = []
        for key in changes:
            if key == "village_id":
                out.append(
                    FieldChange(
                        "村（社区）（户）",
                        places.village_names.get(record[key], ""),
                        places.village_names.get(household.village_id, ""),
                    )
                )
            else:
                out.append(
                    FieldChange(
                        f"{_LABELS[key]}（户）",
                        display_value(record[key]),
                        display_value(getattr(household, key)),
                        cleared=key in cleared,
                    )
                )
        return out

    def _check_laborers(self, rows, place_of, existing, present, plan, places, report):
        first_of_household: dict[str, SourceRow] = {}
        for row in rows:
            first_of_household.setdefault(row.values["household_number"], row)
        for row in rows:
            values = row.values
            record = existing.get(values["id_number"])
            place = place_of[row.number]
            if record is not None:
                township_id = record["household__village__township_id"]
                if township_id != place.township_id or not self._editable_place(
                    record["household__village_id"], township_id
                ):
                    # Where, and nothing of that household: its number, members and
                    # details are another area's personal data.
                    where = places.township_names.get(township_id, "")
                    if township_id == place.township_id:
                        where += " " + places.village_names.get(record["household__village_id"], "")
                    self.column_issue(
                        row,
                        "id_number",
                        f"该身份证号码已在{where}登记，不能由本文件覆盖："
                        "如该劳动力已迁入，请联系县就业人才局或原乡镇办理迁移。",
                        kind="conflict",
                    )
                    continue
                laborer = Laborer(**{k: record[k] for k in _LABORER_ATTNAMES})
            else:
                laborer = Laborer()
            if not self._validate_laborer(row, laborer, present) or row.issues:
                continue
            number = values["household_number"]
            household_changes = []
            if first_of_household[number] is row and number in self._household_records:
                household_changes = self._household_diff(number, places)
            if record is None:
                plan.new_laborers.append((laborer, number))
                report.created += 1
                report.cleared += sum(1 for c in household_changes if c.cleared)
                if household_changes:
                    report.changes.append(
                        RowChange(row.number, f"户编号 {number}", "", household_changes)
                    )
                continue
            changes = [
                FieldChange(
                    _LABELS[k],
                    display_value(record[k]),
                    display_value(getattr(laborer, k)),
                    _PERSONAL.get(k, ""),
                    cleared=k in row.cleared,
                )
                for k in LABORER_FIELDS
                if getattr(laborer, k) != record[k]
            ]
            if record["household__number"] != number:
                changes.append(FieldChange("户编号", record["household__number"], number))
            changes.extend(household_changes)
            if changes:
                plan.changed_laborers.append((laborer, number))
                plan.laborer_versions[laborer.pk] = record["version"]
                report.updated += 1
                report.cleared += sum(1 for c in changes if c.cleared)
                report.changes.append(
                    RowChange(
                        row.number,
                        laborer.name,
                        laborer.id_number,
                        changes,
                        personal_key="id_number",
                    )
                )
            else:
                report.unchanged += 1

    def _validate_laborer(self, row: SourceRow, laborer: Laborer, present: set[str]) -> bool:
        """Put the row's values on ``laborer`` and run the model's own rules on it:
        field validators and choices (``clean_fields``) and cross-field rules (``clean``).
        Uniqueness is checked for the whole file elsewhere, so no query per row."""
        for key in LABORER_FIELDS:
            if key not in present or key not in row.values:  # absent, or unreadable
                continue
            if key in row.blank:
                continue  # a blank cell never erases: the record (or the default) stays
            if key in row.cleared and key in _NOT_CLEARABLE:
                self.column_issue(row, key, _not_clearable(key))
                continue
            setattr(laborer, key, row.values[key])
        # As full_clean does: the cross-field rules run even when a field failed, so one
        # upload reports every problem of the row (a bad ID number and a future date).
        errors: dict[str, list[str]] = {}
        for step in (lambda: laborer.clean_fields(exclude=_NOT_REVALIDATED), laborer.clean):
            try:
                step()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
        if errors:
            self.field_errors(row, errors, _LABELS)
            return False
        return True

    # --- applying ------------------------------------------------------------------------
    def verify(self, plan: SurveyPlan) -> bool:
        """Inside the write transaction (rows locked on PostgreSQL; SQLite holds the write
        lock): the records the plan changes still have the versions seen while checking,
        and the ID numbers and household numbers it creates are still free."""
        for model, versions in (
            (Laborer, plan.laborer_versions),
            (Household, plan.household_versions),
        ):
            for chunk in chunked(list(versions)):
                current = (
                    model.objects.filter(pk__in=chunk)
                    .select_for_update()
                    .values_list("pk", "version")
                )
                if any(versions.get(pk) != version for pk, version in current) or len(
                    current
                ) != len(chunk):
                    return False
        new_ids = [obj.id_number for obj, _number in plan.new_laborers]
        for chunk in chunked(new_ids):
            if Laborer.objects.filter(id_number__in=chunk).exists():
                return False
        for chunk in chunked([h.number for h in plan.new_households]):
            if Household.objects.filter(number__in=chunk).exists():
                return False
        return True

    # --- what the preview showed ---------------------------------------------------------
    def snapshot(self, plan: SurveyPlan) -> dict[str, Any]:
        """``writes``: every record the plan changes, by its version and newest history row,
        and every ID/household number it creates; confirming compares it. ``seen``: the
        newest history row of every existing record the file names, the base from which
        ``changed_since`` tells what happened after the preview."""

        def stamps(objs, seen):
            return {str(o.pk): [o.version, seen.get(str(o.pk))] for o in objs}

        return {
            "writes": {
                "laborers": stamps([o for o, _n in plan.changed_laborers], plan.seen_laborers),
                "households": stamps(plan.changed_households, plan.seen_households),
                "new_laborers": sorted(o.id_number for o, _n in plan.new_laborers),
                "new_households": sorted(h.number for h in plan.new_households),
            },
            "seen": {"laborers": plan.seen_laborers, "households": plan.seen_households},
        }

    #: records listed one by one in ``changed_since`` (the rest are counted)
    SINCE_LISTED = 50

    def changed_since(self, before: dict[str, Any], plan: SurveyPlan) -> list[ChangedSince]:
        after = self.snapshot(plan)["writes"]
        then = before.get("writes", {})
        seen = before.get("seen", {})
        # (model, pk) → the history row the preview saw (None: not there yet)
        records: dict[tuple[Any, int], int | None] = {}
        for kind, model in (("laborers", Laborer), ("households", Household)):
            old, new = then.get(kind, {}), after[kind]
            for pk in {*old, *new}:
                if old.get(pk) != new.get(pk):
                    records[(model, int(pk))] = seen.get(kind, {}).get(pk)
        for model, key, kind in (
            (Laborer, "id_number", "new_laborers"),
            (Household, "number", "new_households"),
        ):
            created = sorted(set(then.get(kind, [])) - set(after[kind]))
            for pk in model.objects.filter(**{f"{key}__in": created}).values_list("pk", flat=True):
                records[(model, pk)] = None
        out: list[ChangedSince] = []
        listed = sorted(records.items(), key=lambda item: (item[0][0] is Household, item[0][1]))
        for (model, pk), base in listed[: self.SINCE_LISTED]:
            out.extend(self._since(model, pk, base))
        return out

    def _since(self, model, pk: int, base: int | None) -> list[ChangedSince]:
        """What happened to one record after history row ``base`` (everything when the
        record did not exist at the preview), newest first."""
        records = model.history.filter(id=pk)
        if base is not None:
            records = records.filter(history_id__gte=base)  # the base of the first diff
        record = model.objects.filter(pk=pk).first()
        if model is Laborer:
            label = record.name if record else ""
            key = mask_id_number(record.id_number) if record else ""
        else:
            label, key = (f"户编号 {record.number}" if record else ""), ""
        return [
            ChangedSince(
                label=label,
                key=key,
                by=str(entry.who) if entry.who else "系统",
                at=timezone.localtime(entry.when).strftime("%Y-%m-%d %H:%M"),
                action=entry.action_label,
                changes=[FieldChange(c.field, c.old, c.new) for c in entry.changes],
            )
            for entry in build_entries([(model, records)])
            if base is None or entry.history_id > base
        ]

    def write(self, plan: SurveyPlan) -> None:
        user = self.user
        extra = self.history_extra()
        reason = f"{self.title}导入" + (
            f"（批次 #{self.batch.pk}）" if self.batch is not None else ""
        )
        bulk.insert(Household, plan.new_households)
        bulk.insert_history(Household, plan.new_households, user=user, reason=reason, extra=extra)
        bulk.update(
            Household,
            plan.changed_households,
            ["village_id", *HOUSEHOLD_FIELDS],
            increment=["version"],
        )
        bulk.insert_history(
            Household,
            plan.changed_households,
            history_type="~",
            user=user,
            reason=reason,
            extra=extra,
        )
        household_ids = {number: values["id"] for number, values in self._household_records.items()}
        household_ids.update({h.number: h.pk for h in plan.new_households})
        new = []
        for laborer, number in plan.new_laborers:
            laborer.household_id = household_ids[number]
            new.append(laborer)
        bulk.insert(Laborer, new)
        bulk.insert_history(Laborer, new, user=user, reason=reason, extra=extra)
        changed = []
        for laborer, number in plan.changed_laborers:
            laborer.household_id = household_ids[number]
            changed.append(laborer)
        written = ["household_id", "sex", "birth_date", *LABORER_FIELDS]
        bulk.update(Laborer, changed, written, increment=["version"])
        bulk.insert_history(
            Laborer, changed, history_type="~", user=user, reason=reason, extra=extra
        )
