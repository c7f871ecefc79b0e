"""Excel ledgers (台账) of workshops and posts, as townships keep them: the sites with their
capacity, headcount and funding, and the poor laborers placed there now (ID numbers
masked). Built from querysets the view has already scoped and filtered; a constant number
of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from laborers.choices import Sex
from workshops.choices import FundingSource
from workshops.models import PostPlacement, WorkshopFunding, WorkshopPlacement
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone
from xiushan_jobs.lib.text import mask_name
from xiushan_jobs.lib.xlsx import inert_row, put

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
CENTERED = Alignment(horizontal="center", vertical="center", wrap_text=True)
SEXES = dict(Sex.choices)


def _sheet(
    book: Workbook,
    name: str,
    title: str,
    subtitle: str,
    headers: Sequence[tuple[str, int]],
    rows: Iterable[Sequence],
    *,
    totals: Sequence | None = None,
    footer: Sequence[Sequence] = (),
) -> None:
    """A titled table in a write-only sheet (streamed: thousands of rows stay fast): title
    row, subtitle row, header row, rows, an optional bold 合计 row, and footer rows."""
    sheet = book.create_sheet(name)
    for col, (_, col_width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = col_width
    sheet.freeze_panes = "A4"

    def cell(value, font=None, fill=None, alignment=None):
        out = put(WriteOnlyCell(sheet), value)
        if font:
            out.font = font
        if fill:
            out.fill = fill
        if alignment:
            out.alignment = alignment
        if isinstance(value, datetime.date):
            out.number_format = "yyyy-mm-dd"
        return out

    sheet.append([cell(title, TITLE)])
    sheet.append(inert_row(sheet, [subtitle]))
    sheet.append([cell(header, BOLD, HEADER_FILL, CENTERED) for header, _ in headers])
    for row in rows:
        sheet.append(
            inert_row(sheet, [cell(v) if isinstance(v, datetime.date) else v for v in row])
        )
    if totals is not None:
        sheet.append([cell(v, BOLD) for v in totals])
    for row in footer:
        sheet.append(inert_row(sheet, row))


def _placement_rows(placements: QuerySet, site: str, viewer: Any) -> Iterable[list]:
    """Rows of current placements, read as plain values (no model instances). A laborer
    ``viewer`` may not see (placed at the viewer's site from another township) appears
    as a masked name and dates only."""
    laborer = "episode__laborer__"
    village = f"{laborer}household__village__"
    values = placements.with_laborer_access(viewer).values_list(
        f"{site}__village__township__name",
        f"{site}__name",
        f"{laborer}name",
        f"{laborer}sex",
        f"{laborer}id_number",
        f"{village}township__name",
        f"{village}name",
        f"{laborer}labor_ability",
        "episode__start_date",
        "episode__monthly_income",
        "laborer_visible",
    )
    for number, row in enumerate(values.iterator(chunk_size=2000), start=1):
        (township, site_name, name, sex, id_number, home_township, home_village, ability,
         start, income, visible) = row  # fmt: skip
        if not visible:
            yield [number, township, site_name, mask_name(name), "", "", "其他乡镇（街道）",
                   "", start, None]  # fmt: skip
            continue
        yield [
            number,
            township,
            site_name,
            name,
            SEXES.get(sex, ""),
            mask_id_number(id_number),
            f"{home_township}{home_village}",
            ability,
            start,
            float(income) if income is not None else None,
        ]


PLACEMENT_HEADERS = [
    ("序号", 6),
    ("乡镇（街道）", 12),
    ("场所", 26),
    ("姓名", 10),
    ("性别", 6),
    ("身份证号码", 22),
    ("户籍所在村（社区）", 20),
    ("劳动能力", 16),
    ("安置开始日期", 13),
    ("月收入（元）", 12),
]


def workshop_ledger(
    workshops: QuerySet,
    *,
    scope_label: str,
    day: datetime.date,
    reveal_phones: bool,
    viewer: Any,
) -> tuple[Workbook, int]:
    """The workbook and the number of workshops in it. ``workshops`` must carry the list
    annotations (``WorkshopQuerySet.for_lists``)."""
    sites = list(workshops)
    ids = workshops.order_by().values("pk")  # a subquery: no parameter per site
    book = Workbook(write_only=True)
    subtitle = f"范围：{scope_label}　导出日期：{day:%Y-%m-%d}"
    rows = []
    for number, w in enumerate(sites, start=1):
        rows.append(
            [
                number,
                w.village.township.name,
                w.village.name + ("（安置点）" if w.village.is_resettlement_site else ""),
                w.name,
                w.operator_kind,
                w.operator_name,
                w.contact_name,
                w.contact_phone if reveal_phones else mask_phone(w.contact_phone),
                w.industry,
                w.products,
                w.established_on,
                w.status,
                w.recognised_on,
                w.jobs_offered,
                w.headcount,
                float(w.agricultural_total),
                w.shandong_count,
            ]
        )
    _sheet(
        book,
        "扶贫车间台账",
        "秀山县就业扶贫车间台账",
        subtitle,
        [
            ("序号", 6),
            ("乡镇（街道）", 12),
            ("村（社区）/安置点", 18),
            ("车间名称", 28),
            ("创建主体类型", 12),
            ("经营主体", 26),
            ("负责人", 10),
            ("负责人手机", 14),
            ("所属产业", 14),
            ("主要产品", 18),
            ("建成日期", 12),
            ("认定状态", 9),
            ("认定日期", 12),
            ("就业岗位（个）", 10),
            ("在岗贫困劳动力（人）", 12),
            ("财政涉农资金（元）", 14),
            ("鲁渝援建（次）", 10),
        ],
        rows,
        totals=[
            "合计",
            "",
            "",
            f"{len(sites)} 个",
            *[""] * 9,
            sum(w.jobs_offered for w in sites),
            sum(w.headcount for w in sites),
            float(sum(w.agricultural_total for w in sites)),
            sum(w.shandong_count for w in sites),
        ],
    )

    fundings = (
        WorkshopFunding.objects.filter(workshop_id__in=ids)
        .select_related("workshop__village__township")
        .order_by("workshop__village__township__sort_order", "workshop__name", "date")
    )
    agricultural = sum((w.agricultural_total for w in sites), start=Decimal(0))
    _sheet(
        book,
        "资金支持",
        "扶贫车间资金支持",
        subtitle,
        [
            ("序号", 6),
            ("乡镇（街道）", 12),
            ("车间名称", 28),
            ("资金来源", 14),
            ("金额（元）", 14),
            ("到位日期", 12),
            ("援建设备", 30),
            ("批复文号", 20),
        ],
        (
            [
                n,
                f.workshop.village.township.name,
                f.workshop.name,
                f.source,
                float(f.amount) if f.amount is not None else None,
                f.date,
                f.equipment,
                f.document_number,
            ]
            for n, f in enumerate(fundings, start=1)
        ),
        footer=[[], [f"{FundingSource.AGRICULTURAL}合计（元）", float(agricultural)]],
    )

    placements = (
        WorkshopPlacement.objects.current()
        .filter(workshop_id__in=ids)
        .order_by(
            "workshop__village__township__sort_order", "workshop__name", "episode__start_date"
        )
    )
    _sheet(
        book,
        "在岗贫困劳动力",
        "扶贫车间在岗贫困劳动力名单",
        subtitle,
        PLACEMENT_HEADERS,
        _placement_rows(placements, "workshop", viewer),
    )
    return book, len(sites)


def post_ledger(
    posts: QuerySet, *, scope_label: str, day: datetime.date, viewer: Any
) -> tuple[Workbook, int]:
    """The workbook and the number of posts in it (``posts`` from ``PostQuerySet.for_lists``)."""
    sites = list(posts)
    ids = posts.order_by().values("pk")
    book = Workbook(write_only=True)
    subtitle = f"范围：{scope_label}　导出日期：{day:%Y-%m-%d}"
    _sheet(
        book,
        "公益性岗位台账",
        "秀山县公益性岗位台账",
        subtitle,
        [
            ("序号", 6),
            ("乡镇（街道）", 12),
            ("村（社区）", 14),
            ("岗位名称", 24),
            ("岗位类型", 10),
            ("开发部门", 9),
            ("岗位数（个）", 9),
            ("在岗（人）", 9),
            ("空缺（个）", 9),
            ("月补贴（元）", 11),
            ("补贴资金来源", 16),
            ("开始日期", 12),
            ("结束日期", 12),
            ("工作内容", 30),
        ],
        (
            [
                n,
                p.village.township.name,
                p.village.name,
                p.name,
                p.kind,
                p.department,
                p.positions,
                p.headcount,
                max(p.positions - p.headcount, 0),
                float(p.monthly_subsidy),
                p.funding_source,
                p.start_date,
                p.end_date or "长期",
                p.duties,
            ]
            for n, p in enumerate(sites, start=1)
        ),
        totals=[
            "合计",
            "",
            "",
            f"{len(sites)} 个",
            "",
            "",
            sum(p.positions for p in sites),
            sum(p.headcount for p in sites),
            sum(max(p.positions - p.headcount, 0) for p in sites),
            "",
            "",
            "",
            "",
            "",
        ],
    )
    placements = (
        PostPlacement.objects.current()
        .filter(post_id__in=ids)
        .order_by("post__village__township__sort_order", "post__name", "episode__start_date")
    )
    _sheet(
        book,
        "在岗人员",
        "公益性岗位在岗人员名单",
        subtitle,
        PLACEMENT_HEADERS,
        _placement_rows(placements, "post", viewer),
    )
    return book, len(sites)
