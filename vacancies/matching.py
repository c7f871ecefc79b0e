"""Who fits a vacancy, and which vacancies fit a laborer, ranked with their reasons.

Candidates are the registry's own sets — willing to work, labor-capable, not employed
(``LaborerQuerySet``), in the user's area — who meet the vacancy's requirements and were
not told about it yet. Each is scored in SQL: one ``CASE`` column per fit (the points and
labels are ``FITS`` below), summed, ordered, cut to the top ``limit``; the reasons are read
back from the same columns. Scoring in the database keeps one vacancy over 100,000
laborers within the page budget (bench/bench_matching.py); scoring in Python meant
loading every candidate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.expressions import CombinedExpression

from laborers.choices import EmploymentIntention, LaborAbility
from laborers.models import Household, Laborer
from laborers.querysets import in_zero_employment_household
from training.models import Enrollment
from vacancies.models import (
    EDUCATION_ORDER,
    AbilityRequired,
    PushedLaborer,
    ReservedFor,
    Vacancy,
    WorkArea,
)
from xiushan_jobs.lib.clock import today


@dataclass(frozen=True)
class Fit:
    key: str
    points: int
    label: str


#: every way a laborer fits a vacancy, with its points; a reason is shown for each
FITS = {
    fit.key: fit
    for fit in (
        Fit("place", 40, "就业意愿地点与岗位相符"),
        Fit("place_any", 30, "就业地点均可"),
        Fit("trained", 25, "受过该工种培训"),
        Fit("wanted", 15, "想学该工种"),
        Fit("nearby", 10, "家在岗位所在乡镇（街道）"),
        Fit("skilled", 10, "技能劳动力"),
        Fit("ordinary", 5, "普通劳动力"),
        Fit("zero", 20, "零就业家庭成员（优先）"),
        Fit("relocated", 15, "易地扶贫搬迁户（优先）"),
        Fit("graduate", 15, "贫困高校毕业生（优先）"),
    )
}
#: the intention that matches each place of work
INTENTION_FOR_AREA = {
    WorkArea.IN_COUNTY: EmploymentIntention.IN_COUNTY,
    WorkArea.IN_CITY: EmploymentIntention.IN_CITY,
    WorkArea.SHANDONG: EmploymentIntention.OUTSIDE,
    WorkArea.ELSEWHERE: EmploymentIntention.OUTSIDE,
}


@dataclass
class Match:
    laborer: Laborer
    score: int
    reasons: list[str]
    age: int

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def _points(key: str, condition: Any) -> Case:
    return Case(
        When(condition, then=Value(FITS[key].points)),
        default=Value(0),
        output_field=IntegerField(),
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def candidates(*, vacancy: Vacancy, user: Any, day: datetime.date | None = None):
    """The laborers who may be offered ``vacancy`` by ``user``: unscored, unordered."""
    day = day or today()
    laborers = (
        Laborer.objects.visible_to(user)
        .willing_to_work()
        .labor_capable()
        .unemployed()
        .filter(labor_ability__in=AbilityRequired(vacancy.ability_required).abilities())
        .exclude(pk__in=PushedLaborer.objects.filter(vacancy=vacancy).values("laborer_id"))
    )
    if vacancy.age_min is not None:
        laborers = laborers.filter(birth_date__lte=_years_before(day, vacancy.age_min))
    if vacancy.age_max is not None:
        laborers = laborers.filter(birth_date__gt=_years_before(day, vacancy.age_max + 1))
    if vacancy.sex:
        laborers = laborers.filter(sex=vacancy.sex)
    if vacancy.education_min:
        met = EDUCATION_ORDER[EDUCATION_ORDER.index(vacancy.education_min) :]
        laborers = laborers.filter(education__in=met)
    if vacancy.reserved_for == ReservedFor.GRADUATES:
        laborers = laborers.filter(is_college_graduate=True)
    return laborers


def _scored(laborers, *, vacancy: Vacancy):
    columns: dict[str, Any] = {
        "fit_place": _points(
            "place", Q(employment_intention=INTENTION_FOR_AREA[vacancy.work_area])
        ),
        "fit_place_any": _points("place_any", Q(employment_intention=EmploymentIntention.ANY)),
        "fit_skilled": _points("skilled", Q(labor_ability=LaborAbility.SKILLED)),
        "fit_ordinary": _points("ordinary", Q(labor_ability=LaborAbility.ORDINARY)),
        "fit_relocated": _points("relocated", Q(household__relocated=True)),
        "fit_graduate": _points("graduate", Q(is_college_graduate=True)),
    }
    if vacancy.trade_id:
        trained = Enrollment.objects.filter(
            completed=True, laborer__isnull=False, training_class__trade_id=vacancy.trade_id
        ).values("laborer_id")
        columns["fit_trained"] = _points("trained", Q(pk__in=trained))
        columns["fit_wanted"] = _points("wanted", Q(training_trade=vacancy.trade.name))
    if vacancy.work_area == WorkArea.IN_COUNTY and vacancy.work_township_id:
        columns["fit_nearby"] = _points(
            "nearby", Q(household__village__township_id=vacancy.work_township_id)
        )
    # 零就业家庭 is probed per candidate (a few index lookups in its household) rather than
    # matched against the area's whole zero-employment set, which PostgreSQL would build
    # over every household first. It counts in the score only: as a column of its own it
    # would be probed twice (select list and sort key); the top rows' households are looked
    # up again afterwards for their reasons.
    zero = _points("zero", in_zero_employment_household())
    total: Any = zero
    for column in columns.values():
        total = CombinedExpression(total, "+", column)
    return laborers.annotate(**columns).annotate(score=total), list(columns)


def vacancy_matches(
    *,
    vacancy: Vacancy,
    user: Any,
    limit: int = 50,
    day: datetime.date | None = None,
    among: list[int] | None = None,
) -> list[Match]:
    """The best ``limit`` candidates for ``vacancy`` in ``user``'s area, best first (ties:
    the longest registered first), each with its reasons; ``among`` narrows to given
    laborers (a push checks its picks this way). Two queries: the ranking, and which of the
    top rows' households are zero-employment ones (for their reasons)."""
    day = day or today()
    laborers = candidates(vacancy=vacancy, user=user, day=day)
    if among is not None:
        laborers = laborers.filter(pk__in=among)
    scored, columns = _scored(laborers, vacancy=vacancy)
    ranking = scored.select_related("household__village__township").order_by("-score", "pk")
    rows = _without_jit(ranking[:limit])
    zero_households = (
        set(
            Household.objects.zero_employment()
            .filter(pk__in={laborer.household_id for laborer in rows})
            .values_list("pk", flat=True)
        )
        if rows
        else set()
    )
    matches = []
    for laborer in rows:
        reasons = []
        for column in columns:
            if getattr(laborer, column):
                reasons.append(_reason(column.removeprefix("fit_"), laborer, vacancy))
        if laborer.household_id in zero_households:
            reasons.append(FITS["zero"].label)
        if not laborer.fit_place and not laborer.fit_place_any:
            reasons.append(f"意愿为{laborer.employment_intention}，岗位在{vacancy.place_label()}")
        matches.append(
            Match(laborer=laborer, score=laborer.score, reasons=reasons, age=laborer.age_on(day))
        )
    return matches


