"""One named function per target of the plan: how its current value is computed from
records, stated so a reviewer can check it against the plan's sentence.

Every metric takes the user (whose area scopes every queryset: ``visible_to``), the plan
year and the business date, and returns a ``Measure``: the rows it counts (``numerator``)
and, for a rate, the rows it is a share of (``denominator``). Each ``Part`` carries its
queryset, the lookup from its rows to their township (to break it down by township), and
the URL of an existing list that shows exactly those rows when there is one; otherwise the
dashboard's drill-down page lists the part's own queryset. Nothing is counted here: the
dashboard counts every part of every target at once (``dashboard.selectors``).

Definitions shared by several metrics (decided for the plan, see the README):

- **Employed (就业)**: the laborer has an open employment episode (no end date) of any kind,
  public-welfare posts and workshops included — the registry's own
  ``LaborerQuerySet.employed()``.
- **Willing (有就业意愿)**: an employment intention of 县内/市内县外/市外就业 or 均可
  (``willing_to_work()``); **labor-capable (有劳动能力)**: 技能/普通/弱劳动力或半劳动力
  (``labor_capable()``).
- **People helped in the plan year**: targets that count people transferred or placed count
  distinct laborers with an employment episode that *started* in the plan year (the year of
  the business date), ended since or not: the plan counts people helped into work that year.
- **Programs** (``laborers.Program``): what an episode's placement came through; a hire at a
  recruitment event records the event's program on the episode it creates.

The six training and entrepreneurship targets (6, 7, 11, 15, 16, 19) are the training app's
selectors (``training/selectors.py``, whose docstring gives each definition in full).
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
from xiushan_jobs.lib.clock import quarter_start

LABORER_TOWNSHIP = "household__village__township"
#: 新生代劳动力: born in 1980 or later (the usual meaning of 新生代农民工, the generation
#: born after 1980).
NEW_GENERATION_BORN_FROM = datetime.date(1980, 1, 1)


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

    @property
    def parts(self) -> dict[str, Part]:
        out = {"numerator": self.numerator}
        if self.denominator is not None:
            out["denominator"] = self.denominator
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

    def measure(self, *, user: Any, year: int, day: datetime.date) -> Measure:
        return self.func(user=user, year=year, day=day)

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


METRICS: dict[str, Metric] = {}


def metric(label: str, *, rate: bool, by_township: bool = True):
    def register(func: Callable[..., Measure]) -> Callable[..., Measure]:
        METRICS[func.__name__] = Metric(func.__name__, label, func, rate, by_township)
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


def services_at_least(year: int, minimum: int) -> Q:
    """At least ``minimum`` services dated in ``year``."""
    served = (
        Service.objects.filter(date__year=year)
        .values("laborer")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .values("laborer")
    )
    return Q(pk__in=served)


def episode_started_in(year: int, **filters: Any) -> Q:
    """An employment episode that started in ``year`` (ended since or not) matching
    ``filters`` — a set of laborer ids taken from the episodes, not a probe per laborer."""
    episodes = EmploymentEpisode.objects.filter(start_date__year=year, **filters)
    return Q(pk__in=episodes.values("laborer"))


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


@metric("贫困高校毕业生就业或参加就业准备比例", rate=True)
def graduates_employed_or_preparing(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 1. Seed 一（三）主要目标: "其中贫困高校毕业生 100%实现就业或参加到就业活动准备中".

    - Denominator: registered poor college graduates in the area (贫困高校毕业生 = 是, any
      graduation year) — ``laborer_base(user).filter(is_college_graduate=True)``, the same
      rows as the laborer list ``?group=graduate``.
    - Numerator: those of them employed now or marked ``in_employment_preparation``
      (升学、培训、备考、求职准备) — ``denominator.filter(Q(open_job__isnull=False) |
      Q(in_employment_preparation=True))``.
    - The rest are the warning "贫困高校毕业生未就业也未在就业准备".
    """
    return Measure(
        _laborer_part(
            "已就业或在就业准备的贫困高校毕业生",
            user,
            GRADUATE & (EMPLOYED | Q(in_employment_preparation=True)),
        ),
        _laborer_part("贫困高校毕业生", user, GRADUATE, _laborer_list({"group": "graduate"})),
        warning="graduate_idle",
    )


