"""The dashboard's periodic work, as tasks of Django's task framework."""

from __future__ import annotations

from django_tasks import task

from dashboard.services import snapshot_take
from xiushan_jobs.lib.clock import today


@task()
def take_daily_snapshot() -> int:
    """Late each day: the targets' values as of today, for the trend and the quarter-end
    columns (``manage.py snapshot_metrics`` does the same by hand). Returns rows kept."""
    return snapshot_take(day=today()).rows
