"""The charts' data, handed to the page with ``json_script`` and drawn by the vendored
Chart.js (static/vendor/chartjs). Every figure in a chart is also on the page as a linked
number or in a table, so the page says everything with JavaScript off."""

from __future__ import annotations

from typing import Any

from dashboard.progress import Status
from dashboard.selectors import Board

#: colours of the statuses (the stylesheet's --ok, --primary, --warn, --danger)
STATUS_COLOUR = {
    Status.MET: "#1a7f37",
    Status.ON_TRACK: "#0b5cad",
    Status.BEHIND: "#9a6700",
    Status.OVERDUE: "#cf222e",
    Status.NO_SUBJECT: "#8c959f",
}


def chart_data(board: Board) -> dict[str, Any]:
    progress = []
    for card in board.cards:
        if card.reading is None or card.target.at_most or card.reading.progress.ratio is None:
            continue
        ratio = card.reading.progress.ratio
        progress.append(
            {
                "label": _lines(f"{card.target.number}. {card.target.title}"),
                "title": f"{card.target.number}. {card.target.title}",
                "value": None if ratio is None else round(min(ratio, 1.5) * 100, 1),
                "expected": card.reading.progress.expected_pct,
                "colour": STATUS_COLOUR[card.reading.progress.status],
                "status": card.reading.progress.status.label,
            }
        )
    rates = [(i, t) for i, t in enumerate(board.table_targets) if t.is_rate]
    areas = {
        "labels": [row.area.name for row in board.rows],
        "series": [
            {
                "key": str(target.pk),
                "label": f"{target.number}. {target.title}",
                "data": [_value(row.readings[i]) for row in board.rows],
                "colours": [_colour(row.readings[i]) for row in board.rows],
                "figure": float(target.figure),
            }
            for i, target in rates
        ],
    }
    trend_series = []
    dates: list[str] = sorted(
        {
            f"{day:%Y-%m-%d}"
            for card in board.cards
            if card.trend and card.target.is_rate
            for day, _ in card.trend.points
        }
    )
    for card in board.cards:
        if not card.trend or not card.target.is_rate or len(card.trend.points) < 2:
            continue
        values = {f"{day:%Y-%m-%d}": value for day, value in card.trend.points}
        trend_series.append(
            {
                "label": f"{card.target.number}. {card.target.title}",
                "data": [values.get(day) for day in dates],
            }
        )
    return {
        "progress": progress,
        "areas": areas,
        "trend": {"dates": dates, "series": trend_series},
    }


def _lines(label: str, width: int = 9) -> list[str]:
    """A long label as short lines: the chart's axis has little room."""
    return [label[i : i + width] for i in range(0, len(label), width)]


def _colour(reading) -> str:
    if reading is None:
        return STATUS_COLOUR[Status.NO_SUBJECT]
    return STATUS_COLOUR[reading.progress.status]


def _value(reading) -> float | None:
    if reading is None or reading.progress.value is None:
        return None
    return float(reading.progress.value)
