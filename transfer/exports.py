"""The recruitment-event ledger as an xlsx workbook."""

from __future__ import annotations

from django.http import HttpResponse
from openpyxl import Workbook

from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.xlsx import workbook_response, write_table

HEADERS = [
    "序号",
    "日期",
    "名称",
    "类型",
    "举办乡镇（街道）",
    "地点",
    "主办单位",
    "协作项目",
    "参会人数",
    "其中贫困劳动力",
    "提供岗位",
    "面向贫困高校毕业生岗位",
    "录用人数",
]
WIDTHS = [6, 12, 30, 10, 14, 20, 20, 16, 10, 14, 10, 20, 10]


def events_workbook_response(events) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "招聘活动台账"
    rows = (
        [
            index,
            event.date,
            event.title,
            event.get_kind_display(),
            event.township.name if event.township else "县级",
            event.place,
            event.organizer,
            event.program.name if event.program else "",
            event.attendees,
            event.poor_attendees,
            event.positions,
            event.graduate_positions,
            event.hire_count,
        ]
        for index, event in enumerate(events, start=1)
    )
    write_table(sheet, HEADERS, rows, widths=WIDTHS)
    return workbook_response(book, f"招聘活动台账-{today():%Y%m%d}.xlsx")