def _without_jit(queryset) -> list:
    """The rows of ``queryset``, on PostgreSQL with JIT compilation off for this statement
    only (``set_config(..., true)`` lasts until the transaction ends; no global setting):
    the ranking's estimated cost crosses the JIT threshold, and compiling it took 600 ms of
    a 1,500 ms query over 100,000 laborers (EXPLAIN ANALYZE), more than running it."""
    if connection.vendor != "postgresql":
        return list(queryset)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('jit', 'off', true)")
        return list(queryset)


def _reason(key: str, laborer: Laborer, vacancy: Vacancy) -> str:
    if key == "place":
        return f"想在{laborer.get_employment_intention_display()}，与岗位相符"
    if key in ("trained", "wanted"):
        verb = "受过" if key == "trained" else "想学"
        return (
            f"{verb}{vacancy.trade.name}培训" if key == "trained" else f"{verb}{vacancy.trade.name}"
        )
    return FITS[key].label


def laborer_vacancies(
    *, laborer: Laborer, user: Any, limit: int = 20
) -> list[tuple[Vacancy, list[str]]]:
    """The open vacancies ``laborer`` meets the requirements of, that ``user`` may push and
    that were not pushed to the laborer yet, best fitting first, with their reasons. Two
    queries: the laborer's completed trades, the vacancies."""
    trained = set(
        Enrollment.objects.filter(laborer=laborer, completed=True).values_list(
            "training_class__trade_id", flat=True
        )
    )
    vacancies = (
        Vacancy.objects.pushable_by(user)
        .current()
        .admitting(laborer)
        .exclude(recipients__laborer=laborer)
        .select_related("employer", "trade", "work_township")
    )
    township_id = laborer.household.village.township_id
    ranked = []
    for vacancy in vacancies:
        points = 0
        reasons = []
        intention = INTENTION_FOR_AREA[vacancy.work_area]
        for key, holds in (
            ("place", laborer.employment_intention == intention),
            ("place_any", laborer.employment_intention == EmploymentIntention.ANY),
            ("trained", vacancy.trade_id in trained),
            ("wanted", bool(vacancy.trade_id) and laborer.training_trade == vacancy.trade.name),
            (
                "nearby",
                vacancy.work_area == WorkArea.IN_COUNTY and vacancy.work_township_id == township_id,
            ),
        ):
            if holds:
                points += FITS[key].points
                reasons.append(_reason(key, laborer, vacancy))
        ranked.append((points, vacancy, reasons))
    ranked.sort(key=lambda item: (-item[0], item[1].valid_to, item[1].pk))
    return [(vacancy, reasons) for _points_, vacancy, reasons in ranked[:limit]]
