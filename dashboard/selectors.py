"""The dashboards' contents: every target's current value, its breakdown by area, the links
behind every number, the trend from snapshots, warnings and overdue rectification tasks.

``board(user, day=…, township=…)`` builds a county board (``township`` None: the user's
whole area, broken down by township) or a township board (broken down by village). The
metrics of every target are counted in one query (``dashboard.counting``); the rest is a
handful more, whatever the data size.

``day`` is the business date or a past date (``?as_of=``): every metric is then taken
from the records' own dates (``dashboard.metrics``), and every number links to the
drill-down list of the same date, so the two still agree. A target judged on its deadline
(``Target.judged_on_deadline``) is read as of the deadline once it has passed, with the
current position beside it. Quarter-end columns show the snapshot of that day, or, for
quarters before snapshots began, the figures computed as of that day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode

from dashboard.cache import remember
from dashboard.counting import TOWNSHIP, VILLAGE, Counted, count_parts
from dashboard.metrics import Measure, Metric, Part, as_of, laborer_base
from dashboard.models import MetricSnapshot, Target
from dashboard.progress import Progress, Status, assess
from laborers.models import Township, Village
from xiushan_jobs.lib.clock import quarter_end
from xiushan_jobs.lib.extensions import Warning, warning_providers
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

#: days of snapshots behind a card's trend line
TREND_DAYS = 92


@dataclass(frozen=True)
class Link:
    """A number on the page and the list it came from (whose count equals it)."""

    value: int
    url: str
    label: str = ""


@dataclass(frozen=True)
class Reading:
    """A target measured over one area: its numbers, links and progress."""

    numerator: Link
    denominator: Link | None
    progress: Progress
    #: the numbers shown beside the target's own (``Measure.extras``), with their units
    extras: tuple[tuple[Link, str], ...] = ()
    #: the date the reading is taken on (the deadline, for a target judged on it)
    day: datetime.date | None = None


@dataclass
class Trend:
    points: list[tuple[datetime.date, float]]
    previous: MetricSnapshot | None = None

    @property
    def delta(self) -> float | None:
        if self.previous is None or self.previous.value is None:
            return None
        return None if not self.points else self.points[-1][1] - float(self.previous.value)

    def sparkline(self, width: int = 120, height: int = 28) -> str:
        """SVG polyline points for the trend (drawn server-side: no JavaScript needed)."""
        values = [v for _, v in self.points]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = width / (len(values) - 1)
        return " ".join(
            f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
            for i, v in enumerate(values)
        )


@dataclass
class Card:
    target: Target
    metric: Metric | None
    reading: Reading | None = None
    measure: Measure | None = None
    unavailable: str = ""
    trend: Trend | None = None
    quarters: dict[int, MetricSnapshot] = field(default_factory=dict)
    #: for a target judged on its passed deadline: the position on the board's day
    current: Reading | None = None

    @property
    def status(self) -> Status | None:
        return self.reading.progress.status if self.reading else None

    @property
    def deadline(self) -> datetime.date | None:
        """The deadline the card and the report show: the end of the period the target is
        judged over (a quarterly target's current quarter), one source for both."""
        return self.reading.progress.period_end if self.reading else None


@dataclass
class AreaRow:
    area: Township | Village
    readings: list[Reading | None]
    #: the area's own dashboard (townships on the county board)
    url: str = ""


@dataclass
class Board:
    year: int
    day: datetime.date
    township: Township | None
    area_label: str
    cards: list[Card]
    table_targets: list[Target]
    rows: list[AreaRow]
    area_kind: str  # TOWNSHIP or VILLAGE: what the rows are
    warnings: list[Warning] | None
    rectification: dict[str, Any] | None
    quarter_ends: list[datetime.date]
    #: the board is taken as of a past date (``?as_of=``), not the business date
    past: bool = False

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts: dict[Status, int] = defaultdict(int)
        for card in self.cards:
            if card.status is not None:
                counts[card.status] += 1
        judged = [s for s in Status if s not in (Status.NO_SUBJECT, Status.CONTRIBUTION)]
        return [(status, counts[status]) for status in judged]

    @property
    def total_readings(self) -> list[Reading | None]:
        """The board's own area against the table's targets (the cards' readings)."""
        by_target = {card.target.pk: card.reading for card in self.cards}
        return [by_target.get(target.pk) for target in self.table_targets]

    @property
    def open_warnings(self) -> int:
        return sum(1 for w in self.warnings or () if w.count)


def drilldown_url(
    target: Target, part: str, *, day: datetime.date | None = None, **area: int | None
) -> str:
    url = reverse("dashboard:drilldown", args=[target.pk, part])
    params: dict[str, Any] = {name: value for name, value in area.items() if value is not None}
    if as_of(day) is not None:
        params["as_of"] = day.isoformat()
    return f"{url}?{urlencode(params)}" if params else url


def part_url(
    target: Target, name: str, part: Part, *, day: datetime.date | None = None, **area: int | None
) -> str:
    """The existing list of the part's rows in the area, or the dashboard's drill-down —
    always the drill-down as of a past date (the lists show the registry now)."""
    if as_of(day) is not None:
        return drilldown_url(target, name, day=day, **area)
    return part.list_url_for(**area) or drilldown_url(target, name, **area)


def plan_targets(user: Any, year: int) -> list[Target]:
    return list(Target.objects.visible_to(user).of_plan_year(year))


def measure_targets(
    targets: list[Target], *, user: Any, day: datetime.date
) -> dict[int, Measure | str]:
    """Each target's measure, or why it cannot be measured."""
    out: dict[int, Measure | str] = {}
    for target in targets:
        spec = _spec(target)
        if spec is None:
            out[target.pk] = "计算方法未注册，请在后台检查该目标的计算方法。"
            continue
        out[target.pk] = spec.measure(user=user, year=target.plan_year, day=day)
    return out


def count_targets(
    targets: list[Target],
    measures: dict[int, Measure | str],
    *,
    user: Any,
    day: datetime.date,
    by: str = TOWNSHIP,
    township: Township | None = None,
) -> dict[int, dict[str, Counted]]:
    """Every part of every measured target counted by area (``dashboard.counting``),
    remembered until a record changes (``dashboard.cache``)."""
    keys = [(t.pk, name) for t in targets for name in measures[t.pk].parts]
    township_id = township.pk if township else None

    def count() -> dict[int, dict[str, Counted]]:
        parts = [measures[pk].parts[name] for pk, name in keys]
        counts = count_parts(parts, base=laborer_base(user), by=by, township_id=township_id)
        counted: dict[int, dict[str, Counted]] = defaultdict(dict)
        for (pk, name), result in zip(keys, counts, strict=True):
            counted[pk][name] = result
        return dict(counted)

    scope = (role_of(user), user.township_id, user.village_id)
    metrics = tuple((t.pk, t.metric, t.plan_year) for t in targets)
    return remember(("counts", scope, day, by, township_id, metrics, tuple(keys)), count)


def _spec(target: Target) -> Metric | None:
    from dashboard.metrics import METRICS

    return METRICS.get(target.metric)


def _reading(
    target: Target,
    measure: Measure,
    counted: dict[str, Counted],
    day: datetime.date,
    area_id: int | None,
    area: dict[str, int],
    part_of_county: bool,
    *,
    judge_day: datetime.date | None = None,
) -> Reading:
    """The target's numbers as of ``day`` (their links list the rows of that date), judged
    on ``judge_day`` (the board's day, when the numbers are a passed deadline's)."""

    def amount(name: str) -> int:
        return counted[name].total if area_id is None else counted[name].of(area_id)

    def link(name: str, part: Part) -> Link:
        return Link(amount(name), part_url(target, name, part, day=day, **area), part.label)

    numerator = link("numerator", measure.numerator)
    denominator = None
    if measure.denominator is not None:
        denominator = link("denominator", measure.denominator)
    extras = tuple((link(name, part), part.unit) for name, part in measure.extras)
    judged = judge_day or day
    progress = assess(
        figure=target.figure,
        at_most=target.at_most,
        numerator=numerator.value,
        denominator=denominator.value if denominator else None,
        period=target.period_on(judged),
        day=judged,
        part_of_county=part_of_county,
    )
    return Reading(numerator, denominator, progress, extras, day)


@dataclass
class _Taken:
    """Targets measured and counted as of one date."""

    day: datetime.date
    measures: dict[int, Measure | str]
    counted: dict[int, dict[str, Counted]]


def _take(
    targets: list[Target],
    *,
    user: Any,
    day: datetime.date,
    by: str,
    township: Township | None,
) -> _Taken:
    measures = measure_targets(targets, user=user, day=day)
    measured = [t for t in targets if isinstance(measures[t.pk], Measure)]
    counted = count_targets(measured, measures, user=user, day=day, by=by, township=township)
    return _Taken(day, measures, counted)


def board(user: Any, *, day: datetime.date, township: Township | None = None) -> Board:
    """The county board (``township`` None) or one township's board, for ``user``, as of
    ``day`` (the business date, or a past date)."""
    year = day.year
    targets = plan_targets(user, year)
    if township is not None:  # county-level targets have no share in a township
        targets = [t for t in targets if (_spec(t) is None or _spec(t).by_township)]
    by = VILLAGE if township is not None else TOWNSHIP
    now = _take(targets, user=user, day=day, by=by, township=township)
    measured = [t for t in targets if isinstance(now.measures[t.pk], Measure)]
    # Earlier dates are counted once per date and set of targets (one pass each).
    takes: dict[tuple[datetime.date, frozenset[int]], _Taken] = {}

    def take_on(when: datetime.date, wanted: list[Target]) -> _Taken:
        if when == day:
            return now
        key = (when, frozenset(t.pk for t in wanted))
        if key not in takes:
            takes[key] = _take(wanted, user=user, day=when, by=by, township=township)
        return takes[key]

    # A target judged on a passed deadline ("3 月底前…") is read as of that deadline.
    taken = {}
    for when in sorted({t.judged_at(day) for t in measured}):
        group = [t for t in measured if t.judged_at(day) == when]
        taken.update({t.pk: take_on(when, group) for t in group})

    here = {"township": township.pk} if township is not None else {}
    cards = []
    for target in targets:
        measure = now.measures[target.pk]
        if isinstance(measure, str):
            cards.append(Card(target, _spec(target), unavailable=measure))
            continue
        read = taken[target.pk]
        reading = _reading(
            target,
            read.measures[target.pk],
            read.counted[target.pk],
            read.day,
            None,
            here,
            township is not None,
            judge_day=day,
        )
        card = Card(target, _spec(target), reading, measure)
        if read is not now:
            card.current = _reading(
                target, measure, now.counted[target.pk], day, None, here, township is not None
            )
        cards.append(card)

    table_targets = [t for t in measured if t.in_township_table]
    rows = []
    if township is None:
        areas = list(Township.objects.visible_to(user))
        area_param = "township"
    else:
        areas = list(Village.objects.visible_to(user).filter(township=township))
        area_param = "village"
    for area in areas:
        readings = []
        for target in table_targets:
            read = taken[target.pk]
            measure = read.measures[target.pk]
            if by == VILLAGE and any(p.village_path is None for p in measure.parts.values()):
                readings.append(None)  # rows that belong to no village
                continue
            readings.append(
                _reading(
                    target,
                    measure,
                    read.counted[target.pk],
                    read.day,
                    area.pk,
                    {area_param: area.pk},
                    True,
                    judge_day=day,
                )
            )
        url = reverse("dashboard:township", args=[area.pk]) if township is None else ""
        rows.append(AreaRow(area, readings, url))

    _attach_trends(cards, user=user, day=day, township=township)
    _fill_quarters(cards, day=day, township=township, take_on=take_on)
    own_area = township is None or role_of(user) in (Role.TOWNSHIP, Role.VILLAGE)
    past = as_of(day) is not None
    return Board(
        year=year,
        day=day,
        township=township,
        area_label=_area_label(user, township),
        cards=cards,
        table_targets=table_targets,
        rows=rows,
        area_kind=by,
        # Warnings count the user's own area: shown where the board is that area. On a
        # past date the lines that are targets' shortfalls are those of that date (for
        # bulletins); the page and the report show them only on the business date, since
        # the lists they link to are the registry now.
        warnings=warning_lines(user, day, cards) if own_area else None,
        rectification=_rectification(user) if township is None else None,
        quarter_ends=_quarter_ends(year),
        past=past,
    )


def _fill_quarters(
    cards: list[Card],
    *,
    day: datetime.date,
    township: Township | None,
    take_on: Callable[[datetime.date, list[Target]], _Taken],
) -> None:
    """Quarter ends up to ``day`` that have no snapshot are computed as of that day from
    the records' dates, as unsaved snapshots marked ``reconstructed`` (the board's own day
    is its cards' readings). ``snapshot_metrics`` records such quarter ends once, so this
    costs a counting pass only until it has run."""
    for i, end in enumerate(_quarter_ends(day.year), start=1):
        if end > day:
            break
        missing = [c for c in cards if c.reading is not None and i not in c.quarters]
        if not missing:
            continue
        # the board's day, and a judged target's deadline, are readings the cards hold
        readings = {c.target.pk: c.current or c.reading for c in missing if end == day}
        readings.update({c.target.pk: c.reading for c in missing if c.reading.day == end})
        others = [c for c in missing if c.target.pk not in readings]
        if others:
            then = take_on(end, [c.target for c in others])
            readings |= {
                c.target.pk: _reading(
                    c.target,
                    then.measures[c.target.pk],
                    then.counted[c.target.pk],
                    end,
                    None,
                    {},
                    township is not None,
                )
                for c in others
                if isinstance(then.measures[c.target.pk], Measure)
            }
        for card in missing:
            reading = readings.get(card.target.pk)
            if reading is None:
                continue
            snapshot = MetricSnapshot(
                date=end,
                target=card.target,
                township=township,
                value=reading.progress.value,
                numerator=reading.numerator.value,
                denominator=reading.denominator.value if reading.denominator else None,
                figure=card.target.figure,
                status=reading.progress.status,
                reconstructed=True,
            )
            card.quarters[i] = snapshot


def _derived_lines(provider, shortfall: dict[str, int], user: Any, day: datetime.date):
    """The lines of ``provider`` built from the targets' shortfalls, when each of its lines
    is one (``None`` otherwise: the provider is asked). The lists they link to are the
    feature apps' own (a figure's URL costs no query: its count is not read)."""
    from laborers import warning_rules
    from training import contributions as training
    from training import selectors as training_selectors
    from workshops import selectors as workshop_selectors
    from workshops.contributions import (
        UNPLACED_WARNING_KEY,
        unplaced_warning,
        unplaced_warning_line,
    )

    rules = warning_rules.RULES
    if provider is warning_rules.laborer_warning_provider and all(
        rule.key in shortfall for rule in rules
    ):
        return warning_rules.warning_lines(shortfall, day)
    if provider is unplaced_warning and UNPLACED_WARNING_KEY in shortfall:
        url = workshop_selectors.hard_to_employ_unplaced(user=user).url
        return [unplaced_warning_line(shortfall[UNPLACED_WARNING_KEY], url)]
    key = training.UNSUPPORTED_WARNING_KEY
    if provider is training.entrepreneurship_warning and key in shortfall:
        url = training_selectors.entrepreneurs_unsupported(user=user, year=day.year).url
        return [training.entrepreneurship_warning_line(shortfall[key], url)]
    return None


def warning_lines(user: Any, day: datetime.date, cards: list[Card]) -> list[Warning]:
    """The warnings page's lines for the user's area, in its order. The laborers app's rules,
    the workshops app's "unplaced" line and the training app's "entrepreneurs unsupported"
    line are each the shortfall of a target measured on the board (``Measure.warning``):
    their counts are read from the cards rather than counted again over every laborer; any
    other provider is asked as the warnings page asks it."""
    shortfall = {}
    for card in cards:
        if card.measure is None or not card.measure.warning or card.reading is None:
            continue
        reading = card.current or card.reading
        shortfall[card.measure.warning] = (
            reading.denominator.value - reading.numerator.value
            if reading.denominator
            else reading.numerator.value
        )
    lines: list[Warning] = []
    for provider in warning_providers:
        derived = _derived_lines(provider, shortfall, user, day)
        lines.extend(provider(user) if derived is None else derived)
    return lines


def _area_label(user: Any, township: Township | None) -> str:
    if township is None:
        return "全县"
    if role_of(user) == Role.VILLAGE and user.village_id:
        return f"{township.name} {user.village.name}"
    return township.name


def _quarter_ends(year: int) -> list[datetime.date]:
    return [quarter_end(datetime.date(year, month, 1)) for month in (1, 4, 7, 10)]


def _attach_trends(
    cards: list[Card], *, user: Any, day: datetime.date, township: Township | None
) -> None:
    """Each card's recent snapshots (the trend line, the change since the last one before
    today) and its quarter-end snapshots: one query for all cards."""
    if not cards:
        return
    ends = [end for end in _quarter_ends(day.year) if end <= day]
    snapshots = (
        MetricSnapshot.objects.visible_to(user)
        .filter(target__in=[c.target for c in cards], township=township)
        .filter(
            Q(date__gte=day - datetime.timedelta(days=TREND_DAYS), date__lte=day) | Q(date__in=ends)
        )
        .order_by("date")
    )
    by_target: dict[int, list[MetricSnapshot]] = defaultdict(list)
    for snapshot in snapshots:
        by_target[snapshot.target_id].append(snapshot)
    for card in cards:
        rows = by_target.get(card.target.pk, [])
        card.quarters = {i: s for s in rows for i, end in enumerate(ends, start=1) if s.date == end}
        recent = [s for s in rows if s.date <= day and s.value is not None]
        before = [s for s in recent if s.date < day]
        points = [(s.date, float(s.value)) for s in recent if s.date < day]
        if card.reading is not None and card.reading.progress.value is not None:
            points.append((day, float(card.reading.progress.value)))
        if before or len(points) > 1:
            card.trend = Trend(points[-30:], before[-1] if before else None)


def _rectification(user: Any) -> dict[str, Any] | None:
    from rectification.selectors import task_list_url, task_summary

    summary = task_summary(user)
    return {
        "overdue": Link(summary["overdue"], task_list_url(overdue="1"), "逾期未销号"),
        "quarterly_missing": Link(
            summary["quarterly_missing"], task_list_url(quarterly="missing"), "季度进展未报送"
        ),
        "total": Link(summary["total"], task_list_url(), "整改任务"),
    }
