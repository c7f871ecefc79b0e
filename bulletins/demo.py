"""Demo bulletins: the months of the plan year so far issued, the current month a draft."""

from __future__ import annotations

import datetime
from typing import Any

from django.test.utils import override_settings

from accounts.services import user_upsert
from bulletins.models import Bulletin
from bulletins.services import bulletin_create, bulletin_issue
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role

PROBLEMS = (
    "一是部分乡镇（街道）有就业意愿的贫困劳动力尚未全部实现就业，进度滞后；\n"
    "二是个别村劳动力信息未按季度更新；\n"
    "三是部分整改任务逾期未销号。\n"
    "请相关乡镇（街道）对照排名查找差距，限期整改。"
)
NEXT_STEPS = (
    "一是持续开展岗位信息推送，确保有意愿的贫困劳动力应就业尽就业；\n"
    "二是按季度完成劳动力信息动态更新并同步至市级调查系统；\n"
    "三是加快整改任务销号。"
)
#: issued bulletins: the ends of the last few months before the business date
ISSUED_MONTHS = 3


def seed_bulletins(*, rng: Any, stdout: Any) -> None:
    if Bulletin.objects.exists():
        return
    county, _ = user_upsert(username="county", role=Role.COUNTY, full_name="县就业人才局 张科长")
    day = today()
    first_of_month = day.replace(day=1)
    ends = []
    end = first_of_month - datetime.timedelta(days=1)
    while len(ends) < ISSUED_MONTHS and end.year == day.year:
        ends.append(end)
        end = end.replace(day=1) - datetime.timedelta(days=1)
    for end in reversed(ends):
        bulletin = bulletin_create(by=county, period=Bulletin.Period.MONTH, day=end)
        bulletin.problems, bulletin.next_steps = PROBLEMS, NEXT_STEPS
        bulletin.save()
        with override_settings(XJ_TODAY=end + datetime.timedelta(days=3)):
            bulletin_issue(bulletin=bulletin, by=county)
    bulletin_create(by=county, period=Bulletin.Period.MONTH, day=day)
