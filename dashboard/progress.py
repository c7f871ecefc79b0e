"""How far a target is: its current value against the figure and the deadline.

- **已完成 (met)**: the value reaches the figure (at least) or stays within it (at most,
  e.g. zero-employment households at 0). A rate is met when numerator × 100 ≥ figure ×
  denominator, exactly (no rounding of the percentage decides it).
- **逾期未完成 (overdue)**: not met and the deadline has passed.
- **进度正常 (on track)**: not met, the deadline ahead, and the value is at least the
  share of the figure the time elapsed asks for (序时进度: "时间过半、任务过半") — from
  1 January of the plan year (or the current quarter's first day for a quarterly target
  past its first deadline) to the deadline, counted in days.
- **进度滞后 (behind)**: not met, the deadline ahead, below that share. An "at most" target
  not yet at its figure is behind until its deadline (there is no share of "zero" to be at).
- **无统计对象**: a rate with nothing to be a share of (no relocated laborers in a
  township, say): neither met nor missed.
- **计入全县**: a count the plan sets for the whole county (120 people to the electronics
  firms) read for one township or village: its contribution, not judged against the
  county's figure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models


class Status(models.TextChoices):
    MET = "met", "已完成"
    ON_TRACK = "on_track", "进度正常"
    BEHIND = "behind", "进度滞后"
    OVERDUE = "overdue", "逾期未完成"
    NO_SUBJECT = "none", "无统计对象"
    CONTRIBUTION = "share", "计入全县"


#: badge / progress-bar colour of each status (classes in app.css)
STATUS_TONE = {
    Status.MET: "ok",
    Status.ON_TRACK: "info",
    Status.BEHIND: "warn",
    Status.OVERDUE: "danger",
    Status.NO_SUBJECT: "",
    Status.CONTRIBUTION: "",
}

ONE_DECIMAL = Decimal("0.1")


def percentage(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100 * numerator) / Decimal(denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Progress:
    #: the target's measure now: a count, or a percentage (one decimal) for a rate
    value: Decimal | None
    #: value / figure (1.0 = the figure reached); None when undefined
    ratio: float | None
    #: the share of the period elapsed on the day (0–1)
    expected: float
    status: Status
    period_start: datetime.date
    period_end: datetime.date

    @property
    def bar_pct(self) -> int:
        """Width of the progress bar, 0–100."""
        if self.ratio is None:
            return 0
        return max(0, min(100, round(self.ratio * 100)))

    @property
    def expected_pct(self) -> int:
        return round(self.expected * 100)

    @property
    def tone(self) -> str:
        return STATUS_TONE[self.status]


def elapsed_share(day: datetime.date, start: datetime.date, end: datetime.date) -> float:
    if end <= start:
        return 1.0
    return max(0.0, min(1.0, (day - start).days / (end - start).days))


def assess(
    *,
    figure: Decimal,
    at_most: bool,
    numerator: int,
    denominator: int | None,
    period: tuple[datetime.date, datetime.date],
    day: datetime.date,
    part_of_county: bool = False,
) -> Progress:
    """The status of a target whose metric counted ``numerator`` (over ``denominator`` for
    a rate) on ``day``, judged over ``period`` (start, deadline). ``part_of_county``: the
    numbers are one area's of a county-wide count, which its figure does not apply to."""
    start, end = period
    expected = elapsed_share(day, start, end)
    figure = Decimal(figure)
    if part_of_county and denominator is None and not at_most:
        return Progress(Decimal(numerator), None, expected, Status.CONTRIBUTION, start, end)
    if denominator is not None:  # a rate, figure in percent
        if denominator == 0:
            return Progress(None, None, expected, Status.NO_SUBJECT, start, end)
        value = percentage(numerator, denominator)
        scaled, wanted = Decimal(100 * numerator), figure * denominator
    else:
        value = Decimal(numerator)
        scaled, wanted = value, figure
    met = scaled <= wanted if at_most else scaled >= wanted
    # A figure of 0 to reach is reached by anything; one to stay within is all or nothing.
    ratio = float(scaled / wanted) if figure > 0 else float(met)
    if met:
        status = Status.MET
    elif day > end:
        status = Status.OVERDUE
    elif at_most or ratio < expected:
        status = Status.BEHIND
    else:
        status = Status.ON_TRACK
    if at_most:
        ratio = 1.0 if met else 0.0
    return Progress(value, ratio, expected, status, start, end)
