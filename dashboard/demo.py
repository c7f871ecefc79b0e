"""Demo data: the snapshot of the demo's business date, so the cards and the quarter-end
table show what a daily ``snapshot_metrics`` records. Earlier dates are not invented: the
trend grows as the command runs day by day."""

from __future__ import annotations

from dashboard.services import snapshot_take
from xiushan_jobs.lib.clock import today


def seed_snapshots(*, rng, stdout) -> None:
    result = snapshot_take(day=today())
    stdout.write(
        f"目标看板：{today():%Y-%m-%d} 指标快照 {result.rows} 条（{result.targets} 项目标）"
    )
    for line in result.skipped:
        stdout.write(f"  未记录：{line}")