@metric("易地扶贫搬迁户有能力有意愿劳动力就业比例", rate=True)
def relocated_willing_employed(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 2. Seed 一（三）: "易地扶贫搬迁户贫困劳动力有就业能力有就业意愿的 100%实现就业".

    - Denominator: laborers of relocated households (``household.relocated``) who are
      labor-capable (技能/普通/弱劳动力或半劳动力) and willing to work (县内/市内县外/市外就业
      or 均可) — ``laborer_base(user).filter(household__relocated=True,
      labor_ability__in=LaborAbility.capable(),
      employment_intention__in=EmploymentIntention.willing())``.
    - Numerator: those of them employed now — ``denominator.filter(open_job__isnull=False)``.
    - The rest are the warning "搬迁户劳动力有意愿但未就业".
    """
    group = RELOCATED & CAPABLE & WILLING
    return Measure(
        _laborer_part("已就业", user, group & EMPLOYED),
        _laborer_part("搬迁户中有劳动能力、有就业意愿的劳动力", user, group),
        warning="relocated_unemployed",
    )


@metric("零就业家庭户数", rate=False)
def zero_employment_households(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 3. Seed 一（三）: "零就业家庭动态“清零”" (and rectification item 27:
    "实现零就业家庭动态清零", by the end of June 2020 and kept so).

    - Value (at most 0, lower is better): households with at least one labor-capable member
      and no member employed now —
      ``Household.objects.visible_to(user).zero_employment()``, the same definition as the
      warning "零就业家庭". Listed by the household list ``?zero_employment=1``.
    """
    households = Household.objects.visible_to(user).zero_employment()
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


@metric("建成并认定的就业扶贫车间", rate=False)
def workshops_built(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 4. Seed 一（三）: "建成就业扶贫车间 10 个，促进贫困劳动力就近就地就业".

    - Value: ``workshops.selectors.workshops_built(user=user, year=year)`` — workshops with
      认定状态 已认定 whose 建成日期 falls in the plan year:
      ``Workshop.objects.visible_to(user).recognised().established_in(year)``. Listed by the
      workshop list ``?status=已认定&established_year=<year>``.
    """
    from workshops import selectors

    figure = selectors.workshops_built(user=user, year=year)
    return Measure(_from_figure(figure, unit="个", area_params=True))


@metric("获财政涉农资金支持的扶贫车间", rate=False)
def workshops_with_agricultural_funds(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 5. Seed 二（二）: "整合财政涉农资金 100 万元支持 5 家扶贫车间建设".

    - Value: ``workshops.selectors.workshops_with_agricultural_funds(user=user, year=year)``
      — distinct workshops with at least one grant from 财政涉农资金 dated in the plan year:
      ``Workshop.objects.visible_to(user).funded_by("财政涉农资金", year)``. Listed by the
      workshop list ``?agricultural_year=<year>``.
    """
    from workshops import selectors

    figure = selectors.workshops_with_agricultural_funds(user=user, year=year)
    return Measure(_from_figure(figure, unit="个", area_params=True))


@metric("有意愿且一时难以就业者公益性岗位安置比例", rate=True)
def hard_to_employ_in_posts(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 8. Seed 一（三）: "对有就业意愿且一时难以就业的贫困劳动力，充分使用公益性岗位过渡
    安置就业".

    - Denominator: ``workshops.selectors.hard_to_employ`` — labor-capable, willing laborers
      with no current work other than a public-welfare post ("一时难以就业").
    - Numerator: ``workshops.selectors.hard_to_employ_in_posts`` — those of them in a post
      now (an open episode of kind 公益性岗位).
    - The rest are the warning "有就业意愿、未就业且未安置公益性岗位".
    """
    from workshops import selectors

    return Measure(
        _from_figure(selectors.hard_to_employ_in_posts(user=user)),
        _from_figure(selectors.hard_to_employ(user=user)),
        warning="workshops.unplaced",
    )


@metric("有意愿劳动力获得至少 3 次针对性服务比例", rate=True)
def intention_with_three_services(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 9. Seed 一（三）: "对有就业意愿、培训意愿、创业意愿的贫困劳动力每人提供至少 3 次
    针对性服务".

    - Denominator: laborers with an employment, training or entrepreneurship intention —
      ``laborer_base(user).filter(Q(employment_intention__in=EmploymentIntention.willing())
      | Q(wants_training=True) | Q(wants_entrepreneurship=True))``, the same rows as the
      laborer list ``?intention=any``.
    - Numerator: those of them with at least 3 services dated in the plan year —
      ``denominator.filter(pk__in=Service.objects.filter(date__year=year).values("laborer")
      .annotate(n=Count("pk")).filter(n__gte=3).values("laborer"))``. Services count from
      1 January of the plan year (the plan asks for 3 a year), as the warning "有意愿但本年
      服务不足 3 次" (the rest) does.
    """
    return Measure(
        _laborer_part(
            f"本年已获得至少 {SERVICES_PER_YEAR} 次服务",
            user,
            INTENTION & services_at_least(year, SERVICES_PER_YEAR),
        ),
        _laborer_part(
            "有就业、培训或创业意愿的劳动力", user, INTENTION, _laborer_list({"intention": "any"})
        ),
        warning="few_services",
    )


# --- 重点工作 (seed 二) -------------------------------------------------------------------------


@metric("劳动力信息本季度已调查更新比例", rate=True)
def laborers_surveyed_this_quarter(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 10. Seed 二（一）: "3 月底前完成全部贫困劳动力就业信息的动态更新……以后按季度更新
    数据信息".

    - Denominator: every registered laborer in the area — ``laborer_base(user)``, the rows of
      the laborer list.
    - Numerator: those surveyed since the current quarter began —
      ``denominator.filter(last_surveyed_on__gte=quarter_start(day))``. In the first quarter
      that is "updated in 2020 by 31 March" (the first deadline); from then on, each quarter
      (the target's deadline moves to the end of the current quarter).
    - The rest are the warning "本季度未调查更新".
    """
    return Measure(
        _laborer_part("本季度已调查更新", user, Q(last_surveyed_on__gte=quarter_start(day))),
        _laborer_part("贫困劳动力", user, Q(), _laborer_list()),
        warning="not_updated",
    )


@metric("有培训需求的贫困劳动力培训并掌握技能比例", rate=True)
def training_demand_skilled(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 6. Seed 一（三）: "对有培训意愿有培训需求的贫困劳动力实现“应培尽培”，并力争使其
    掌握 1项就业技能".

    - Denominator: ``training.selectors.training_demand(user=user, year=year)`` — laborers
      with a training need (培训需求 = 是) together with those enrolled in a class running in
      the plan year (a survey updated after training may clear the flag).
    - Numerator: ``training.selectors.training_demand_skilled(user=user, year=year)`` — those
      of them who completed a class that ended in the plan year and obtained a certificate or
      skill in it ("掌握 1 项就业技能").
    """
    from training import selectors

    return Measure(
        _from_figure(selectors.training_demand_skilled(user=user, year=year)),
        _from_figure(selectors.training_demand(user=user, year=year)),
    )


@metric("有创业能力有意愿者获得担保贷款及创业指导比例", rate=True)
def entrepreneurs_supported(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 7. Seed 一（三）: "对有创业能力有创业意愿的贫困劳动力一律提供创业担保贷款及创业
    指导服务".

    - Denominator: ``training.selectors.entrepreneurs(user=user)`` — labor-capable laborers
      with an entrepreneurship intention (创业需求 = 是).
    - Numerator: ``training.selectors.entrepreneurs_supported(user=user, year=year)`` — those
      of them who in the plan year both had a guaranteed business loan offered (in process or
      paid out; a refused application does not count) and at least one mentor's guidance.
    """
    from training import selectors

    return Measure(
        _from_figure(selectors.entrepreneurs_supported(user=user, year=year)),
        _from_figure(selectors.entrepreneurs(user=user, year=year)),
        warning="training.entrepreneurs_unsupported",
    )


@metric("免费创业工位", rate=False, by_township=False)
def entrepreneurship_stations(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 11. Seed 二（四）: "提供免费创业工位 80 个，为贫困高校毕业生搭建免费创业平台".

    - Value: ``training.selectors.stations_provided(user=user)`` — free work stations in
      service on the business date (opened by then and not withdrawn), occupied or free.
      County-level: no township breakdown.
    """
    from training import selectors

    return Measure(_from_figure(selectors.stations_provided(user=user), unit="个"))


@metric("鲁渝协作技能培训贫困劳动力", rate=False)
def shandong_skill_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 15. Seed 二（八）: "组织举办叉车操作、苗绣、中式烹调师、母婴护理等培训班，培训贫困
    劳动力 280 人".

    - Value: ``training.selectors.shandong_skill_trainees(user=user, year=year)`` — distinct
      poor laborers who completed, in the plan year, a skills class of the program 鲁渝劳务
      协作 (any trade but 创业培训, which is target 16; the plan's list ends in 等).
    """
    from training import selectors

    return Measure(_from_figure(selectors.shandong_skill_trainees(user=user, year=year)))


@metric("赴山东创业培训的贫困劳动力", rate=False)
def shandong_entrepreneurship_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 16. Seed 二（八）: "组织有创业能力有创业意愿的 20 名贫困劳动力赴山东开展创业培训+".

    - Value: ``training.selectors.shandong_entrepreneurship_trainees(user=user, year=year)``
      — distinct poor laborers who attended (at least one day) a 创业培训 class held in
      Shandong (办班方式 赴山东培训) that started in the plan year.
    """
    from training import selectors

    return Measure(_from_figure(selectors.shandong_entrepreneurship_trainees(user=user, year=year)))


@metric("农村实用技术培训人数（合川区对口帮扶）", rate=False)
def hechuan_practical_trainees(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 19. Seed 二（九）: "围绕农业主导产业、特色产业和重点项目，开展农村实用技术培训
    300 人".

    - Value: ``training.selectors.hechuan_practical_trainees(user=user, year=year)`` —
      distinct people (poor laborers and non-poor trainees: the plan counts everyone trained)
      who completed, in the plan year, a 农村实用技术 class of the program 合川区对口帮扶.
      Its rows are enrollments, one per person; a non-poor trainee's township is the class's.
    """
    from training import selectors

    return Measure(_from_figure(selectors.hechuan_practical_trainees(user=user, year=year)))


@metric("到重庆重点电子企业就业的贫困劳动力", rate=False)
def cq_electronics_placements(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 12. Seed 二（五）: "扎实推进送工送岗促进 120 名贫困劳动力到重庆重点电子企业就业".

    - Value: distinct laborers with an employment episode that started in the plan year under
      the program 重庆重点电子企业 (code ``cq-electronics``), of any kind —
      ``laborer_base(user).filter(pk__in=EmploymentEpisode.objects.filter(
      start_date__year=year, program__code="cq-electronics").values("laborer"))``.
      Hires at this program's recruitment events record it on the episode they create.
    """
    condition = episode_started_in(year, program__code="cq-electronics")
    return Measure(_laborer_part(f"{year}年经送工送岗到重庆重点电子企业就业", user, condition))


@metric("有组织转移到山东就业的贫困劳动力", rate=False)
def shandong_organised_transfers(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 13. Seed 二（五）: "转移 45 名贫困劳动力到山东就业"; 二（八）: "确保 45 名贫困
    劳动力有组织赴鲁稳定就业".

    - Value: distinct laborers with an employment episode that started in the plan year in
      Shandong (``province`` 山东省) under the program 鲁渝劳务协作 (code ``luyu``: that is
      "organised"; a laborer who went to Shandong on their own is not counted) —
      ``laborer_base(user).filter(pk__in=EmploymentEpisode.objects.filter(
      start_date__year=year, program__code="luyu", province="山东省").values("laborer"))``.
    """
    condition = episode_started_in(year, program__code="luyu", province=SHANDONG)
    return Measure(_laborer_part(f"{year}年经鲁渝劳务协作有组织赴鲁就业", user, condition))


@metric("帮助就近就地就业的贫困劳动力", rate=False)
def local_work_laborers(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 14. Seed 二（八）: "重点依托县工业园区、物流园区、农业园区、就业扶贫车间、山东产业
    合作引进企业，支持鼓励开发就业岗位，帮助 250 名贫困劳动力就近就地就业".

    - Value: ``workshops.selectors.local_work_laborers(user=user, year=year)`` — distinct
      laborers with an episode started in the plan year either at a workshop (kind 扶贫车间)
      or in the county under the program 就近就地 (kind 县内务工: parks and firms introduced
      through Shandong cooperation are recorded this way).
    """
    from workshops import selectors

    return Measure(_from_figure(selectors.local_work_laborers(user=user, year=year)))


@metric("为贫困高校毕业生提供的就业岗位（合川区定向招聘）", rate=False, by_township=False)
def hechuan_graduate_positions(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 17. Seed 二（九）: "开展定向招聘，为贫困高校毕业生提供 200 个以上就业岗位".

    - Value (a sum, not a count of rows): ``transfer.selectors.graduate_positions_offered(
      user=user, year=year)`` — the positions reserved for poor college graduates
      (``EventEmployer.graduate_positions``) by employers at recruitment events of the
      program 合川区对口帮扶 dated in the plan year. Listed by the recruitment-event list
      for that program and year, whose "面向贫困高校毕业生岗位" total is this sum.
    - County-level: events are county or township events, the positions are not a
      township's; no township breakdown.
    """
    from transfer import selectors

    figure = selectors.graduate_positions_offered(user=user, year=year)
    return Measure(
        Part(
            figure.label,
            figure.queryset,
            None,
            list_url=figure.url,
            sum_field="graduate_positions",
            unit="个",
        )
    )


@metric("转移到重庆主城及合川区就业的新生代劳动力", rate=False)
def new_generation_to_chongqing(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 18. Seed 二（九）推进合川区对口帮扶: "转移 50 名新生代劳动力到重庆主城及合川区就业".

    - Value: distinct laborers born on or after 1980-01-01 (新生代, the generation born after
      1980) with an employment episode that started in the plan year of kind 市内县外务工
      (work in Chongqing outside the county: the main city or Hechuan) under the program
      合川区对口帮扶 (code ``hechuan``: the sentence belongs to the Hechuan pairing) —
      ``laborer_base(user).filter(birth_date__gte=date(1980, 1, 1),
      pk__in=EmploymentEpisode.objects.filter(start_date__year=year,
      program__code="hechuan", kind="市内县外务工").values("laborer"))``.
    """
    condition = Q(birth_date__gte=NEW_GENERATION_BORN_FROM) & episode_started_in(
        year, program__code="hechuan", kind=EmploymentKind.IN_CITY
    )
    return Measure(
        _laborer_part(f"{year}年转移到重庆主城及合川区就业的新生代劳动力", user, condition)
    )


@metric("有意愿的贫困劳动力务工就业比例", rate=True)
def willing_laborers_employed(*, user: Any, year: int, day: datetime.date) -> Measure:
    """Target 20. Rectification items 50 (附件1) and 60 (附件2): "3月底前实现有意愿的贫困劳动力
    全部务工就业".

    - Denominator: labor-capable laborers willing to work —
      ``laborer_base(user).filter(labor_ability__in=LaborAbility.capable(),
      employment_intention__in=EmploymentIntention.willing())`` (the group target 8 starts
      from).
    - Numerator: those of them employed now, any kind of work including public-welfare posts
      (the plan's transitional placement) — ``denominator.filter(open_job__isnull=False)``.
    - Today's value: the plan wants it by 31 March and kept; the snapshot recorded on
      2020-03-31 is what it was then.
    """
    return Measure(
        _laborer_part("已务工就业", user, CAPABLE & WILLING & EMPLOYED),
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
