"""The laborers app's warnings (预警): rules over the registry that the plan wants at zero.

Each rule narrows a laborer QuerySet with the registry's own QuerySet methods, so the same
definition filters the laborer list (``?warning=<key>``), counts the warnings page and
flags one laborer on the detail page: a count and the list it links to cannot disagree.
Zero-employment households are counted in households (户) and link to the household list.

The warnings page also shows other apps' warnings: they register providers through
``xiushan_jobs.lib.extensions.register_warning_provider``; ``laborer_warning_provider``
is this app's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from laborers.models import Household, Laborer
from laborers.querysets import LaborerQuerySet
from xiushan_jobs.lib.clock import quarter_end, quarter_label, quarter_start, today
from xiushan_jobs.lib.extensions import Warning

#: Target 9: each laborer with an intention receives at least this many services a year.
SERVICES_PER_YEAR = 3
#: Target 10: the first full update of every laborer's information was due on this day.
FIRST_SURVEY_DEADLINE = datetime.date(2020, 3, 31)


def service_year_start(day: datetime.date) -> datetime.date:
    """Services count towards the plan year they were given in."""
    return datetime.date(day.year, 1, 1)


def survey_due_since(day: datetime.date) -> datetime.date:
    """Information is updated every quarter (the first full update was due 2020-03-31):
    a laborer surveyed before the current quarter began is due."""
    return quarter_start(day)


@dataclass(frozen=True)
class WarningRule:
    key: str
    label: str
    help: str
    narrow: Callable[[LaborerQuerySet, datetime.date], LaborerQuerySet]
    severity: str = "warn"
    #: counted in households and listed on the household list (零就业家庭)
    per_household: bool = False

    def laborers(self, queryset: LaborerQuerySet, day: datetime.date) -> LaborerQuerySet:
        return self.narrow(queryset, day)

    def applies(self, day: datetime.date) -> Exists:
        """A condition on the outer laborer row: for flags on a few rows and for OR-ing
        rules together (slower on large sets than ``laborers``, which lists use)."""
        return Exists(self.narrow(Laborer.objects.filter(pk=OuterRef("pk")), day))

    def help_for(self, day: datetime.date) -> str:
        return self.help.format(
            quarter=quarter_label(day),
            quarter_end=quarter_end(day),
            first_deadline=FIRST_SURVEY_DEADLINE,
            minimum=SERVICES_PER_YEAR,
        )


RULES: list[WarningRule] = [
    WarningRule(
        "zero_employment",
        "零就业家庭",
        "有劳动能力且有就业意愿的成员、但无一人就业的贫困户，目标是动态清零（目标 3）。"
        "在劳动力列表中按此预警筛选，列出这些家庭中有劳动能力、有就业意愿的成员。",
        lambda qs, day: qs.labor_capable().willing_to_work().in_zero_employment_household(),
        severity="danger",
        per_household=True,
    ),
    WarningRule(
        "relocated_unemployed",
        "搬迁户劳动力有意愿但未就业",
        "易地扶贫搬迁户中有劳动能力、有就业意愿的劳动力应 100% 就业（目标 2）。",
        lambda qs, day: qs.relocated().labor_capable().willing_to_work().unemployed(),
        severity="danger",
    ),
    WarningRule(
        "graduate_idle",
        "贫困高校毕业生未就业也未在就业准备",
        "贫困高校毕业生应 100% 就业或处于就业准备（目标 1）。",
        lambda qs, day: qs.college_graduates().filter(in_employment_preparation=False).unemployed(),
    ),
    WarningRule(
        "few_services",
        "有意愿但本年服务不足 3 次",
        "有就业、培训或创业意愿的劳动力，每人每年至少接受 {minimum} 次针对性服务（目标 9）。",
        lambda qs, day: qs.with_intention().fewer_services_since(
            service_year_start(day), SERVICES_PER_YEAR
        ),
    ),
    WarningRule(
        "not_updated",
        "本季度未调查更新",
        "每季度更新一次劳动力信息，{quarter}截止 {quarter_end:%Y-%m-%d}"
        "（首次全面更新截止 {first_deadline:%Y-%m-%d}，目标 10）。",
        lambda qs, day: qs.not_surveyed_since(survey_due_since(day)),
    ),
]
RULES_BY_KEY = {rule.key: rule for rule in RULES}


def any_warning_q(day: datetime.date) -> Q:
    combined = Q()
    for rule in RULES:
        combined |= Q(rule.applies(day))
    return combined


def rule_counts(user: Any, day: datetime.date) -> dict[str, int]:
    """Each rule's count in the user's area, one query per rule (PostgreSQL turns each
    rule's EXISTS into a semi-join; one conditional aggregate would prevent that)."""
    counts = {}
    for rule in RULES:
        if rule.per_household:
            counts[rule.key] = Household.objects.visible_to(user).zero_employment().count()
        else:
            counts[rule.key] = rule.laborers(Laborer.objects.visible_to(user), day).count()
    return counts


def rule_list_url(rule: WarningRule) -> str:
    if rule.per_household:
        return reverse("laborers:household_list") + "?zero_employment=1"
    return reverse("laborers:laborer_list") + f"?warning={rule.key}"


def laborer_warning_provider(user: Any) -> list[Warning]:
    """The laborers app's lines on the shared warnings page."""
    day = today()
    return warning_lines(rule_counts(user, day), day)


def warning_lines(counts: dict[str, int], day: datetime.date) -> list[Warning]:
    """The lines for counts already known, by rule key (the dashboard has them: each rule
    is the shortfall of one of the plan's targets)."""
    return [
        Warning(
            key=rule.key,
            label=rule.label,
            count=counts[rule.key],
            url=rule_list_url(rule),
            help=rule.help_for(day),
            severity=rule.severity,
        )
        for rule in RULES
    ]


def warning_flags(day: datetime.date) -> dict:
    """Annotations ``w_<key>``: whether each row breaks each rule (for a page of rows)."""
    return {f"w_{rule.key}": rule.applies(day) for rule in RULES}


def flagged_rules(row: Any) -> list[WarningRule]:
    """The rules a row annotated with ``warning_flags`` breaks."""
    return [rule for rule in RULES if getattr(row, f"w_{rule.key}", False)]
