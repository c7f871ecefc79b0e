"""Reads of rectification tasks, annotated once in SQL, never a query per row.

Tasks are county-wide records (no township or village): every role reads them, only the
county bureau changes them (``ScopedQuerySet`` with no area lookups).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from xiushan_jobs.lib.clock import quarter_start, today
from xiushan_jobs.lib.scope import ScopedQuerySet


def previous_quarter_start(day: datetime.date) -> datetime.date:
    start = quarter_start(day)
    return quarter_start(start - datetime.timedelta(days=1))


class TaskQuerySet(ScopedQuerySet):
    # County-wide: township_lookup and village_lookup stay None.

    def with_progress(self) -> TaskQuerySet:
        """``report_count``, ``evidence_count`` and ``last_report_date`` per task, as
        correlated subqueries (joins would multiply reports by their files)."""
        from rectification.models import Evidence, ProgressReport

        reports = ProgressReport.objects.filter(task=OuterRef("pk")).order_by().values("task")
        evidence = Evidence.objects.filter(report__task=OuterRef("pk")).order_by()
        return self.annotate(
            report_count=Coalesce(
                Subquery(reports.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            last_report_date=Subquery(reports.annotate(last=Max("date")).values("last")),
            evidence_count=Coalesce(
                Subquery(
                    evidence.values("report__task").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )

    def open(self) -> TaskQuerySet:
        from rectification.models import Status

        return self.exclude(status=Status.CLOSED)

    def overdue(self, on: datetime.date | None = None) -> TaskQuerySet:
        """Deadline passed and not closed (销号). A task waiting for close-out approval
        past its deadline is still overdue: it is not closed."""
        return self.open().filter(deadline__lt=on or today())

    def quarterly_report_missing(self, on: datetime.date | None = None) -> TaskQuerySet:
        """Closed ongoing tasks (“并长期坚持”) whose quarterly report is overdue.

        After close-out an ongoing task owes a progress report every quarter: the next one
        is due by the end of the quarter after the last report (or the close-out). It is
        missing when that quarter has ended, i.e. when neither the close-out nor any report
        falls on or after the start of the previous quarter.
        """
        from rectification.models import ProgressReport, Status

        since = previous_quarter_start(on or today())
        recent = ProgressReport.objects.filter(task=OuterRef("pk"), date__gte=since)
        return self.filter(is_ongoing=True, status=Status.CLOSED, closed_on__lt=since).exclude(
            Exists(recent)
        )


class _FollowsTaskQuerySet(ScopedQuerySet):
    """Rows that belong to a task are seen and changed by whoever sees and changes the task."""

    task_lookup = "task"

    def _tasks(self):
        from rectification.models import Task

        return Task.objects.all()

    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self.filter(**{f"{self.task_lookup}__in": self._tasks().visible_to(user)})

    def editable_by(self, user: Any) -> ScopedQuerySet:
        return self.filter(**{f"{self.task_lookup}__in": self._tasks().editable_by(user)})


class ReportQuerySet(_FollowsTaskQuerySet):
    pass


class EvidenceQuerySet(_FollowsTaskQuerySet):
    task_lookup = "report__task"


class TransitionQuerySet(_FollowsTaskQuerySet):
    pass
