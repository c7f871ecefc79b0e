"""One registered metric per target of the plan: how its value is computed from records,
stated so a reviewer can check it against the plan's sentence.

Every metric takes the user (whose area scopes every queryset: ``visible_to``), the plan
year and the date it is taken on, and returns a ``Measure``: the rows it counts
(``numerator``), for a rate the rows it is a share of (``denominator``), and any numbers
shown beside them (``extras``: target 6's skill mastery, target 5's money). Each ``Part``
carries its queryset, the lookup from its rows to their township (to break it down by
township), and the URL of an existing list that shows exactly those rows when there is
one; otherwise the dashboard's drill-down page lists the part's own queryset. Nothing is
counted here: the dashboard counts every part of every target at once
(``dashboard.selectors``).

A metric is registered under a stable key (``@metric("graduates_employed", …)``) that
``Target.metric`` stores: renaming a function changes nothing the database holds. Each
carries its definition in Chinese (``definition``) and the judgement calls the bureau may
change (``judgements``), shown under 说明 on the card and in the Excel report;
``docs/targets.md`` tables them.

**As of a date.** ``day`` is the business date, or a past date (``?as_of=2020-03-31``). On
the business date the registry's current state is read (the open job, the lists of the
feature apps). On a past date every figure is taken from the records' own dates — job
start and end, service dates, class and enrollment dates, loan and guidance dates,
workshop recognition and funding dates, event dates, the history of survey updates — so a
figure as of 31 March is what the records say about 31 March. The survey's answers
(willingness, ability, needs) and the registry of households are read as they are now:
the bureau may read history for them later (a judgement recorded in ``docs/targets.md``).

Definitions shared by several metrics:

- **Employed (就业)**: an employment episode running on the day (on the business date: an
  open episode), of any kind, public-welfare posts and workshops included — the registry's
  ``LaborerQuerySet.employed()`` and ``EpisodeQuerySet.running_on(day)``.
- **Willing (有就业意愿)**: an employment intention of 县内/市内县外/市外就业 or 均可
  (``willing_to_work()``); **labor-capable (有劳动能力)**: 技能/普通/弱劳动力或半劳动力
  (``labor_capable()``).
- **People helped in the plan year**: targets that count people transferred or placed count
  distinct laborers with an employment episode that *started* in the plan year (by the
  day), ended since or not.
- **Programs** (``laborers.Program``): what an episode's placement came through; for
  targets 13, 14 and 18 the program tag is what marks a transfer as organised.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from laborers.choices import SHANDONG, EmploymentIntention, EmploymentKind, LaborAbility
from laborers.models import EmploymentEpisode, Household, Laborer, Service
from laborers.warning_rules import SERVICES_PER_YEAR
from xiushan_jobs.lib.clock import quarter_start, today

LABORER_TOWNSHIP = "household__village__township"
#: 新生代劳动力: born in 1980 or later (the usual meaning of 新生代农民工, the generation
#: born after 1980).
NEW_GENERATION_BORN_FROM = datetime.date(1980, 1, 1)

#: judgement calls several targets share (shown on each card they apply to)
WELFARE_POSTS_EMPLOYED = "公益性岗位、扶贫车间就业均计为就业（方案把公益性岗位作为过渡安置就业）。"
SURVEY_AS_NOW = "按日期回看时，就业意愿、劳动能力、培训和创业需求按当前调查结果认定。"
PROGRAM_ORGANISED = "以就业记录上的帮扶项目标记认定“有组织转移”。"


def as_of(day: datetime.date | None) -> datetime.date | None:
    """``day`` when it is a past date (the figures are taken from the records' dates),
    ``None`` on the business date (the registry's current state)."""
    if day is None or day >= today():
        return None
    return day


@dataclass(frozen=True)
class Part:
    """Rows a metric counts (or sums) and where to list them."""

    label: str
    queryset: QuerySet
    #: lookup from the rows to their Township; ``None`` for county-level rows
    township_path: str | None
    #: an existing page listing exactly these rows (in the user's area), or ``None``
    list_url: str | None = None
    #: that page's filters for one township / one village, when it has them
    township_param: str | None = None
    village_param: str | None = None
    #: sum this field instead of counting rows (positions offered)
    sum_field: str | None = None
    #: a unit for the part's own number when it differs from the target's (e.g. 人 of a %)
    unit: str = "人"
    #: the rows as a condition on ``laborer_base`` (``queryset`` is that base filtered by
    #: it): the dashboard counts all such parts in one pass over the laborers
    condition: Q | None = None

    @property
    def village_path(self) -> str | None:
        """The lookup to the rows' Village, when the township is reached through it."""
        suffix = "__township"
        if self.township_path and self.township_path.endswith(suffix):
            return self.township_path[: -len(suffix)]
        return None

    def list_url_for(self, *, township: int | None = None, village: int | None = None):
        """The existing list narrowed to one township or village, when it can be."""
        if self.list_url is None:
            return None
        params = {}
        if village is not None:
            if not self.village_param:
                return None
            params[self.village_param] = village
        elif township is not None:
            if not self.township_param:
                return None
            params[self.township_param] = township
        if not params:
            return self.list_url
        joiner = "&" if "?" in self.list_url else "?"
        return f"{self.list_url}{joiner}{urlencode(params)}"


@dataclass(frozen=True)
class Measure:
    numerator: Part
    denominator: Part | None = None
    #: the key of the warning (warnings page) whose list is exactly this measure's
    #: shortfall: the denominator's rows not in the numerator, or the numerator itself for a
    #: target to keep at zero. The dashboard shows that warning's count from this measure
    #: instead of counting it again (a test holds them equal).
    warning: str = ""
    #: numbers shown beside the target's own, by name: a second figure (target 6's skill
    #: mastery) or money (target 5); each counted, and listed, like the others
    extras: tuple[tuple[str, Part], ...] = ()

    @property
    def parts(self) -> dict[str, Part]:
        out = {"numerator": self.numerator}
        if self.denominator is not None:
            out["denominator"] = self.denominator
        out.update(self.extras)
        return out


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    func: Callable[..., Measure]
    is_rate: bool
    #: False for county-level figures (work stations, positions offered at county events):
    #: no township breakdown and not on township dashboards
    by_township: bool = True
    #: how the value is computed, in Chinese, for the card's 说明 and the report
    definition: str = ""
    #: the judgement calls behind the definition that the bureau may change
    judgements: tuple[str, ...] = ()

    def measure(self, *, user: Any, year: int, day: datetime.date | None) -> Measure:
        return self.func(user=user, year=year, day=day or today())

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    @property
    def explanation(self) -> str:
        """The definition and its judgement calls as one text (the report's 口径说明)."""
        lines = [self.definition]
        lines += [f"可调整的口径：{j}" for j in self.judgements]
        return "\n".join(line for line in lines if line)


METRICS: dict[str, Metric] = {}


def metric(
    key: str,
    label: str,
    *,
    rate: bool,
    definition: str,
    judgements: tuple[str, ...] = (),
    by_township: bool = True,
):
    """Register a metric under ``key``, the stable name ``Target.metric`` stores."""

    def register(func: Callable[..., Measure]) -> Callable[..., Measure]:
        if key in METRICS:
            raise ValueError(f"metric key {key!r} registered twice")
        METRICS[key] = Metric(key, label, func, rate, by_township, definition, judgements)
        return func

    return register


def metric_choices() -> list[tuple[str, str]]:
    """The target's ``metric`` choices (a callable, so registering one needs no migration)."""
    return [(key, f"{spec.label}（{key}）") for key, spec in METRICS.items()]


def _laborer_list(params: dict[str, Any] | None = None) -> str:
    url = reverse("laborers:laborer_list")
    return f"{url}?{urlencode(params)}" if params else url


def laborer_base(user: Any) -> QuerySet:
    """The laborers in the user's area with their open employment episode LEFT JOINed as
    ``open_job`` (``LaborerQuerySet.with_open_job``), the base every laborer metric's
    condition narrows — the feature apps' laborer figures carry conditions on it too.
    ``open_job__isnull=False`` is "employed", the same set as ``employed()``."""
    return Laborer.objects.visible_to(user).with_open_job()


# Conditions on ``laborer_base`` rows, named after the registry's own definitions
# (``LaborerQuerySet.labor_capable()``, ``willing_to_work()``, ``with_intention()``...).
CAPABLE = Q(labor_ability__in=LaborAbility.capable())
WILLING = Q(employment_intention__in=EmploymentIntention.willing())
INTENTION = WILLING | Q(wants_training=True) | Q(wants_entrepreneurship=True)
EMPLOYED = Q(open_job__isnull=False)
GRADUATE = Q(is_college_graduate=True)
RELOCATED = Q(household__relocated=True)


def employed_on(day: datetime.date) -> Q:
    """Employed on ``day``: the open job on the business date, an episode running on a
    past date (``EpisodeQuerySet.running_on``)."""
    past = as_of(day)
    if past is None:
        return EMPLOYED
    return Q(pk__in=EmploymentEpisode.objects.running_on(past).values("laborer"))


def services_at_least(year: int, minimum: int, day: datetime.date | None = None) -> Q:
    """At least ``minimum`` services dated in ``year`` (by a past ``day``)."""
    services = Service.objects.filter(date__year=year)
    if as_of(day) is not None:
        services = services.filter(date__lte=day)
    served = services.values("laborer").annotate(n=Count("pk")).filter(n__gte=minimum)
    return Q(pk__in=served.values("laborer"))


def episode_started_in(year: int, day: datetime.date | None = None, **filters: Any) -> Q:
    """An employment episode that started in ``year`` (by a past ``day``; ended since or
    not) matching ``filters`` — a set of laborer ids taken from the episodes, not a probe
    per laborer."""
    episodes = EmploymentEpisode.objects.filter(start_date__year=year, **filters)
    if as_of(day) is not None:
        episodes = episodes.filter(start_date__lte=day)
    return Q(pk__in=episodes.values("laborer"))


def surveyed_between(start: datetime.date, day: datetime.date) -> Q:
    """Surveyed (最近调查更新日期) from ``start`` to ``day``. On the business date the
    record's date; on a past date any version of the record (django-simple-history keeps
    each survey update) dated in the range, since a later survey overwrites the field."""
    if as_of(day) is None:
        return Q(last_surveyed_on__gte=start)
    versions = Laborer.history.filter(last_surveyed_on__gte=start, last_surveyed_on__lte=day)
    return Q(last_surveyed_on__gte=start, last_surveyed_on__lte=day) | Q(
        pk__in=versions.values("id")
    )


def _laborer_part(label: str, user: Any, condition: Q, list_url: str | None = None) -> Part:
    return Part(
        label,
        laborer_base(user).filter(condition),
        LABORER_TOWNSHIP,
        list_url=list_url,
        township_param="township" if list_url else None,
        village_param="village" if list_url else None,
        condition=condition,
    )


# --- 主要目标 (seed 一（三）) ------------------------------------------------------------------


@metric(
    "graduates_employed",
    "贫困高校毕业生就业或参加就业准备比例",
    rate=True,
    definition="分母：登记为贫困高校毕业生的劳动力（不限毕业年份）。"
    "分子：其中当日在就业，或标记为“就业准备”（升学、培训、备考、求职准备）的人。",
    judgements=(WELFARE_POSTS_EMPLOYED, "“就业准备”按劳动力记录上的标记认定。", SURVEY_AS_NOW),
)
def graduates_employed_or_preparing(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 1. Seed 一（三）主要目标: "其中贫困高校毕业生 100%实现就业或参加到就业活动准备中".

    - Denominator: registered poor college graduates in the area (贫困高校毕业生 = 是, any
      graduation year) — ``laborer_base(user).filter(is_college_graduate=True)``, the same
      rows as the laborer list ``?group=graduate``.
    - Numerator: those of them employed on the day or marked ``in_employment_preparation``.
    - The rest are the warning "贫困高校毕业生未就业也未在就业准备".
    """
    return Measure(
        _laborer_part(
            "已就业或在就业准备的贫困高校毕业生",
            user,
            GRADUATE & (employed_on(day) | Q(in_employment_preparation=True)),
        ),
        _laborer_part("贫困高校毕业生", user, GRADUATE, _laborer_list({"group": "graduate"})),
        warning="graduate_idle",
    )


@metric(
    "relocated_employed",
    "易地扶贫搬迁户有能力有意愿劳动力就业比例",
    rate=True,
    definition="分母：易地扶贫搬迁户中有劳动能力（技能/普通/弱劳动力或半劳动力）、"
    "有就业意愿（县内、市内县外、市外就业或均可）的劳动力。分子：其中当日在就业的人。",
    judgements=(WELFARE_POSTS_EMPLOYED, SURVEY_AS_NOW),
)
def relocated_willing_employed(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 2. Seed 一（三）: "易地扶贫搬迁户贫困劳动力有就业能力有就业意愿的 100%实现就业".

    - Denominator: laborers of relocated households who are labor-capable and willing.
    - Numerator: those of them employed on the day.
    - The rest are the warning "搬迁户劳动力有意愿但未就业".
    """
    group = RELOCATED & CAPABLE & WILLING
    return Measure(
        _laborer_part("已就业", user, group & employed_on(day)),
        _laborer_part("搬迁户中有劳动能力、有就业意愿的劳动力", user, group),
        warning="relocated_unemployed",
    )


@metric(
    "zero_employment",
    "零就业家庭户数",
    rate=False,
    definition="零就业家庭：家中至少有一名既有劳动能力、又有就业意愿的成员，且当日无一人就业的"
    "贫困户（整改措施 27：“为有就业意愿、就业能力的贫困家庭提供就业岗位”）。"
    "有劳动能力但都没有就业意愿的家庭不计入。目标为 0 并保持。"
    "预警和所有“零就业家庭”名单用同一口径。",
    judgements=(WELFARE_POSTS_EMPLOYED, SURVEY_AS_NOW),
)
def zero_employment_households(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 3. Seed 一（三）: "零就业家庭动态“清零”"; rectification item (27):
    "每年为有就业意愿、就业能力的贫困家庭提供就业岗位，实现零就业家庭动态清零".

    - Value (at most 0, lower is better): households with a member both labor-capable and
      willing to work, and no member employed on the day —
      ``Household.objects.visible_to(user).zero_employment(day)``, the definition the
      warning "零就业家庭" and the household list ``?zero_employment=1`` use.
    """
    past = as_of(day)
    households = Household.objects.visible_to(user).zero_employment(past)
    url = reverse("laborers:household_list") + "?zero_employment=1"
    return Measure(
        Part(
            "零就业家庭",
            households,
            "village__township",
            list_url=url,
            township_param="township",
            village_param="village",
            unit="户",
        ),
        warning="zero_employment",
    )


@metric(
    "workshops_built",
    "建成并认定的就业扶贫车间",
    rate=False,
    definition="建成日期在计划年度内、且已认定（未摘牌）的就业扶贫车间。按日期回看时，"
    "以认定日期、摘牌日期和建成日期判断当日状态。",
    judgements=("车间须既建成又经认定才计入；申请中、已摘牌的不计。",),
)
def workshops_built(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 4. Seed 一（三）: "建成就业扶贫车间 10 个，促进贫困劳动力就近就地就业".

    - Value: ``workshops.selectors.workshops_built(user=user, year=year, day=…)`` —
      recognised workshops whose 建成日期 falls in the plan year.
    """
    from workshops import selectors

    figure = selectors.workshops_built(user=user, year=year, day=as_of(day))
    return Measure(_from_figure(figure, unit="个", area_params=True))


@metric(
    "workshops_funded",
    "获财政涉农资金支持的扶贫车间",
    rate=False,
    definition="计划年度内有财政涉农资金到位的扶贫车间（不论认定状态），每个车间计一次；"
    "旁边列出这些资金的合计金额，对照方案的 100 万元。",
    judgements=("资金以到位日期计入年度；车间获多笔资金只计一个车间，金额全部累计。",),
)
def workshops_with_agricultural_funds(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 5. Seed 二（二）: "整合财政涉农资金 100 万元支持 5 家扶贫车间建设".

    - Value: distinct workshops with a grant from 财政涉农资金 dated in the plan year.
    - Extra ``funds``: the yuan of those grants (a sum over the grants, against 1,000,000).
    """
    from workshops import selectors

    past = as_of(day)
    figure = selectors.workshops_with_agricultural_funds(user=user, year=year, day=past)
    money = selectors.agricultural_funds(user=user, year=year, day=past)
    funds = Part(
        money.label,
        money.queryset,
        money.township_path,
        sum_field="amount",
        unit="元",
    )
    return Measure(_from_figure(figure, unit="个", area_params=True), extras=(("funds", funds),))


@metric(
    "welfare_posts",
    "有意愿且一时难以就业者公益性岗位安置比例",
    rate=True,
    definition="分母：有劳动能力、有就业意愿，当日除公益性岗位外没有工作的劳动力（“一时难以就业”）。"
    "分子：其中当日在公益性岗位上的人。",
    judgements=("“一时难以就业”以当日没有其他工作认定。", SURVEY_AS_NOW),
)
def hard_to_employ_in_posts(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 8. Seed 一（三）: "对有就业意愿且一时难以就业的贫困劳动力，充分使用公益性岗位过渡
    安置就业".

    - Denominator: ``workshops.selectors.hard_to_employ`` — labor-capable, willing laborers
      with no work on the day other than a public-welfare post.
    - Numerator: ``workshops.selectors.hard_to_employ_in_posts`` — those of them in a post.
    - The rest are the warning "有就业意愿、未就业且未安置公益性岗位".
    """
    from workshops import selectors

    past = as_of(day)
    return Measure(
        _from_figure(selectors.hard_to_employ_in_posts(user=user, day=past)),
        _from_figure(selectors.hard_to_employ(user=user, day=past)),
        warning="workshops.unplaced",
    )


@metric(
    "three_services",
    "有意愿劳动力获得至少 3 次针对性服务比例",
    rate=True,
    definition="分母：有就业、培训或创业意愿的劳动力。分子：其中本年 1 月 1 日至当日"
    f"已获得至少 {SERVICES_PER_YEAR} 次针对性服务的人。",
    judgements=("服务按服务日期计入年度，每年重新计数。", SURVEY_AS_NOW),
)
def intention_with_three_services(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 9. Seed 一（三）: "对有就业意愿、培训意愿、创业意愿的贫困劳动力每人提供至少 3 次
    针对性服务".

    - Denominator: laborers with an employment, training or entrepreneurship intention, the
      same rows as the laborer list ``?intention=any``.
    - Numerator: those of them with at least 3 services dated in the plan year (by the day),
      as the warning "有意愿但本年服务不足 3 次" (the rest) counts.
    """
    return Measure(
        _laborer_part(
            f"本年已获得至少 {SERVICES_PER_YEAR} 次服务",
            user,
            INTENTION & services_at_least(year, SERVICES_PER_YEAR, day),
        ),
        _laborer_part(
            "有就业、培训或创业意愿的劳动力", user, INTENTION, _laborer_list({"intention": "any"})
        ),
        warning="few_services",
    )


# --- 重点工作 (seed 二) -------------------------------------------------------------------------


@metric(
    "survey_updated",
    "劳动力信息本季度已调查更新比例",
    rate=True,
    definition="分母：全部登记的贫困劳动力。分子：其中本季度第一天至当日已调查更新的人。"
    "第一季度即 3 月 31 日前的首次全面更新；此后每季度，完成时限为当季最后一天"
    "（看板与报表显示同一时限）。",
    judgements=("按日期回看时，以调查更新的历史记录判断当日是否已更新。",),
)
def laborers_surveyed_this_quarter(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 10. Seed 二（一）: "3 月底前完成全部贫困劳动力就业信息的动态更新……以后按季度更新
    数据信息".

    - Denominator: every registered laborer in the area, the rows of the laborer list.
    - Numerator: those surveyed since the quarter of the day began (by the day).
    - The rest are the warning "本季度未调查更新".
    """
    return Measure(
        _laborer_part("本季度已调查更新", user, surveyed_between(quarter_start(day), day)),
        _laborer_part("贫困劳动力", user, Q(), _laborer_list()),
        warning="not_updated",
    )


@metric(
    "training_coverage",
    "有培训需求的贫困劳动力应培尽培比例",
    rate=True,
    definition="分母：调查登记有培训需求的劳动力；报名了本年度培训班、且调查曾登记其培训需求的"
    "也计入（培训后调查可能改为“否”），没有登记过需求的报名者不计入。"
    "分子（应培尽培，须达 100%）：其中本年度已参加培训、未中途退出（仍在培训或已结业）的人。"
    "旁边的第二个数字（力争掌握 1 项技能）：其中已结业并取得证书或掌握技能的人。",
    judgements=(
        "结业班未结业的学员视为中途退出；已取消的班不计。",
        "掌握技能以学员记录上填写的证书或技能认定。",
        SURVEY_AS_NOW,
    ),
)
def training_demand_trained(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 6. Seed 一（三）: "对有培训意愿有培训需求的贫困劳动力实现“应培尽培”，并力争使其
    掌握 1项就业技能".

    - Denominator: ``training.selectors.training_demand`` — laborers with a training need,
      with those enrolled this year whose need the survey recorded at some time.
    - Numerator (the firm 100 %): ``training.selectors.training_demand_trained`` — those of
      them trained in the year (enrolled, not dropped out).
    - Extra ``skilled`` (力争): ``training.selectors.training_demand_skilled`` — those of
      them who completed a class and obtained a certificate or skill.
    """
    from training import selectors

    past = as_of(day)
    skilled = _from_figure(selectors.training_demand_skilled(user=user, year=year, day=past))
    return Measure(
        _from_figure(selectors.training_demand_trained(user=user, year=year, day=past)),
        _from_figure(selectors.training_demand(user=user, year=year, day=past)),
        extras=(("skilled", skilled),),
    )


@metric(
    "entrepreneurs_supported",
    "有创业能力有意愿者获得担保贷款及创业指导比例",
    rate=True,
    definition="分母：有劳动能力、有创业意愿（创业需求为“是”）的劳动力。分子：其中本年度既有"
    "创业担保贷款（申请中或已发放，被拒不算）、又接受过创业导师指导的人。",
    judgements=("贷款和指导须两者都有才计入。", SURVEY_AS_NOW),
)
def entrepreneurs_supported(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 7. Seed 一（三）: "对有创业能力有创业意愿的贫困劳动力一律提供创业担保贷款及创业
    指导服务".

    - Denominator: ``training.selectors.entrepreneurs`` — labor-capable laborers with an
      entrepreneurship intention.
    - Numerator: ``training.selectors.entrepreneurs_supported`` — those of them who in the
      plan year (by the day) both had a loan offered and a mentor's guidance.
    """
    from training import selectors

    return Measure(
        _from_figure(selectors.entrepreneurs_supported(user=user, year=year, day=as_of(day))),
        _from_figure(selectors.entrepreneurs(user=user, year=year)),
        warning="training.entrepreneurs_unsupported",
    )


@metric(
    "work_stations",
    "免费创业工位",
    rate=False,
    by_township=False,
    definition="当日在用（已开放、未撤销）的免费创业工位，不论是否已有人入驻。全县统计，不分乡镇。",
    judgements=("空置的在用工位也计入“提供”。",),
)
def entrepreneurship_stations(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 11. Seed 二（四）: "提供免费创业工位 80 个，为贫困高校毕业生搭建免费创业平台".

    - Value: ``training.selectors.stations_provided(user=user, day=day)`` — work stations in
      service on the day, occupied or free. County-level.
    """
    from training import selectors

    return Measure(_from_figure(selectors.stations_provided(user=user, day=day), unit="个"))


@metric(
    "cq_electronics",
    "到重庆重点电子企业就业的贫困劳动力",
    rate=False,
    definition="本年度（至当日）经“重庆重点电子企业”送工送岗项目、开始在县里认定的重庆重点电子"
    "企业（用人单位名录中标记为“重庆重点电子企业”）就业的劳动力，每人计一次，之后离职的也"
    "计入。带项目标记、但单位不在名录中的工作（如建筑工地、汽配厂）不计。",
    judgements=(
        "重点电子企业名单由县就业人才局在后台“用人单位名录”中维护；就业单位名称须与名录一致。",
        "以项目标记认定“送工送岗”：自行到名录企业就业的不计；如改为不要求标记，也计入自行就业者。",
    ),
)
def cq_electronics_placements(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 12. Seed 二（五）: "扎实推进送工送岗促进 120 名贫困劳动力到重庆重点电子企业就业".

    - Value: distinct laborers with an employment episode that started in the plan year,
      under the program 重庆重点电子企业 (送工送岗), at an employer the county lists as a key
      electronics enterprise — ``transfer.selectors.key_electronics_condition(year, day)``.
    """
    from transfer.selectors import key_electronics_condition

    condition = key_electronics_condition(year, as_of(day))
    return Measure(_laborer_part(f"{year}年到重庆重点电子企业就业", user, condition))


@metric(
    "shandong_transfers",
    "有组织转移到山东就业的贫困劳动力",
    rate=False,
    definition="本年度（至当日）经鲁渝劳务协作项目开始在山东省就业的劳动力，每人计一次。"
    "自行赴鲁务工的不计。",
    judgements=(PROGRAM_ORGANISED,),
)
def shandong_organised_transfers(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 13. Seed 二（五）: "转移 45 名贫困劳动力到山东就业"; 二（八）: "确保 45 名贫困
    劳动力有组织赴鲁稳定就业".

    - Value: distinct laborers with an employment episode that started in the plan year in
      Shandong under the program 鲁渝劳务协作 (code ``luyu``: that is "organised").
    """
    condition = episode_started_in(year, day, program__code="luyu", province=SHANDONG)
    return Measure(_laborer_part(f"{year}年经鲁渝劳务协作有组织赴鲁就业", user, condition))


@metric(
    "local_work",
    "帮助就近就地就业的贫困劳动力",
    rate=False,
    definition="本年度（至当日）开始在扶贫车间就业，或经“就近就地”项目在县内就业（园区、"
    "山东产业合作引进企业）的劳动力，每人计一次。",
    judgements=(PROGRAM_ORGANISED, "扶贫车间就业不论项目标记均计入。"),
)
def local_work_laborers(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 14. Seed 二（八）: "重点依托县工业园区、物流园区、农业园区、就业扶贫车间、山东产业
    合作引进企业，支持鼓励开发就业岗位，帮助 250 名贫困劳动力就近就地就业".

    - Value: ``workshops.selectors.local_work_laborers`` — distinct laborers with an
      episode started in the plan year at a workshop or in the county under 就近就地.
    """
    from workshops import selectors

    figure = selectors.local_work_laborers(user=user, year=year, day=as_of(day))
    return Measure(_from_figure(figure))


#: targets 15 and 16 count trainees differently, on purpose; each card says so
TRAINING_15_16 = (
    "目标 15 计“结业”人数（方案要求“培训贫困劳动力 280 人”）；目标 16 计“参加”人数，"
    "出勤至少 1 天即计入（方案要求“组织……赴山东开展创业培训”，组织赴训即完成）。"
)


@metric(
    "shandong_skills_training",
    "鲁渝协作技能培训贫困劳动力",
    rate=False,
    definition="本年度（至当日）结业的鲁渝劳务协作技能培训班（叉车操作、苗绣、中式烹调师、"
    "母婴护理等，不含创业培训）的贫困学员，每人计一次。" + TRAINING_15_16,
    judgements=("以结业为准，中途退出的不计。",),
)
def shandong_skill_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 15. Seed 二（八）: "组织举办叉车操作、苗绣、中式烹调师、母婴护理等培训班，培训贫困
    劳动力 280 人".

    - Value: ``training.selectors.shandong_skill_trainees`` — distinct poor laborers who
      completed, in the plan year, a skills class of the program 鲁渝劳务协作 (any trade
      but 创业培训, which is target 16). Completion, unlike target 16's attendance.
    """
    from training import selectors

    figure = selectors.shandong_skill_trainees(user=user, year=year, day=as_of(day))
    return Measure(_from_figure(figure))


@metric(
    "shandong_business_training",
    "赴山东创业培训的贫困劳动力",
    rate=False,
    definition="本年度（至当日）开班、在山东举办（办班方式为赴山东培训）的创业培训班中至少出勤"
    "一天的贫困学员，每人计一次。" + TRAINING_15_16,
    judgements=("以出勤至少 1 天为准；如改为以结业为准，与目标 15 口径一致。",),
)
def shandong_entrepreneurship_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 16. Seed 二（八）: "组织有创业能力有创业意愿的 20 名贫困劳动力赴山东开展创业培训+".

    - Value: ``training.selectors.shandong_entrepreneurship_trainees`` — distinct poor
      laborers who attended (at least one day) a 创业培训 class held in Shandong that
      started in the plan year. Attendance, unlike target 15's completion: the plan's
      sentence is about organising the trip.
    """
    from training import selectors

    figure = selectors.shandong_entrepreneurship_trainees(user=user, year=year, day=as_of(day))
    return Measure(_from_figure(figure))


@metric(
    "hechuan_practical_training",
    "农村实用技术培训人数（合川区对口帮扶）",
    rate=False,
    definition="本年度（至当日）结业的合川区对口帮扶农村实用技术培训班学员，贫困劳动力和"
    "非贫困学员都计入，每人计一次。",
    judgements=("方案未限定贫困劳动力，非贫困学员也计入。",),
)
def hechuan_practical_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 19. Seed 二（九）: "围绕农业主导产业、特色产业和重点项目，开展农村实用技术培训
    300 人".

    - Value: ``training.selectors.hechuan_practical_trainees`` — distinct people who
      completed, in the plan year, a 农村实用技术 class of the program 合川区对口帮扶.
    """
    from training import selectors

    figure = selectors.hechuan_practical_trainees(user=user, year=year, day=as_of(day))
    return Measure(_from_figure(figure))


@metric(
    "hechuan_graduate_positions",
    "为贫困高校毕业生提供的就业岗位（合川区定向招聘）",
    rate=False,
    by_township=False,
    definition="本年度（至当日）合川区对口帮扶招聘活动中面向贫困高校毕业生的岗位数，按不同岗位"
    "计：同一用人单位在几场活动中重复发布的岗位只计一次（取该单位单场发布的最多岗位数）。"
    "全县统计，不分乡镇。",
    judgements=("同一单位多场发布视为同一批岗位；如单位确有新增岗位，应在同一场或备注中登记。",),
)
def hechuan_graduate_positions(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 17. Seed 二（九）: "开展定向招聘，为贫困高校毕业生提供 200 个以上就业岗位".

    - Value (a sum, not a count of rows): ``transfer.selectors.graduate_offers_distinct`` —
      one row per employer at the program's events of the plan year, its largest graduate
      offer; their ``graduate_positions`` add up to the distinct positions.
    """
    from transfer import selectors

    offers = selectors.graduate_offers_distinct(user=user, year=year, day=as_of(day))
    return Measure(
        Part(
            f"{year}年定向招聘面向贫困高校毕业生的岗位（不重复）",
            offers,
            None,
            sum_field="graduate_positions",
            unit="个",
        )
    )


@metric(
    "new_generation_transfers",
    "转移到重庆主城及合川区就业的新生代劳动力",
    rate=False,
    definition="1980 年 1 月 1 日及以后出生的劳动力中，本年度（至当日）经合川区对口帮扶项目"
    "开始在重庆市内县外就业的人，每人计一次。",
    judgements=("新生代指 1980 年及以后出生。", PROGRAM_ORGANISED),
)
def new_generation_to_chongqing(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 18. Seed 二（九）推进合川区对口帮扶: "转移 50 名新生代劳动力到重庆主城及合川区就业".

    - Value: distinct laborers born on or after 1980-01-01 with an employment episode that
      started in the plan year of kind 市内县外务工 under the program 合川区对口帮扶.
    """
    condition = Q(birth_date__gte=NEW_GENERATION_BORN_FROM) & episode_started_in(
        year, day, program__code="hechuan", kind=EmploymentKind.IN_CITY
    )
    return Measure(
        _laborer_part(f"{year}年转移到重庆主城及合川区就业的新生代劳动力", user, condition)
    )


@metric(
    "willing_employed",
    "有意愿的贫困劳动力务工就业比例",
    rate=True,
    definition="分母：有劳动能力、有就业意愿的劳动力。分子：其中当日在就业的人。"
    "方案要求 3 月底前全部就业：过了时限，卡片按 3 月 31 日的情况考核，并另列当前情况。",
    judgements=(WELFARE_POSTS_EMPLOYED, SURVEY_AS_NOW),
)
def willing_laborers_employed(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 20. Rectification items 50 (附件1) and 60 (附件2): "3月底前实现有意愿的贫困劳动力
    全部务工就业".

    - Denominator: labor-capable laborers willing to work (the group target 8 starts from).
    - Numerator: those of them employed on the day.
    - Judged at the deadline: the target has ``judged_on_deadline``; the board measures it
      as of 31 March once that date has passed.
    """
    return Measure(
        _laborer_part("已务工就业", user, CAPABLE & WILLING & employed_on(day)),
        _laborer_part("有劳动能力、有就业意愿的劳动力", user, CAPABLE & WILLING),
    )


def _from_figure(figure: Any, *, unit: str = "人", area_params: bool = False) -> Part:
    """A part from a feature app's ``xiushan_jobs.lib.figures.Figure`` (nothing counted
    yet; a figure of laborers brings its condition). ``area_params``: its list filters by
    ``township`` and ``village`` (the site lists)."""
    return Part(
        figure.label,
        figure.queryset,
        figure.township_path,
        list_url=figure.url,
        township_param="township" if area_params else None,
        village_param="village" if area_params else None,
        unit=unit,
        condition=figure.condition,
    )
