"""Figures for the dashboard (issue 8) and the lists behind them.

Each selector returns a ``Figure``: the queryset it counts (scoped to the user), its count,
the URL of the page in this app that lists exactly those rows (its count equals
``Figure.count``; tests check it), and the lookup from the queryset's model to its
township, so the dashboard can break a figure down by township with one
``.values(township_path).annotate(Count("pk"))`` query.

Definitions, against the plan (seed 主要目标 and 二(二), 二(六), 二(八)):

- **Target 4, 建成就业扶贫车间 10 个** — ``workshops_built``: workshops the county has
  recognised (认定状态 = 已认定, so neither still applying nor delisted) whose 建成日期
  falls in the plan year. A workshop counts once it is both built and recognised.
- **Target 5, 整合财政涉农资金 100 万元支持 5 家扶贫车间建设** —
  ``workshops_with_agricultural_funds``: distinct workshops with at least one grant from
  财政涉农资金 dated in the plan year, whatever their status; ``agricultural_funds_total``
  is the money (against the 1,000,000 yuan).
- **Target 8, 对有就业意愿且一时难以就业的贫困劳动力，充分使用公益性岗位过渡安置** —
  "一时难以就业" (hard to employ for the time being) is defined, on the business date, as a
  laborer who is labor-capable (技能/普通/弱劳动力或半劳动力), has an employment intention
  (县内/市内县外/市外就业 or 均可) and has no current employment other than a
  public-welfare post: either no open episode, or an open episode of kind 公益性岗位 (the
  post is the fallback that placed them). ``hard_to_employ`` is that group (the
  denominator); ``hard_to_employ_in_posts`` those of them in a post now (the numerator);
  ``hard_to_employ_unplaced`` the rest (the warning; numerator + unplaced = denominator).
  Posts are counted by the episode's kind, linked to a site or not (a survey import may
  record "公益性岗位" before anyone links it; see the 未关联 list).
- **Target 14 (part), 依托园区、扶贫车间……帮助 250 名贫困劳动力就近就地就业** —
  ``local_work_laborers``: distinct laborers with an employment episode that started in
  the plan year and is either at a workshop (kind 扶贫车间) or local work in the county
  under the 就近就地 program (kind 县内务工, program 就近就地: parks and firms introduced
  through Shandong cooperation are recorded this way). Ended episodes count: the laborer
  was helped into work that year. Placing at a workshop through this app records the
  就近就地 program on the episode.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from laborers.choices import EmploymentIntention, EmploymentKind, LaborAbility
from laborers.models import EmploymentEpisode, Laborer
from workshops.choices import FundingSource, RecognitionStatus
from workshops.models import Workshop, WorkshopFunding
from workshops.services import LOCAL_PROGRAM_CODE
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.figures import Figure
from xiushan_jobs.lib.figures import figure as _figure
from xiushan_jobs.lib.figures import list_url as _url

__all__ = ["Figure"]


def _year(year: int | None) -> int:
    return year or today().year


# --- workshops (targets 4 and 5) ---------------------------------------------------------


def workshops_built(
    *, user: Any, year: int | None = None, day: datetime.date | None = None
) -> Figure:
    """``day``: as of a past date, recognised and built by then (the records' dates)."""
    year = _year(year)
    workshops = Workshop.objects.visible_to(user)
    recognised = workshops.recognised() if day is None else workshops.recognised_on(day)
    queryset = recognised.established_in(year, day)
    url = _url(
        "workshops:workshop_list",
        {"status": RecognitionStatus.RECOGNISED, "established_year": year},
    )
    return _figure(f"{year}年建成并认定的扶贫车间", queryset, url, "village__township")


def workshops_with_agricultural_funds(
    *, user: Any, year: int | None = None, day: datetime.date | None = None
) -> Figure:
    year = _year(year)
    queryset = Workshop.objects.visible_to(user).funded_by(FundingSource.AGRICULTURAL, year, day)
    url = _url("workshops:workshop_list", {"agricultural_year": year})
    return _figure(f"{year}年获财政涉农资金支持的扶贫车间", queryset, url, "village__township")


def agricultural_fundings_queryset(
    user: Any, year: int, day: datetime.date | None = None
) -> QuerySet:
    """The grants of 财政涉农资金 to workshops dated in the plan year (by ``day``)."""
    grants = WorkshopFunding.objects.visible_to(user).filter(
        source=FundingSource.AGRICULTURAL, date__year=year
    )
    return grants if day is None else grants.filter(date__lte=day)


def agricultural_funds(
    *, user: Any, year: int | None = None, day: datetime.date | None = None
) -> Figure:
    """Target 5's money beside its count: the grants (rows) whose amounts add up to the
    yuan of 财政涉农资金 against the plan's 1,000,000 (``Figure.count`` is that sum)."""
    year = _year(year)
    grants = agricultural_fundings_queryset(user, year, day)
    return Figure(
        f"{year}年到位的财政涉农资金（元）",
        grants,
        _url("workshops:workshop_list", {"agricultural_year": year}),
        "workshop__village__township",
        compute=lambda: int(grants.aggregate(total=Sum("amount"))["total"] or 0),
    )


def agricultural_funds_total(*, user: Any, year: int | None = None) -> Decimal:
    """Yuan of 财政涉农资金 granted to workshops in the plan year (one query)."""
    total = agricultural_fundings_queryset(user, _year(year)).aggregate(total=Sum("amount"))
    return total["total"] or Decimal(0)


# --- laborers (targets 8 and 14) -----------------------------------------------------------
# Conditions on ``Laborer.objects.visible_to(user).with_open_job()`` rows (``open_job``: the
# open episode, at most one); each figure's queryset is that base filtered by its condition,
# and the dashboard counts the conditions together in one pass over the laborers.

WILLING_CAPABLE = Q(labor_ability__in=LaborAbility.capable()) & Q(
    employment_intention__in=EmploymentIntention.willing()
)
IN_A_POST = Q(open_job__kind=EmploymentKind.WELFARE_POST)
#: willing, labor-capable, and without current work other than a public-welfare post
HARD_TO_EMPLOY = WILLING_CAPABLE & (Q(open_job__isnull=True) | IN_A_POST)
IN_POSTS = WILLING_CAPABLE & IN_A_POST
UNPLACED = WILLING_CAPABLE & Q(open_job__isnull=True)


def local_work_condition(year: int, day: datetime.date | None = None) -> Q:
    """An episode started in ``year`` (by ``day``) at a workshop, or in the county under
    就近就地 (the laborers' ids taken from the episodes: a set computed once, not a probe
    per laborer)."""
    episodes = EmploymentEpisode.objects.filter(
        Q(kind=EmploymentKind.WORKSHOP)
        | Q(kind=EmploymentKind.IN_COUNTY, program__code=LOCAL_PROGRAM_CODE),
        start_date__year=year,
    )
    if day is not None:
        episodes = episodes.filter(start_date__lte=day)
    return Q(pk__in=episodes.values("laborer"))


def _working_on(day: datetime.date, **filters: Any) -> Q:
    return Q(pk__in=EmploymentEpisode.objects.running_on(day).filter(**filters).values("laborer"))


def hard_to_employ_condition(day: datetime.date | None = None) -> Q:
    """``HARD_TO_EMPLOY`` now, or as of a past ``day`` from the episodes' own dates: no work
    on that day other than a public-welfare post."""
    if day is None:
        return HARD_TO_EMPLOY
    other_work = EmploymentEpisode.objects.running_on(day).exclude(kind=EmploymentKind.WELFARE_POST)
    return WILLING_CAPABLE & ~Q(pk__in=other_work.values("laborer"))


def in_posts_condition(day: datetime.date | None = None) -> Q:
    if day is None:
        return IN_POSTS
    return WILLING_CAPABLE & _working_on(day, kind=EmploymentKind.WELFARE_POST)


def _laborers(user: Any) -> QuerySet:
    return Laborer.objects.visible_to(user).with_open_job()


def hard_to_employ_queryset(user: Any) -> QuerySet:
    return _laborers(user).filter(HARD_TO_EMPLOY)


def in_posts_queryset(user: Any) -> QuerySet:
    return _laborers(user).filter(IN_POSTS)


def unplaced_queryset(user: Any) -> QuerySet:
    return _laborers(user).filter(UNPLACED)


def local_work_queryset(user: Any, year: int) -> QuerySet:
    return _laborers(user).filter(local_work_condition(year))


def hard_to_employ(*, user: Any, day: datetime.date | None = None) -> Figure:
    condition = hard_to_employ_condition(day)
    return _figure(
        "有就业意愿且一时难以就业的贫困劳动力",
        _laborers(user).filter(condition),
        _url("workshops:laborer_group", group="hard-to-employ"),
        "household__village__township",
        condition=condition,
    )


def hard_to_employ_in_posts(*, user: Any, day: datetime.date | None = None) -> Figure:
    condition = in_posts_condition(day)
    return _figure(
        "其中已在公益性岗位安置",
        _laborers(user).filter(condition),
        _url("workshops:laborer_group", group="in-posts"),
        "household__village__township",
        condition=condition,
    )


def hard_to_employ_unplaced(*, user: Any) -> Figure:
    return _figure(
        "有就业意愿、未就业且未安置公益性岗位",
        unplaced_queryset(user),
        _url("workshops:laborer_group", group="unplaced"),
        "household__village__township",
        condition=UNPLACED,
    )


def local_work_laborers(
    *, user: Any, year: int | None = None, day: datetime.date | None = None
) -> Figure:
    year = _year(year)
    condition = local_work_condition(year, day)
    return _figure(
        f"{year}年经扶贫车间、园区就近就地就业的贫困劳动力",
        _laborers(user).filter(condition),
        _url("workshops:laborer_group", {"year": year}, group="local-work"),
        "household__village__township",
        condition=condition,
    )
