"""The officer's ledger (台账): the filtered laborer list as an xlsx file.

ID numbers and phones are masked, and the birth date left out (it is part of the ID
number), unless the user may see personal data and asked for it. The view logs every
export in the access log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet

from laborers.models import Laborer
from laborers.selectors import with_current_job, with_services_this_year
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone
from xiushan_jobs.lib.xlsx import write_xlsx

_COLUMNS: list[tuple[str, int]] = [
    ("序号", 6),
    ("乡镇（街道）", 12),
    ("村（社区）", 12),
    ("户编号", 18),
    ("姓名", 10),
    ("与户主关系", 10),
    ("性别", 6),
    ("年龄", 6),
    ("身份证号码", 21),
    ("联系电话", 14),
    ("文化程度", 12),
    ("劳动能力", 16),
    ("贫困高校毕业生", 8),
    ("就业准备中", 8),
    ("易地扶贫搬迁户", 8),
    ("残疾人", 8),
    ("就业意愿", 12),
    ("培训需求", 12),
    ("创业意愿", 8),
    ("就业状态", 14),
    ("就业单位", 20),
    ("务工地点", 14),
    ("务工省份", 10),
    ("就业开始日期", 12),
    ("本年服务次数", 8),
    ("最近调查更新日期", 12),
    ("原务工地点", 14),
    ("原务工企业", 18),
    ("外出时间", 12),
    ("备注", 24),
]
_FULL_ONLY = ("出生日期", 12)


def ledger_queryset(queryset: QuerySet, day: datetime.date) -> QuerySet:
    return (
        with_services_this_year(with_current_job(queryset), day)
        .select_related("household__village__township")
        .order_by(
            "household__village__township__sort_order",
            "household__village__name",
            "household__number",
            "pk",
        )
    )


def _rows(queryset: QuerySet, day: datetime.date, full: bool) -> Iterator[list]:
    for number, laborer in enumerate(ledger_queryset(queryset, day).iterator(2000), start=1):
        household = laborer.household
        row = [
            number,
            household.village.township.name,
            household.village.name,
            household.number,
            laborer.name,
            laborer.relationship,
            laborer.get_sex_display(),
            laborer.age_on(day),
            laborer.id_number if full else mask_id_number(laborer.id_number),
            laborer.phone if full else mask_phone(laborer.phone),
            laborer.education,
            laborer.labor_ability,
            laborer.is_college_graduate,
            laborer.in_employment_preparation,
            household.relocated,
            laborer.is_disabled,
            laborer.employment_intention,
            laborer.training_trade or ("有" if laborer.wants_training else ""),
            laborer.wants_entrepreneurship,
            laborer.current_kind or "未就业",
            laborer.current_employer or "",
            laborer.current_place or "",
            laborer.current_province or "",
            laborer.current_start,
            laborer.services_this_year,
            laborer.last_surveyed_on,
            laborer.prior_work_place,
            laborer.prior_employer,
            laborer.departure_date,
            laborer.note,
        ]
        if full:
            row.insert(8, laborer.birth_date)
        yield row


def ledger_xlsx(
    queryset: QuerySet[Laborer], *, day: datetime.date, full: bool, area: str, notes: list[str]
) -> bytes:
    columns = list(_COLUMNS)
    if full:
        columns.insert(8, _FULL_ONLY)
    return write_xlsx(
        sheet_title="贫困劳动力台账",
        title=f"秀山县贫困劳动力台账（{area}）",
        notes=notes,
        headers=[name for name, _ in columns],
        widths=[width for _, width in columns],
        rows=_rows(queryset, day, full),
    )
