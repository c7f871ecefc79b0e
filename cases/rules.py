"""The conditions behind warning cases: each rule key names the set of subjects (laborers,
or households for 零就业家庭) for which it fires, taken from the app that owns the
warning, never re-defined here; and the form that resolves it.

``CaseRule`` rows (seeded by a migration, edited by the county) carry the handling terms;
a rule without a row here is never synced.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from laborers.models import Household, Laborer
from laborers.warning_rules import RULES_BY_KEY
from training import selectors as training_selectors
from workshops import selectors as workshop_selectors


@dataclass(frozen=True)
class RuleCondition:
    key: str
    #: "laborer" or "household"
    subject: str
    #: every subject for which the rule fires on ``day``
    subjects: Callable[[datetime.date], QuerySet]
    #: ``(case) -> [(label, url)]``: the forms that resolve it, most direct first
    actions: Callable[[object], list[tuple[str, str]]]


def _laborer_rule(key: str) -> Callable[[datetime.date], QuerySet]:
    rule = RULES_BY_KEY[key]
    return lambda day: rule.laborers(Laborer.objects.all(), day)


def _job(case) -> list[tuple[str, str]]:
    return [
        ("登记就业", reverse("laborers:episode_new", args=[case.laborer_id])),
        ("安置公益性岗位", reverse("workshops:laborer_place", args=[case.laborer_id])),
        ("登记服务", reverse("laborers:service_new", args=[case.laborer_id])),
    ]


def _service(case) -> list[tuple[str, str]]:
    return [("登记服务", reverse("laborers:service_new", args=[case.laborer_id]))]


def _survey(case) -> list[tuple[str, str]]:
    return [
        ("修改调查信息", reverse("laborers:laborer_edit", args=[case.laborer_id])),
        ("登记服务", reverse("laborers:service_new", args=[case.laborer_id])),
    ]


def _household(case) -> list[tuple[str, str]]:
    return [
        ("查看家庭成员并登记就业", reverse("laborers:household_detail", args=[case.household_id]))
    ]


def _training(case) -> list[tuple[str, str]]:
    return [("报名培训班", reverse("training:laborer_enroll", args=[case.laborer_id]))]


def _entrepreneurship(case) -> list[tuple[str, str]]:
    return [
        ("登记创业担保贷款", reverse("training:loan_create") + f"?laborer={case.laborer_id}"),
        ("安排创业指导", reverse("training:session_create")),
    ]


CONDITIONS: dict[str, RuleCondition] = {
    c.key: c
    for c in [
        RuleCondition(
            "zero_employment",
            "household",
            lambda day: Household.objects.zero_employment(),
            _household,
        ),
        RuleCondition(
            "relocated_unemployed", "laborer", _laborer_rule("relocated_unemployed"), _job
        ),
        RuleCondition("graduate_idle", "laborer", _laborer_rule("graduate_idle"), _job),
        RuleCondition("few_services", "laborer", _laborer_rule("few_services"), _service),
        RuleCondition("not_updated", "laborer", _laborer_rule("not_updated"), _survey),
        RuleCondition(
            "unplaced",
            "laborer",
            lambda day: Laborer.objects.with_open_job().filter(workshop_selectors.UNPLACED),
            _job,
        ),
        RuleCondition(
            "training_gap",
            "laborer",
            lambda day: Laborer.objects.filter(training_selectors.training_gap_condition(day.year)),
            _training,
        ),
        RuleCondition(
            "entrepreneurs_unsupported",
            "laborer",
            lambda day: Laborer.objects.filter(
                training_selectors.entrepreneurs_unsupported_condition(day.year)
            ),
            _entrepreneurship,
        ),
    ]
}
