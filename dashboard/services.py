"""Recording what the metrics measured on a date (指标快照)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from dashboard.metrics import Measure
from dashboard.models import MetricSnapshot
from dashboard.progress import assess
from dashboard.selectors import count_targets, measure_targets, plan_targets
from laborers.models import Township
from xiushan_jobs.lib.clock import quarter_end
from xiushan_jobs.lib.roles import Role


class CountyWide:
    """The whole county, for commands that run without a signed-in user: scoped querysets
    treat it as the county bureau (``xiushan_jobs.lib.scope.role_of``)."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    role = Role.COUNTY
    township_id = None
    village_id = None
    pk = None

    def __str__(self) -> str:
        return "全县"


@dataclass
class SnapshotResult:
    day: datetime.date
    targets: int = 0
    rows: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)
    #: earlier quarter ends recorded from the records' dates
    reconstructed: list[datetime.date] = field(default_factory=list)


@transaction.atomic
def snapshot_take(*, day: datetime.date) -> SnapshotResult:
    """Record every active target of ``day``'s plan year as measured now, county-wide and
    for each township (targets that break down by township). Taking the snapshot of a date
    again replaces that date's rows: one snapshot per date.

    Earlier quarter ends of the year without a snapshot (quarters before snapshots began)
    are recorded too, once, as of that day from the records' own dates and marked
    ``reconstructed``: the boards' quarter-end columns then read them instead of counting
    them on every view."""
    user = CountyWide()
    result = SnapshotResult(day)
    targets = plan_targets(user, day.year)
    measures = measure_targets(targets, user=user, day=day)
    measured = []
    for target in targets:
        if isinstance(measures[target.pk], Measure):
            measured.append(target)
        else:
            result.skipped.append(f"目标{target.number}（{target.title}）：{measures[target.pk]}")
    counted = count_targets(measured, measures, user=user, day=day)
    townships = list(Township.objects.all())
    rows = _rows(measured, counted, day, townships, reconstructed=False)
    result.targets, result.rows = len(measured), len(rows)
    result.replaced, _ = MetricSnapshot.objects.filter(date=day).delete()
    recorded = set(
        MetricSnapshot.objects.filter(date__year=day.year, township=None).values_list(
            "date", flat=True
        )
    )
    for month in (1, 4, 7, 10):
        end = quarter_end(datetime.date(day.year, month, 1))
        if end >= day or end in recorded:
            continue
        then = measure_targets(measured, user=user, day=end)
        then_counted = count_targets(measured, then, user=user, day=end)
        rows += _rows(measured, then_counted, end, townships, reconstructed=True)
        result.reconstructed.append(end)
    MetricSnapshot.objects.bulk_create(rows)
    return result


def _rows(measured, counted, day, townships, *, reconstructed: bool) -> list[MetricSnapshot]:
    rows = []
    for target in measured:
        parts = counted[target.pk]
        areas: list[Township | None] = [None]
        if target.spec.by_township:
            areas += townships
        for area in areas:
            numerator = parts["numerator"].total if area is None else parts["numerator"].of(area.pk)
            denominator = None
            if "denominator" in parts:
                denominator = (
                    parts["denominator"].total if area is None else parts["denominator"].of(area.pk)
                )
            progress = assess(
                figure=target.figure,
                at_most=target.at_most,
                numerator=numerator,
                denominator=denominator,
                period=target.period_on(day),
                day=day,
                part_of_county=area is not None,
            )
            rows.append(
                MetricSnapshot(
                    date=day,
                    target=target,
                    township=area,
                    value=progress.value,
                    numerator=numerator,
                    denominator=denominator,
                    figure=target.figure,
                    status=progress.status,
                    reconstructed=reconstructed,
                )
            )
    return rows
