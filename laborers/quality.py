"""Data quality (数据质量): records in the user's area that need fixing, each check a list.

Five checks are SQL filters. The sixth re-runs today's validation rules — the models' own
``full_clean``, the rules forms and imports use — over records entered before a rule
existed; it reads every record of the area, so county-wide users run it per township.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer, Service

#: 劳动年龄: a laborer of the registry is between these ages (inclusive).
WORKING_AGE = (16, 60)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class QualityCheck:
    key: str
    label: str
    help: str
    #: what the list shows: "laborer", "household" or "episode"
    kind: str
    records: Callable[[Any, datetime.date], models.QuerySet]


def _episodes_without_place(user: Any, day: datetime.date) -> models.QuerySet:
    return (
        EmploymentEpisode.objects.visible_to(user)
        .open()
        .filter(Q(employer="") | Q(place=""))
        .select_related("laborer__household__village")
        .order_by("laborer__household__number", "laborer_id")
    )


def _overlapping_episodes(user: Any, day: datetime.date) -> models.QuerySet:
    """Episodes sharing a day with another episode of the same laborer (one job at a time
    became a rule of the pages after some records were entered or imported)."""
    others = (
        EmploymentEpisode.objects.filter(laborer_id=OuterRef("laborer_id"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("start_date")))
        .filter(start_date__lte=Coalesce(OuterRef("end_date"), Value(datetime.date.max)))
    )
    return (
        EmploymentEpisode.objects.visible_to(user)
        .filter(Exists(others))
        .select_related("laborer__household__village")
        .order_by("laborer__household__number", "laborer_id", "start_date")
    )


def _outside_working_age(user: Any, day: datetime.date) -> models.QuerySet:
    low, high = WORKING_AGE
    youngest_birth = years_before(day, low)  # born after this: younger than 16
    oldest_birth = years_before(day, high + 1)  # born on or before this: older than 60
    return (
        Laborer.objects.visible_to(user)
        .filter(Q(birth_date__gt=youngest_birth) | Q(birth_date__lte=oldest_birth))
        .select_related("household__village")
        .order_by("birth_date", "pk")
    )


def _household_heads(user: Any, day: datetime.date) -> models.QuerySet:
    return (
        Household.objects.visible_to(user)
        .annotate(heads=Count("members", filter=Q(members__relationship=choices.Relationship.HEAD)))
        .exclude(heads=1)
        .select_related("village")
        .order_by("number")
    )


def _suspected_duplicates(user: Any, day: datetime.date) -> models.QuerySet:
    """Same name and birth date, different ID number, within the user's area. The names
    of duplicated (name, birth date) pairs come from one grouped pass; only rows with such
    a name are then probed for their twin (probing every row is ten times slower)."""
    area = Laborer.objects.visible_to(user)
    names = (
        area.order_by()
        .values("name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("name")
    )
    twins = area.filter(name=OuterRef("name"), birth_date=OuterRef("birth_date")).exclude(
        pk=OuterRef("pk")
    )
    return (
        area.filter(name__in=names)
        .filter(Exists(twins))
        .select_related("household__village")
        .order_by("name", "birth_date", "pk")
    )


CHECKS: list[QualityCheck] = [
    QualityCheck(
        "no_place",
        "在岗但缺少就业单位或务工地点",
        "当前就业经历没有填写就业单位或务工地点，核实后补全。",
        "episode",
        _episodes_without_place,
    ),
    QualityCheck(
        "overlapping_jobs",
        "就业经历时间重叠",
        "同一劳动力的两段就业经历有重叠的日子：核实后更正开始或结束日期，或删除重复登记的一段。",
        "episode",
        _overlapping_episodes,
    ),
    QualityCheck(
        "working_age",
        f"年龄不在劳动年龄（{WORKING_AGE[0]}–{WORKING_AGE[1]} 周岁）内",
        "按身份证号码推算的年龄不在劳动年龄内：核对身份证号码，或确认是否仍应登记为劳动力。",
        "laborer",
        _outside_working_age,
    ),
    QualityCheck(
        "household_heads",
        "没有户主或有多个户主的贫困户",
        "每户应有且只有一名成员的“与户主关系”为户主。",
        "household",
        _household_heads,
    ),
    QualityCheck(
        "duplicates",
        "疑似重复登记（姓名、出生日期相同，身份证号码不同）",
        "同一人可能因身份证号码抄错被登记了两次：核对后修正号码，多余的记录请县就业人才局删除。",
        "laborer",
        _suspected_duplicates,
    ),
]
CHECKS_BY_KEY = {check.key: check for check in CHECKS}

INVALID_KEY = "invalid"
INVALID_LABEL = "不符合现行校验规则的记录"
INVALID_HELP = (
    "按今天的校验规则（与表单、导入相同）逐条检查：规则出台前录入或从旧系统迁入的记录可能不合规，"
    "请逐条改正。"
)


# --- records that fail today's rules --------------------------------------------------
@dataclass
class RuleFailure:
    record: models.Model
    laborer_id: int | None  # the laborer page where the record is fixed
    household_id: int | None
    errors: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name)


def _messages(model: type[models.Model], error: ValidationError) -> list[str]:
    out = []
    for name, messages in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else str(model._meta.get_field(name).verbose_name)
        out.extend(f"{label}：{m}" if label else m for m in messages)
    return out


def _failures(
    records: Iterable[models.Model], exclude: list[str], link: Callable
) -> Iterable[RuleFailure]:
    for record in records:
        try:
            # Uniqueness and constraints are enforced by the database; this is about the
            # field and cross-field rules that changed since the record was written.
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            laborer_id, household_id = link(record)
            yield RuleFailure(record, laborer_id, household_id, _messages(type(record), error))


def records_failing_rules(user: Any, township_id: int | None = None) -> list[RuleFailure]:
    """Laborers, households, employment episodes and services of the user's area (narrowed
    to one township when given) that today's validation rejects."""

    def scoped(model):
        queryset = model.objects.visible_to(user)
        if township_id:
            queryset = queryset.filter(**{queryset.township_lookup: township_id})
        return queryset.order_by("pk").iterator(chunk_size=2000)

    failures: list[RuleFailure] = []
    failures += _failures(scoped(Household), ["village"], lambda household: (None, household.pk))
    failures += _failures(
        scoped(Laborer), ["household"], lambda laborer: (laborer.pk, laborer.household_id)
    )
    failures += _failures(
        scoped(EmploymentEpisode),
        ["laborer", "program"],
        lambda episode: (episode.laborer_id, None),
    )
    failures += _failures(
        scoped(Service), ["laborer", "officer"], lambda service: (service.laborer_id, None)
    )
    return failures


def laborer_problems(laborer: Laborer, day: datetime.date) -> list[str]:
    """One laborer's data problems, for the detail page (no query)."""
    problems = []
    copy = Laborer(
        **{f.attname: getattr(laborer, f.attname) for f in Laborer._meta.concrete_fields}
    )
    try:
        copy.full_clean(exclude=["household"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems += _messages(Laborer, error)
    low, high = WORKING_AGE
    age = laborer.age_on(day)
    if not low <= age <= high:
        problems.append(f"年龄 {age} 周岁，不在劳动年龄（{low}–{high} 周岁）内。")
    return problems


def quality_counts(user: Any, day: datetime.date) -> dict[str, int]:
    """The SQL checks' counts in the user's area, one query each."""
    return {check.key: check.records(user, day).count() for check in CHECKS}
