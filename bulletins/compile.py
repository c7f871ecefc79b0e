"""A bulletin's figures: the dashboard's board for the whole county as of the period's
end, the townships ranked on the board's township table, warnings, data quality and the
rectification tasks overdue on that day. Plain JSON, so an issued bulletin keeps them.

Marks (红黄绿): green where a township has met the target or keeps to the time-elapsed pace
(进度正常), amber where it is behind that pace, red where the deadline has passed unmet.
A township's score is the mean of its completion ratios (value ÷ figure, at most 1) over
the table's targets it has subjects for; townships rank by score, highest first.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from dashboard.progress import Status
from dashboard.selectors import board
from laborers.quality import CHECKS, quality_counts
from rectification.selectors import overdue_tasks

MARKS = {
    Status.MET: "green",
    Status.ON_TRACK: "green",
    Status.BEHIND: "amber",
    Status.OVERDUE: "red",
}
MARK_LABELS = {"green": "绿", "amber": "黄", "red": "红", "": "—"}


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if value != value.to_integral() else f"{value:.0f}"


def _target(card) -> dict[str, Any]:
    target = card.target
    out = {
        "number": target.number,
        "title": target.title,
        "unit": target.unit,
        "figure": _number(target.figure),
        "deadline": target.deadline.isoformat(),
        "value": "",
        "numerator": None,
        "denominator": None,
        "status": "",
        "status_label": card.unavailable or "",
        "mark": "",
    }
    if card.reading is not None:
        progress = card.reading.progress
        out.update(
            value=_number(progress.value),
            numerator=card.reading.numerator.value,
            denominator=card.reading.denominator.value if card.reading.denominator else None,
            status=progress.status.value,
            status_label=progress.status.label,
            mark=MARKS.get(progress.status, ""),
        )
    return out


def _ranking(county_board) -> dict[str, Any]:
    rows = []
    for row in county_board.rows:
        cells, ratios = [], []
        for reading in row.readings:
            if reading is None:
                cells.append({"value": "", "mark": ""})
                continue
            progress = reading.progress
            cells.append({"value": _number(progress.value), "mark": MARKS.get(progress.status, "")})
            if progress.ratio is not None:
                ratios.append(min(progress.ratio, 1.0))
        score = round(100 * sum(ratios) / len(ratios), 1) if ratios else None
        rows.append(
            {
                "township_id": row.area.pk,
                "township": row.area.name,
                "score": score,
                "cells": cells,
                "reds": sum(1 for c in cells if c["mark"] == "red"),
            }
        )
    ordered = sorted(
        enumerate(rows),
        key=lambda pair: (pair[1]["score"] is None, -(pair[1]["score"] or 0), pair[0]),
    )
    for rank, (_, row) in enumerate(ordered, start=1):
        row["rank"] = rank
    return {
        "targets": [
            {"number": t.number, "title": t.title, "unit": t.unit}
            for t in county_board.table_targets
        ],
        "rows": [row for _, row in ordered],
    }


def compile_figures(*, user: Any, as_of: datetime.date) -> dict[str, Any]:
    """Everything a bulletin reports, for ``user``'s whole area (the county bureau's)."""
    county_board = board(user, day=as_of)
    quality = quality_counts(user, as_of)
    overdue = overdue_tasks(user, on=as_of)
    return {
        "as_of": as_of.isoformat(),
        "targets": [_target(card) for card in county_board.cards],
        "status_counts": [
            {"label": status.label, "count": count} for status, count in county_board.status_counts
        ],
        "ranking": _ranking(county_board),
        "warnings": [
            {"label": line.label, "count": line.count} for line in county_board.warnings or []
        ],
        "quality": [{"label": check.label, "count": quality.get(check.key, 0)} for check in CHECKS],
        "overdue_tasks": [
            {
                "number": task.measure_number,
                "measure": task.measure[:80],
                "deadline": task.deadline.isoformat(),
                "lead_unit": task.lead_unit,
            }
            for task in overdue
        ],
    }


def changes(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """What moved since the previous bulletin: each target's value, each township's rank."""
    if not previous:
        return {}
    before = {t["number"]: t for t in previous.get("targets", [])}
    targets = []
    for target in current["targets"]:
        old = before.get(target["number"])
        if old is None or old["value"] == target["value"]:
            continue
        delta = ""
        try:
            delta = _number(Decimal(target["value"]) - Decimal(old["value"]))
            delta = delta if delta.startswith("-") else f"+{delta}"
        except (ArithmeticError, ValueError):
            pass
        targets.append(
            {
                "number": target["number"],
                "title": target["title"],
                "unit": target["unit"],
                "before": old["value"],
                "now": target["value"],
                "delta": delta,
            }
        )
    ranks = {r["township_id"]: r["rank"] for r in previous.get("ranking", {}).get("rows", [])}
    townships = []
    for row in current["ranking"]["rows"]:
        old = ranks.get(row["township_id"])
        if old is not None and old != row["rank"]:
            townships.append(
                {
                    "township": row["township"],
                    "before": old,
                    "now": row["rank"],
                    "up": old > row["rank"],
                }
            )
    return {"targets": targets, "townships": townships}
