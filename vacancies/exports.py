"""The 岗位推送台账: one row per laborer told about a vacancy, with the answer."""

from __future__ import annotations

from django.http import HttpResponse

from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.xlsx import write_xlsx, xlsx_response

HEADERS = [
    "序号",
    "推送日期",
    "推送方式",
    "用人单位",
    "岗位",
    "工作地点",
    "协作项目",
    "乡镇（街道）",
    "村（社区）",
    "姓名",
    "身份证号码",
    "匹配分",
    "匹配理由",
    "答复",
    "答复日期",
    "远程面试",
    "不愿意的原因",
    "上岗日期",
]
WIDTHS = [6, 12, 10, 24, 16, 20, 16, 12, 12, 10, 20, 8, 40, 8, 12, 8, 16, 12]


def ledger_response(recipients) -> tuple[HttpResponse, int]:
    """The ledger of ``recipients`` (ID numbers masked: the ledger is for counting and
    following up, not for identifying) and its row count. One query."""
    rows = list(
        recipients.select_related(
            "push",
            "vacancy__employer",
            "vacancy__work_township",
            "vacancy__program",
            "laborer__household__village__township",
            "episode",
        ).order_by("push__date", "push_id", "pk")
    )
    funnel = {"pushed": len(rows)}
    body = (
        [
            index,
            r.push.date,
            r.push.get_channel_display(),
            r.vacancy.employer.name,
            r.vacancy.title,
            r.vacancy.place_label(),
            r.vacancy.program.name if r.vacancy.program else "",
            r.laborer.household.village.township.name,
            r.laborer.household.village.name,
            r.laborer.name,
            mask_id_number(r.laborer.id_number),
            r.score,
            r.reasons,
            r.get_answer_display(),
            r.answered_on,
            r.remote_interview,
            r.decline_reason,
            r.episode.start_date if r.episode else None,
        ]
        for index, r in enumerate(rows, start=1)
    )
    content = write_xlsx(
        sheet_title="岗位推送台账",
        title="岗位信息推送台账",
        headers=HEADERS,
        rows=body,
        widths=WIDTHS,
        notes=[f"导出日期：{today():%Y-%m-%d}；共 {funnel['pushed']} 人次。身份证号码已脱敏。"],
    )
    return xlsx_response(content, f"岗位推送台账-{today():%Y%m%d}.xlsx"), len(rows)
