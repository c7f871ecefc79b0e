"""Demo progress on the plan's nine real tasks (the tasks themselves come from the data
migration): reports with small Excel evidence files built from the demo registry, close-out
requests, a sent-back request, approvals, quarterly reports of ongoing tasks — each event
run through the services on its own business date, and only when that date is not after
the demo's business date. With the default demo date (2020-09-30) item 27 stays open and
overdue, and the ongoing items 39 and 57 show their next quarterly report.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone
from openpyxl import Workbook

from accounts.services import user_upsert
from laborers.selectors import area_breakdown
from rectification import services
from rectification.models import ProgressReport, Task, Transition
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role

#: (business date, measure number, action, text or reason, evidence file name or "")
EVENTS: list[tuple[str, int, str, str, str]] = [
    (
        "2020-03-10",
        49,
        "report",
        "摸清全县贫困劳动力就业意向、培训需求和企业复工用工需求，"
        "建立返岗复工服务台账；开展“线上+线下”招聘活动 6 场，包车“点对点”输送返岗 14 车次。",
        "返岗复工服务台账.xlsx",
    ),
    (
        "2020-03-12",
        59,
        "report",
        "通过就业需求服务信息平台发布岗位 3,200 个，组织包车错峰返岗，"
        "各乡镇（街道）逐户核实返岗意向。",
        "返岗复工包车输送统计.xlsx",
    ),
    (
        "2020-03-20",
        50,
        "report",
        "对接合川区、市商务委扶贫集团提供岗位；山东方向返岗专列对接中。",
        "",
    ),
    (
        "2020-03-25",
        60,
        "report",
        "鲁渝劳务协作引导贫困劳动力赴山东返岗就业；扶贫车间复工 12 个。",
        "鲁渝协作返岗就业名单.xlsx",
    ),
    ("2020-03-28", 49, "request", "", ""),
    ("2020-03-30", 59, "request", "", ""),
    ("2020-03-31", 49, "approve", "佐证材料齐全，同意销号。", ""),
    ("2020-04-03", 59, "approve", "", ""),
    ("2020-04-05", 60, "request", "", ""),
    (
        "2020-04-10",
        60,
        "reject",
        "赴山东返岗人数与名单不一致，请补充鲁渝协作转移就业名单后重新申请。",
        "",
    ),
    (
        "2020-04-15",
        50,
        "report",
        "有意愿的贫困劳动力已全部务工就业（含公益性岗位临时安置），"
        "受疫情影响不能返岗的贫困员工原岗位均予保留。",
        "有意愿贫困劳动力务工就业台账.xlsx",
    ),
    (
        "2020-04-20",
        61,
        "report",
        "开发疫情防控临时性公益性岗位，优先安置暂时不能外出务工的贫困劳动力就近就地就业。",
        "公益性岗位安置名册.xlsx",
    ),
    ("2020-04-20", 50, "request", "", ""),
    (
        "2020-04-25",
        60,
        "report",
        "已补充鲁渝协作转移就业名单，与各乡镇（街道）核对一致。",
        "鲁渝协作返岗就业名单（补充）.xlsx",
    ),
    ("2020-04-28", 50, "approve", "", ""),
    ("2020-04-28", 60, "request", "已按退回意见补充材料。", ""),
    ("2020-05-08", 60, "approve", "", ""),
    ("2020-05-10", 27, "report", "开展零就业家庭动态排查，逐户建立就业帮扶台账。", ""),
    (
        "2020-05-15",
        51,
        "report",
        "增加公共事业和公共服务公益性岗位，乡镇（街道）岗位需求已汇总。",
        "",
    ),
    (
        "2020-05-20",
        57,
        "report",
        "印发东西部扶贫协作劳务技能培训差异化补贴标准：东西部扶贫协作资金"
        "只用于贫困学员补贴，非贫困学员按就业专项资金标准执行。",
        "培训补贴差异化发放明细.xlsx",
    ),
    ("2020-05-25", 61, "request", "", ""),
    ("2020-05-29", 61, "approve", "", ""),
    (
        "2020-06-05",
        51,
        "report",
        "公益性岗位安置因疫情暂时不能外出务工的贫困劳动力，名册已核实。",
        "公益性岗位安置名册（6月）.xlsx",
    ),
    ("2020-06-08", 51, "request", "", ""),
    (
        "2020-06-10",
        39,
        "report",
        "易地扶贫搬迁户零就业家庭动态清零；安置点开展职业技能培训 3 期，"
        "结合搬迁户意愿组织劳务输出。",
        "易地扶贫搬迁户就业台账.xlsx",
    ),
    ("2020-06-12", 51, "approve", "", ""),
    ("2020-06-22", 57, "request", "", ""),
    ("2020-06-25", 39, "request", "", ""),
    ("2020-06-28", 57, "approve", "长期坚持：每季度报送补贴发放情况。", ""),
    ("2020-06-29", 39, "approve", "长期坚持：每季度报送搬迁户就业情况。", ""),
    ("2020-07-20", 27, "report", "对新识别的 5 户零就业家庭推荐岗位，待核实就业。", ""),
    (
        "2020-09-10",
        57,
        "report",
        "第三季度培训补贴按差异化标准发放，未使用东西部扶贫协作资金补助非贫困学员。",
        "第三季度培训补贴发放明细.xlsx",
    ),
]


def _evidence_workbook(title: str, user: Any) -> bytes:
    """A small ledger from the demo registry: laborers and employed per township."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append([title])
    sheet.append(["乡镇（街道）", "贫困劳动力", "当前就业"])
    for row in area_breakdown(user)["rows"]:
        sheet.append([row["area"].name, row["laborers"], row["employed"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _backdate(since_ids: dict[str, int], day: datetime.date) -> None:
    """Give the rows an event created the wall-clock time of its business date."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    ProgressReport.objects.filter(pk__gt=since_ids["report"]).update(created_at=moment)
    Transition.objects.filter(pk__gt=since_ids["transition"]).update(at=moment)


def _last_ids() -> dict[str, int]:
    return {
        "report": ProgressReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "transition": Transition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }


def seed_rectification(*, rng: Any, stdout: Any) -> None:
    if ProgressReport.objects.exists():
        return
    tasks = {task.measure_number: task for task in Task.objects.all()}
    clerk, _ = user_upsert(
        username="demo_jiuyeke", role=Role.COUNTY, full_name="县就业人才局就业科 刘干事"
    )
    chief, _ = user_upsert(username="county", role=Role.COUNTY, full_name="县就业人才局 张科长")
    actions: dict[str, Callable[..., Any]] = {
        "request": services.closeout_request,
        "approve": services.closeout_approve,
        "reject": services.closeout_reject,
    }
    end, applied = today(), 0
    for day_text, number, action, text, file_name in EVENTS:
        day = datetime.date.fromisoformat(day_text)
        task = tasks.get(number)
        if day > end or task is None:
            continue
        before = _last_ids()
        with override_settings(XJ_TODAY=day):
            if action == "report":
                files = []
                if file_name:
                    content = _evidence_workbook(file_name.rsplit(".", 1)[0], chief)
                    files.append(SimpleUploadedFile(file_name, content))
                services.report_add(task=task, by=clerk, date=day, text=text, files=files)
            else:
                by = clerk if action == "request" else chief
                actions[action](task=task, by=by, reason=text)
        _backdate(before, day)
        applied += 1
    stdout.write(f"整改任务演示进展：{applied} 条（截至 {end:%Y-%m-%d}）")
