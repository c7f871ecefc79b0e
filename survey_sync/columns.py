"""What a laborer's row can carry to the municipal survey system (重庆市贫困劳动力就业情况
和需求调查系统): each source is one value read from the registry, under a stable key.

A sync profile (``SyncProfile.columns``, data the county edits) picks sources by key and
gives each the municipal system's column name, its place, its code list and whether the
system refuses a row without it. The sources are code; the layout is data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class Source:
    label: str
    read: Callable[[Any], Any]


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


#: key → what it reads. Rows come from ``selectors.sync_rows`` (current job annotated).
SOURCES: dict[str, Source] = {
    "county": Source("区县", lambda _: settings.XJ_COUNTY_NAME),
    "township": Source("乡镇（街道）", lambda p: p.household.village.township.name),
    "village": Source("村（社区）", lambda p: p.household.village.name),
    "household_number": Source("户编号", lambda p: p.household.number),
    "name": Source("姓名", lambda p: p.name),
    "id_number": Source("身份证号码", lambda p: p.id_number),
    "sex": Source("性别", lambda p: p.get_sex_display()),
    "relationship": Source("与户主关系", lambda p: p.relationship),
    "phone": Source("联系电话", lambda p: p.phone),
    "education": Source("文化程度", lambda p: p.education),
    "labor_ability": Source("劳动能力", lambda p: p.labor_ability),
    "relocated": Source("易地扶贫搬迁户", lambda p: _yes_no(p.household.relocated)),
    "employment_intention": Source("就业意愿", lambda p: p.employment_intention),
    "employment_status": Source("就业状态", lambda p: p.current_kind or "未就业"),
    "current_employer": Source("就业单位", lambda p: p.current_employer or ""),
    "current_place": Source("就业地点", lambda p: p.current_place or ""),
    "prior_work_place": Source("原务工地点", lambda p: p.prior_work_place),
    "prior_employer": Source("原务工企业", lambda p: p.prior_employer),
    "departure_date": Source("外出时间", lambda p: p.departure_date),
    "wants_training": Source("培训需求", lambda p: _yes_no(p.wants_training)),
    "training_trade": Source("意向培训工种", lambda p: p.training_trade),
    "wants_entrepreneurship": Source("创业需求", lambda p: _yes_no(p.wants_entrepreneurship)),
    "last_surveyed_on": Source("调查更新日期", lambda p: p.last_surveyed_on),
}


def _codes(*labels: str) -> dict[str, str]:
    return {label: str(number) for number, label in enumerate(labels, start=1)}


#: The layout the plan's survey asks for (二(一): 原务工地点、企业、外出时间、就业意愿、
#: 就业能力、培训需求、创业需求), with the identity and household columns the municipal system
#: keys rows by. Code lists follow the national registry's order of each choice list.
DEFAULT_COLUMNS: list[dict[str, Any]] = [
    {"source": "county", "header": "区县", "required": True},
    {"source": "township", "header": "乡镇（街道）", "required": True},
    {"source": "village", "header": "村（社区）", "required": True},
    {"source": "household_number", "header": "户编号", "required": True},
    {"source": "name", "header": "姓名", "required": True},
    {"source": "id_number", "header": "身份证号码", "required": True},
    {"source": "sex", "header": "性别"},
    {"source": "relationship", "header": "与户主关系"},
    {"source": "phone", "header": "联系电话"},
    {
        "source": "education",
        "header": "文化程度",
        "codes": _codes(
            "文盲或半文盲", "小学", "初中", "高中", "中专（中职）", "大专（高职）", "本科及以上"
        ),
    },
    {
        "source": "labor_ability",
        "header": "劳动能力",
        "required": True,
        "codes": _codes("技能劳动力", "普通劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力"),
    },
    {
        "source": "employment_intention",
        "header": "就业意愿",
        "required": True,
        "codes": _codes("县内就业", "市内县外就业", "市外就业", "均可", "无就业意愿"),
    },
    {
        "source": "employment_status",
        "header": "就业状态",
        "required": True,
        "codes": {
            "未就业": "0",
            **_codes("县内务工", "市内县外务工", "市外务工", "公益性岗位", "扶贫车间", "自主创业"),
        },
    },
    {"source": "current_employer", "header": "就业单位"},
    {"source": "current_place", "header": "就业地点"},
    {"source": "prior_work_place", "header": "原务工地点"},
    {"source": "prior_employer", "header": "原务工企业"},
    {"source": "departure_date", "header": "外出时间"},
    {"source": "wants_training", "header": "培训需求", "codes": {"是": "1", "否": "0"}},
    {"source": "training_trade", "header": "意向培训工种"},
    {"source": "wants_entrepreneurship", "header": "创业需求", "codes": {"是": "1", "否": "0"}},
    {"source": "last_surveyed_on", "header": "调查更新日期", "required": True},
]


def column_errors(columns: Any) -> list[str]:
    """What is wrong with a profile's column list, in words for the county's admin."""
    if not isinstance(columns, list) or not columns:
        return ["列设置应为非空列表。"]
    errors = []
    headers = set()
    for number, column in enumerate(columns, start=1):
        where = f"第 {number} 列"
        if not isinstance(column, dict):
            errors.append(f"{where}应为对象（含 source、header）。")
            continue
        if column.get("source") not in SOURCES:
            errors.append(f"{where}的数据来源“{column.get('source')}”不存在。")
        header = column.get("header")
        if not isinstance(header, str) or not header.strip():
            errors.append(f"{where}缺少列名。")
        elif header in headers:
            errors.append(f"{where}的列名“{header}”重复。")
        else:
            headers.add(header)
        codes = column.get("codes")
        if codes is not None and not (
            isinstance(codes, dict) and all(isinstance(v, str) for v in codes.values())
        ):
            errors.append(f"{where}的代码表应为“值: 代码”的对象。")
        unknown = set(column) - {"source", "header", "required", "codes"}
        if unknown:
            errors.append(f"{where}有未知的设置：{'、'.join(sorted(unknown))}。")
    return errors
