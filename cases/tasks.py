"""Warning cases' periodic work, as a task of Django's task framework."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from cases.services import cases_sync


@task()
def sync_cases_daily() -> int:
    """At the start of each day: rules that depend on the date (not surveyed this quarter,
    a new year's training gap) open and clear cases without any write. Returns the number
    of cases changed."""
    with transaction.atomic():
        return cases_sync(everything=True, event="每日按规则核对").changed
