"""Real survey files for the import tests: xlsx (title row, merged two-row header), xls
(xlwt), csv in GBK/UTF-8, and a few broken ones."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from xiushan_jobs.testing import household_number

HEADER = [
    "乡镇（街道）",
    "村（社区）",
    "户编号",
    "姓名",
    "身份证号码",
    "与户主关系",
    "联系电话",
    "劳动能力",
    "脱贫状态",
    "脱贫年度",
    "就业意愿",
    "培训需求",
    "外出时间",
]


DEFAULT_HOUSEHOLD = household_number(1)


def row(
    township="中和街道",
    village="凤鸣村",
    household=DEFAULT_HOUSEHOLD,
    name="张三",
    id_number="",
    relation="户主",
    phone="13800138000",
    ability="普通劳动力",
    status="未脱贫",
    year="",
    intention="县内就业",
    training="否",
    departure="",
):
    return [
        township,
        village,
        household,
        name,
        id_number,
        relation,
        phone,
        ability,
        status,
        year,
        intention,
        training,
        departure,
    ]


def xlsx_bytes(rows: Sequence[Sequence], *, header=HEADER, title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def two_row_header_xlsx(rows: Sequence[Sequence]) -> bytes:
    """A title row, then a two-row header: single headers merged down over both rows, and
    a merged group cell 就业情况 over 就业状态 / 务工地点 / 外出务工时间."""
    book = openpyxl.Workbook()
    sheet = book.active
    singles = ["序号", "乡 镇", "所在村(社区)", "户号", "姓  名", "公民身份\n号码", "联系\n电话"]
    group = ["就业状态", "务工地点", "外出务工时间"]
    width = len(singles) + len(group)
    sheet.append(["秀山县2020年贫困劳动力就业情况调查表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([*singles, "就业情况", None, None])
    sheet.append([None] * len(singles) + group)
    for col in range(1, len(singles) + 1):
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.merge_cells(start_row=2, start_column=len(singles) + 1, end_row=2, end_column=width)
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls_bytes(rows: Sequence[Sequence], *, header=HEADER) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("调查表")
    for c, value in enumerate(header):
        sheet.write(0, c, value)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Sequence[Sequence], *, header=HEADER, encoding="gbk") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
