"""Reads for the case pages and the county's view of how fast warnings are handled."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from cases.models import Case, CaseRule, CaseStatus
from laborers.models import EmploymentEpisode, Service, Township

#: 已处置: cleared by its condition, or dismissed with the township's approval
HANDLED = Q(status__in=[CaseStatus.CLEARED, CaseStatus.DISMISSED])
#: 按时处置: handled on or before its due date
ON_TIME = Q(status=CaseStatus.CLEARED, cleared_on__lte=F("due_on")) | Q(
    status=CaseStatus.DISMISSED, dismissed_on__lte=F("due_on")
)

#: the case list's ``state`` filter: each figure of the county view links to one of these
STATES: dict[str, tuple[str, Any]] = {
    "open": ("处置中", lambda qs, day: qs.open()),
    "overdue": ("逾期", lambda qs, day: qs.overdue(day)),
    "escalated": ("逾期报县", lambda qs, day: qs.escalated(day)),
    "supervised": ("县局督办", lambda qs, day: qs.open().filter(supervised_on__isnull=False)),
    "handled": ("已处置", lambda qs, day: qs.filter(HANDLED)),
    "on_time": ("按时处置", lambda qs, day: qs.filter(HANDLED & ON_TIME)),
    "cleared": ("已解除", lambda qs, day: qs.filter(status=CaseStatus.CLEARED)),
    "dismissed": ("不予处置", lambda qs, day: qs.filter(status=CaseStatus.DISMISSED)),
    "pending_dismissal": (
        "不予处置待批准",
        lambda qs, day: qs.open().exclude(dismissal_reason=""),
    ),
}


def case_list(
    *,
    user: Any,
    day: datetime.date,
    state: str = "",
    rule: str = "",
    township: int | None = None,
    year: int | None = None,
    helper: int | None = None,
) -> QuerySet:
    qs = Case.objects.visible_to(user)
    if helper:
        qs = qs.filter(helper_id=helper)
    if state in STATES:
        qs = STATES[state][1](qs, day)
    if rule:
        qs = qs.filter(rule__key=rule)
    if township:
        qs = qs.filter(household__village__township_id=township)
    if year:
        qs = qs.filter(opened_on__year=year)
    return qs


def list_url(**params: Any) -> str:
    query = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse("cases:list") + ("?" + urlencode(query) if query else "")


@dataclass
class HandlingRow:
    label: str
    params: dict[str, Any]
    total: int = 0
    handled: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0
    escalated: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def handling_rate(self) -> float | None:
        return round(100 * self.handled / self.total, 1) if self.total else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.handled, 1) if self.handled else None

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    def url(self, state: str = "") -> str:
        return list_url(**self.params, state=state)


@dataclass
class Handling:
    year: int
    by_township: list[HandlingRow]
    by_rule: list[HandlingRow]
    total: HandlingRow


def handling(*, user: Any, day: datetime.date, year: int | None = None) -> Handling:
    """处置率 (handled / opened), 及时率 (handled by the due date / handled) and the median
    days from warning to clearing, per township and per rule, for cases opened in the
    year. Two queries: the counts grouped by township and rule, and the days of cleared
    cases (medians are computed here, the same on SQLite and PostgreSQL). Each count links
    to the case list filtered the same way, so the list's length is the number."""
    year = year or day.year
    base = Case.objects.visible_to(user).filter(opened_on__year=year)
    townships = {t.pk: t.name for t in Township.objects.all()}
    rules = {r.pk: r for r in CaseRule.objects.all()}
    total = HandlingRow("合计", {"year": year})
    by_township: dict[int, HandlingRow] = {}
    by_rule: dict[int, HandlingRow] = {}
    grouped = (
        base.order_by()
        .values("household__village__township_id", "rule_id")
        .annotate(
            total=Count("pk"),
            handled=Count("pk", filter=HANDLED),
            on_time=Count("pk", filter=HANDLED & ON_TIME),
            open=Count("pk", filter=Q(status__in=CaseStatus.open())),
            overdue=Count("pk", filter=Q(status__in=CaseStatus.open(), due_on__lt=day)),
            escalated=Count("pk", filter=Q(status__in=CaseStatus.open(), escalate_on__lte=day)),
        )
    )

    def rows_for(township_id: int, rule_id: int) -> list[HandlingRow]:
        if township_id not in by_township:
            by_township[township_id] = HandlingRow(
                townships.get(township_id, ""), {"year": year, "township": township_id}
            )
        if rule_id not in by_rule:
            by_rule[rule_id] = HandlingRow(
                rules[rule_id].name, {"year": year, "rule": rules[rule_id].key}
            )
        return [total, by_township[township_id], by_rule[rule_id]]

    for row in grouped:
        for target in rows_for(row["household__village__township_id"], row["rule_id"]):
            for key in ("total", "handled", "on_time", "open", "overdue", "escalated"):
                setattr(target, key, getattr(target, key) + row[key])
    for township_id, rule_id, opened, cleared in base.filter(status=CaseStatus.CLEARED).values_list(
        "household__village__township_id", "rule_id", "opened_on", "cleared_on"
    ):
        days = (cleared - opened).days
        for target in rows_for(township_id, rule_id):
            target.days.append(days)
    order = {r.pk: (r.order, r.pk) for r in rules.values()}
    return Handling(
        year=year,
        by_township=sorted(by_township.values(), key=lambda r: r.label),
        by_rule=[by_rule[pk] for pk in sorted(by_rule, key=lambda pk: order[pk])],
        total=total,
    )


def case_timeline(case: Case) -> list[dict]:
    """What was done for the case's subject since the warning: the case's own actions, and
    the services and jobs recorded for the laborer (or the household's members), each
    with who and when. Three queries."""
    items = [
        {
            "date": a.date,
            "kind": a.get_kind_display(),
            "text": " ".join(filter(None, [a.get_result_display(), a.text])),
            "by": a.by,
            "at": a.created_at,
        }
        for a in case.actions.select_related("by")
    ]
    subject = (
        Q(laborer_id=case.laborer_id)
        if case.laborer_id
        else Q(laborer__household_id=case.household_id)
    )
    for service in Service.objects.filter(subject, date__gte=case.opened_on).select_related(
        "officer", "laborer"
    ):
        items.append(
            {
                "date": service.date,
                "kind": f"服务：{service.get_kind_display()}",
                "text": f"{service.laborer.name} {service.note}".strip(),
                "by": service.officer,
                "at": None,
            }
        )
    for episode in EmploymentEpisode.objects.filter(
        subject, Q(start_date__gte=case.opened_on) | Q(end_date__gte=case.opened_on)
    ).select_related("laborer"):
        items.append(
            {
                "date": episode.start_date,
                "kind": "就业",
                "text": f"{episode.laborer.name} {episode.describe()}",
                "by": None,
                "at": None,
            }
        )
    items.sort(key=lambda i: (i["date"], i["at"] is None))
    return items
