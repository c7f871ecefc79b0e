"""The rectification lines of the warnings page (预警): overdue tasks and missing quarterly
reports. Shown to the county bureau and leaders, who own and oversee the tasks; each count
links to the task list filtered to exactly the tasks it counts."""

from __future__ import annotations

from typing import Any

from rectification.selectors import task_list_url, task_summary
from xiushan_jobs.lib.extensions import Warning
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def rectification_warnings(user: Any) -> list[Warning]:
    if role_of(user) not in (Role.COUNTY, Role.LEADER):
        return []
    summary = task_summary(user)
    return [
        Warning(
            key="rectification_overdue",
            label="整改任务逾期未销号",
            count=summary["overdue"],
            url=task_list_url(overdue="1"),
            help="整改时限已过、尚未销号的整改任务。",
            severity="danger",
        ),
        Warning(
            key="rectification_quarterly_report",
            label="长期坚持整改任务季度进展未报送",
            count=summary["quarterly_missing"],
            url=task_list_url(quarterly="missing"),
            help="已销号但须长期坚持的任务，上一季度没有报送进展。",
        ),
    ]
