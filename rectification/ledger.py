"""The rectification ledger (整改台账) as an xlsx workbook, in the layout of the plan's
appendix tables: one sheet per source, a title, then 序号, 问题, 整改措施, 整改时限, 责任领导,
牵头单位, 责任单位, 进展情况, 状态 — wrapped, sized for reading and printing on A4 landscape.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Iterable
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from rectification.models import Task
from xiushan_jobs.lib.text import strip_invisible
from xiushan_jobs.lib.xlsx import put, write_table

COLUMNS = [
    ("序号", 7),
    ("问题", 42),
    ("整改措施", 46),
    ("整改时限", 15),
    ("责任领导", 10),
    ("牵头单位", 14),
    ("责任单位", 20),
    ("进展情况", 46),
    ("状态", 14),
]
HEADER_ROW = 3
_CELL_LIMIT = 32000  # Excel holds 32,767 characters in a cell
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")

_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, vertical="top", horizontal="center")
_OVERDUE_FILL = PatternFill("solid", fgColor="FFE5E3")


def progress_text(task: Task) -> str:
    """Every report, oldest first, with its evidence count; then the next quarterly report
    due for a closed ongoing task. ``task.reports`` should be prefetched with evidence."""
    lines = []
    for report in task.reports.all():
        files = len(report.evidence.all())
        suffix = f"（佐证材料 {files} 份）" if files else ""
        lines.append(f"{report.date:%Y-%m-%d}：{report.text}{suffix}")
    if task.next_report_due:
        lines.append(f"下次季度进展应于 {task.next_report_due:%Y-%m-%d} 前报送。")
    text = "\n".join(lines) or "尚未报送进展。"
    return text if len(text) <= _CELL_LIMIT else text[: _CELL_LIMIT - 1] + "…"


def status_text(task: Task) -> str:
    label = task.get_status_display()
    if task.is_closed and task.closed_on:
        label += f"\n{task.closed_on:%Y-%m-%d} 销号"
    if task.is_overdue:
        label += f"\n逾期 {task.days_overdue} 天"
    if task.quarterly_report_missing:
        label += "\n季度进展未报送"
    return label


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_height(values: list, widths: list[int]) -> float:
    """Points for a row whose wrapped cells show in full: Excel does not grow rows written
    by openpyxl, so the height is estimated (a CJK character is two width units)."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        usable = max(width - 1, 1)
        count = sum(
            max(1, math.ceil(_display_width(line) / usable)) for line in str(value).split("\n")
        )
        lines = max(lines, count)
    return min(409.0, lines * 14.5 + 4)


def _sheet_title(name: str, used: set[str]) -> str:
    title = _SHEET_NAME_UNSAFE.sub("", strip_invisible(name))[:28] or "整改台账"
    candidate, n = title, 2
    while candidate in used:
        candidate, n = f"{title}{n}", n + 1
    used.add(candidate)
    return candidate


def ledger_workbook(tasks: Iterable[Task], *, on: datetime.date, exported_by: str) -> Workbook:
    """The workbook for ``tasks`` (ordered by source, with ``source`` loaded and ``reports``
    and their ``evidence`` prefetched)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for source, rows in groupby(tasks, key=lambda task: task.source):
        sheet = workbook.create_sheet(_sheet_title(source.short_name or source.name, used))
        title = source.document_title or f"{source.name}整改任务"
        _write_sheet(sheet, title, list(rows), on, exported_by)
    if not workbook.worksheets:
        _write_sheet(workbook.create_sheet("整改台账"), "整改任务台账", [], on, exported_by)
    return workbook


def _write_sheet(sheet, title: str, tasks: list[Task], on: datetime.date, exported_by: str):
    last_column = get_column_letter(len(COLUMNS))
    put(sheet["A1"], title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A1:{last_column}1")
    sheet.row_dimensions[1].height = 30
    put(
        sheet["A2"],
        f"截至 {on.year}年{on.month}月{on.day}日 · 共 {len(tasks)} 项 · 导出人：{exported_by}",
    )
    sheet["A2"].alignment = Alignment(horizontal="right")
    sheet.merge_cells(f"A2:{last_column}2")

    rows = [
        [
            task.measure_number,
            task.problem_label,
            task.measure,
            task.deadline_text,
            task.leader,
            task.lead_unit,
            task.responsible_units,
            progress_text(task),
            status_text(task),
        ]
        for task in tasks
    ]
    widths = [width for _, width in COLUMNS]
    # Header row (HEADER_ROW, after the two title rows), widths, frozen panes.
    write_table(sheet, [label for label, _ in COLUMNS], rows, widths=widths)
    sheet.row_dimensions[HEADER_ROW].height = 22
    for cell in sheet[HEADER_ROW]:
        cell.border = _BORDER
    for row_number, (task, values) in enumerate(
        zip(tasks, rows, strict=True), start=HEADER_ROW + 1
    ):
        sheet.row_dimensions[row_number].height = _row_height(values, widths)
        for cell in sheet[row_number]:
            cell.alignment = _CENTER if cell.column in (1, 4, 5, 9) else _WRAP
            cell.border = _BORDER
        if task.is_overdue or task.quarterly_report_missing:
            status = sheet.cell(row=row_number, column=9)
            status.fill = _OVERDUE_FILL
            status.font = Font(color="CF222E", bold=True)
    if not tasks:
        sheet.cell(row=HEADER_ROW + 1, column=1, value="没有符合条件的整改任务。")
        sheet.merge_cells(f"A{HEADER_ROW + 1}:{last_column}{HEADER_ROW + 1}")
    # Where the seed's text was damaged and a value was inferred, the ledger says so below
    # the table, so a printed copy never passes an inference off as the original.
    notes = [task for task in tasks if task.transcription_note]
    row_number = HEADER_ROW + max(len(tasks), 1) + 2
    for task in notes:
        cell = put(
            sheet.cell(row=row_number, column=1),
            f"注：序号 {task.measure_number} 的转录说明：{task.transcription_note}",
        )
        cell.alignment = _WRAP
        cell.font = Font(size=9, color="57606A")
        sheet.merge_cells(f"A{row_number}:{last_column}{row_number}")
        sheet.row_dimensions[row_number].height = 30
        row_number += 1

    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
