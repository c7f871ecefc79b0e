"""Reads other apps may use (the dashboard, the warnings page).

- ``overdue_tasks(user)``: tasks past their deadline and not closed (销号), as a QuerySet
  (with ``source`` loaded and progress annotated), ordered like the ledger.
- ``quarterly_report_missing_tasks(user)``: closed ongoing tasks (“并长期坚持”) whose
  quarterly progress report is overdue.
- ``task_summary(user)``: counts per status plus ``overdue`` and ``quarterly_missing`` in
  one query, each equal to the length of the matching filtered list
  (``task_list_url(...)``).

All take the business date from ``xiushan_jobs.lib.clock.today()`` unless ``on`` is given,
and start from ``Task.objects.visible_to(user)`` (every role reads tasks; anonymous users
and users without a role see none).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode

from rectification.models import ProgressReport, Status, Task
from rectification.querysets import TaskQuerySet, previous_quarter_start
from xiushan_jobs.lib.clock import today


def overdue_tasks(user: Any, *, on: datetime.date | None = None) -> TaskQuerySet:
    return Task.objects.visible_to(user).overdue(on).select_related("source").with_progress()


def quarterly_report_missing_tasks(user: Any, *, on: datetime.date | None = None) -> TaskQuerySet:
    return (
        Task.objects.visible_to(user)
        .quarterly_report_missing(on)
        .select_related("source")
        .with_progress()
    )


def task_summary(user: Any, *, on: datetime.date | None = None) -> dict[str, int]:
    """``total``, one count per ``Status`` value, ``overdue`` and ``quarterly_missing``."""
    day = on or today()
    since = previous_quarter_start(day)
    recent = ProgressReport.objects.filter(task=OuterRef("pk"), date__gte=since)
    counts = {status.value: Count("pk", filter=Q(status=status)) for status in Status}
    return Task.objects.visible_to(user).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=day) & ~Q(status=Status.CLOSED)),
        quarterly_missing=Count(
            "pk",
            filter=Q(is_ongoing=True, status=Status.CLOSED, closed_on__lt=since)
            & ~Q(Exists(recent)),
        ),
        **counts,
    )


def task_list_url(**filters: str) -> str:
    """The task list filtered as given, e.g. ``task_list_url(overdue="1")``."""
    url = reverse("rectification:list")
    return f"{url}?{urlencode(filters)}" if filters else url
