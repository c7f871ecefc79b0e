"""The business date.

Everything that asks "is this overdue?", "was this updated this quarter?" reads the date
here, so tests can fix it and a demo or training installation can pin it (``XJ_TODAY``)
to a day inside the plan year without touching the system clock.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    pinned = getattr(settings, "XJ_TODAY", None)
    return pinned or timezone.localdate()


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: datetime.date) -> datetime.date:
    start = quarter_start(day)
    if start.month == 10:
        return datetime.date(start.year, 12, 31)
    return datetime.date(start.year, start.month + 3, 1) - datetime.timedelta(days=1)


def quarter_label(day: datetime.date) -> str:
    return f"{day.year}年第{(day.month - 1) // 3 + 1}季度"
