"""Demo workshops and posts on top of the demo registry (run by ``seed_demo``).

The registry already holds employment episodes of kind 扶贫车间 (employer "扶贫车间") and
公益性岗位 (employer "村委会"). This seeder builds the sites those people work at and links
every such episode to a site of the laborer's own township (workshops) or village (posts):

- workshops: one or more per township that has workshop episodes (about one per 70 people
  working there now), at a resettlement site when the township has one; a dozen built and
  recognised in the business year (target 4), one still applying, one delisted holding only
  past placements; five funded in the business year with 财政涉农资金 totalling 1,000,000
  yuan (target 5) and one in the year before; five with 鲁渝援建 equipment;
- posts: one to three per village with post episodes, of the kinds and departments the
  plan names, with enough positions for the people in post and a few vacancies.

Sites open before their first placement starts; every write is a bulk insert (history rows
included) or one UPDATE per site, so 100,000 laborers stay fast.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode, Village
from workshops import choices
from workshops.models import Post, PostPlacement, Workshop, WorkshopFunding, WorkshopPlacement
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.clock import today

REASON = "演示数据"
PEOPLE_PER_WORKSHOP = 70
NEW_WORKSHOPS = 12  # built this year; one of them still applying
AGRICULTURAL_GRANTS = [300000, 250000, 200000, 150000, 100000]  # the plan's 1,000,000 yuan
SHANDONG_EQUIPMENT = [
    ("工业缝纫机 30 台", 180000),
    ("电脑绣花机 2 台", 160000),
    ("全自动包装封口机 3 台", 90000),
    ("茶叶烘干设备 1 套", 120000),
    ("竹编加工设备 4 台", 75000),
]
BRANDS = list("武陵边城凤凰花灯川河金珠龙凤翠湖银杏洪安石堤钟灵清溪")
INDUSTRIES = [
    # industry, short name, operator suffix, products, operator kind, weight
    (
        choices.Industry.GARMENT,
        "服装加工",
        "服饰有限公司",
        "服装、箱包",
        choices.OperatorKind.ENTERPRISE,
        30,
    ),
    (
        choices.Industry.ELECTRONICS,
        "电子组装",
        "电子科技有限公司",
        "数据线、电子元件",
        choices.OperatorKind.CONTRACT_FACTORY,
        20,
    ),
    (
        choices.Industry.AGRI_PROCESSING,
        "农产品加工",
        "农业开发有限公司",
        "金银花、茶叶初加工",
        choices.OperatorKind.PROCESSING_POINT,
        15,
    ),
    (
        choices.Industry.HANDICRAFT,
        "苗绣",
        "苗绣专业合作社",
        "苗绣、土家织锦",
        choices.OperatorKind.COOPERATIVE,
        15,
    ),
    (
        choices.Industry.BAMBOO_WOOD,
        "竹编",
        "竹业有限公司",
        "竹编、竹筷",
        choices.OperatorKind.PRODUCTION_WORKSHOP,
        10,
    ),
    (
        choices.Industry.FOOD,
        "食品加工",
        "食品有限公司",
        "米豆腐、红薯粉、腊肉",
        choices.OperatorKind.ENTERPRISE,
        10,
    ),
]
POST_KINDS = [
    # kind, department, funding, subsidy, duties
    (
        choices.PostKind.CLEANING,
        choices.Department.HR,
        choices.PostFunding.EMPLOYMENT_SUBSIDY,
        800,
        "村组道路、公共场所保洁和垃圾清运",
    ),
    (
        choices.PostKind.FOREST,
        choices.Department.FORESTRY,
        choices.PostFunding.DEPARTMENT,
        600,
        "林区巡护、森林防火宣传",
    ),
    (
        choices.PostKind.ROAD,
        choices.Department.TRANSPORT,
        choices.PostFunding.DEPARTMENT,
        500,
        "农村公路日常养护",
    ),
    (
        choices.PostKind.PATROL,
        choices.Department.POVERTY,
        choices.PostFunding.POVERTY_FUNDS,
        600,
        "社区巡查、政策宣传、疫情防控值守",
    ),
    (
        choices.PostKind.WATER,
        choices.Department.WATER,
        choices.PostFunding.DEPARTMENT,
        500,
        "农村饮水工程管护",
    ),
]
ADDRESSES = [
    "集中安置区一楼门面",
    "村委会旁原小学校舍",
    "便民服务中心旁",
    "产业路 2 号厂房",
    "老街 18 号",
]
SURNAMES = "杨吴龙石田彭白王李张刘陈冉向胡罗黄周"
GIVEN = "军华明强伟勇斌刚平林海波芳丽秀英兰梅"


@dataclass
class _Ep:
    pk: int
    start: datetime.date
    end: datetime.date | None
    village_id: int


@dataclass
class _Plan:
    site: Workshop | Post
    episodes: list[_Ep] = field(default_factory=list)


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def _short(name: str) -> str:
    for suffix in ("街道", "社区", "村", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def seed_sites(*, rng: random.Random, stdout) -> None:
    if Workshop.objects.exists() or Post.objects.exists():
        stdout.write("已有扶贫车间或公益性岗位：跳过演示场所的生成。")
        return
    day = today()
    year_start = datetime.date(day.year, 1, 1)
    villages = {v.pk: v for v in Village.objects.select_related("township").order_by("pk")}
    by_township: dict[int, list[_Ep]] = defaultdict(list)
    by_village: dict[int, list[_Ep]] = defaultdict(list)
    for pk, kind, start, end, village_id in (
        EmploymentEpisode.objects.filter(
            kind__in=[EmploymentKind.WORKSHOP, EmploymentKind.WELFARE_POST]
        )
        .order_by("start_date", "pk")
        .values_list("pk", "kind", "start_date", "end_date", "laborer__household__village_id")
    ):
        ep = _Ep(pk, start, end, village_id)
        if kind == EmploymentKind.WORKSHOP:
            by_township[villages[village_id].township_id].append(ep)
        else:
            by_village[village_id].append(ep)

    workshops = _plan_workshops(rng, day, year_start, villages, by_township)
    posts = _plan_posts(rng, day, villages, by_village)
    bulk.insert_with_history(Workshop, [p.site for p in workshops], reason=REASON)
    bulk.insert_with_history(Post, [p.site for p in posts], reason=REASON)
    fundings = _fundings(rng, day, year_start, workshops)
    bulk.insert_with_history(WorkshopFunding, fundings, reason=REASON)
    placements: list = []
    for plan in workshops:
        placements += [
            WorkshopPlacement(workshop=plan.site, episode_id=e.pk) for e in plan.episodes
        ]
    bulk.insert_with_history(WorkshopPlacement, placements, reason=REASON)
    post_placements = [
        PostPlacement(post=plan.site, episode_id=e.pk) for plan in posts for e in plan.episodes
    ]
    bulk.insert_with_history(PostPlacement, post_placements, reason=REASON)
    _rename_employers(workshops + posts)
    stdout.write(
        f"扶贫车间 {len(workshops)} 个（资金支持 {len(fundings)} 笔），"
        f"公益性岗位 {len(posts)} 个，关联安置 {len(placements) + len(post_placements)} 段就业"
    )


def _plan_workshops(rng, day, year_start, villages, by_township) -> list[_Plan]:
    townships = sorted(by_township)
    new_here = set(rng.sample(townships, min(NEW_WORKSHOPS, len(townships))))
    delisted_here = rng.choice(townships) if townships else None
    plans: list[_Plan] = []
    names: set[tuple[int, str]] = set()
    for township_id in townships:
        episodes = by_township[township_id]
        own = [v for v in villages.values() if v.township_id == township_id]
        counts = Counter(e.village_id for e in episodes)
        busiest = max(own, key=lambda v: (counts[v.pk], -v.pk))
        sites = [v for v in own if v.is_resettlement_site] or [busiest]
        if township_id == delisted_here:
            past = [e for e in episodes if e.end is not None]
            if past:
                plans.append(_Plan(_workshop(rng, rng.choice(own), names), past))
                _delist(rng, plans[-1], day)
                episodes = [e for e in episodes if e.end is None]
        if township_id in new_here:
            recent = [
                e for e in episodes if e.end is None and e.start >= year_start + _days(rng, 30, 60)
            ]
            taken = recent[: max(len(recent) // 2, 1)] if recent else []
            if taken:
                plan = _Plan(_workshop(rng, rng.choice(sites), names), taken)
                plan.site.established_on = max(taken[0].start - _days(rng, 5, 25), year_start)
                plans.append(plan)
                taken_ids = {e.pk for e in taken}
                episodes = [e for e in episodes if e.pk not in taken_ids]
        current = sum(1 for e in episodes if e.end is None)
        count = max(1, math.ceil(current / PEOPLE_PER_WORKSHOP))
        older = [_Plan(_workshop(rng, rng.choice([*sites, busiest]), names)) for _ in range(count)]
        for index, episode in enumerate(episodes):
            older[index % count].episodes.append(episode)
        for plan in older:
            first = plan.episodes[0].start if plan.episodes else year_start
            # built before this year, whatever its people's start dates: only the workshops
            # planned as new count towards this year's target
            plan.site.established_on = min(first, year_start) - _days(rng, 20, 400)
        plans += older
    for plan in plans:
        site = plan.site
        if site.status != choices.RecognitionStatus.DELISTED:
            site.status = choices.RecognitionStatus.RECOGNISED
            site.recognised_on = min(site.established_on + _days(rng, 20, 75), day)
        current = sum(1 for e in plan.episodes if e.end is None)
        site.jobs_offered = max(current + math.ceil(current * rng.uniform(0.3, 1.0)), 10)
    new = [p for p in plans if p.site.established_on >= year_start]
    if new:  # one of this year's workshops is still being declared
        applying = new[-1].site
        applying.status = choices.RecognitionStatus.APPLYING
        applying.recognised_on = None
    return plans


def _workshop(rng, village, names) -> Workshop:
    industry, short, operator_suffix, products, operator_kind, _ = rng.choices(
        INDUSTRIES, weights=[w for *_, w in INDUSTRIES]
    )[0]
    brand = "".join(rng.sample(BRANDS, 2))
    base = f"{_short(village.name)}{short}扶贫车间"
    name, n = base, 1
    while (village.pk, name) in names:
        n += 1
        name = f"{base}（{n}）"
    names.add((village.pk, name))
    return Workshop(
        name=name,
        operator_kind=operator_kind,
        operator_name=f"秀山县{brand}{operator_suffix}",
        contact_name=_person(rng),
        contact_phone=_phone(rng),
        village=village,
        address=rng.choice(ADDRESSES),
        industry=industry,
        products=products,
        established_on=today(),
        status=choices.RecognitionStatus.RECOGNISED,
        jobs_offered=10,
    )


def _delist(rng, plan: _Plan, day) -> None:
    site = plan.site
    first = min(e.start for e in plan.episodes)
    last = max(e.end for e in plan.episodes)
    site.established_on = first - _days(rng, 20, 120)
    site.status = choices.RecognitionStatus.DELISTED
    site.recognised_on = site.established_on + _days(rng, 20, 60)
    site.delisted_on = min(max(last, site.recognised_on) + _days(rng, 10, 60), day)
    site.note = "经营不善停产，已摘牌；原在岗人员已另行安置。"


def _fundings(rng, day, year_start, plans: list[_Plan]) -> list[WorkshopFunding]:
    active = [p.site for p in plans if p.site.status != choices.RecognitionStatus.DELISTED]
    new = [w for w in active if w.established_on >= year_start]
    old = [w for w in active if w.established_on < year_start]
    out = []
    funded = rng.sample(new, min(len(new), len(AGRICULTURAL_GRANTS)))
    for number, (workshop, amount) in enumerate(zip(funded, AGRICULTURAL_GRANTS, strict=False), 1):
        date = min(workshop.established_on + _days(rng, 10, 60), day)
        out.append(
            WorkshopFunding(
                workshop=workshop,
                source=choices.FundingSource.AGRICULTURAL,
                amount=Decimal(amount),
                date=date,
                document_number=f"秀府发〔{day.year}〕{20 + number}号",
                note="整合财政涉农资金支持扶贫车间建设",
            )
        )
    if old:
        workshop = rng.choice(old)
        out.append(
            WorkshopFunding(
                workshop=workshop,
                source=choices.FundingSource.AGRICULTURAL,
                amount=Decimal(80000),
                date=max(workshop.established_on, datetime.date(day.year - 1, 6, 1)),
                document_number=f"秀府发〔{day.year - 1}〕37号",
            )
        )
    for workshop, (equipment, value) in zip(
        rng.sample(old, min(len(old), len(SHANDONG_EQUIPMENT))), SHANDONG_EQUIPMENT, strict=False
    ):
        out.append(
            WorkshopFunding(
                workshop=workshop,
                source=choices.FundingSource.SHANDONG,
                amount=Decimal(value),
                date=min(max(workshop.established_on, year_start) + _days(rng, 20, 120), day),
                equipment=equipment,
                note="山东省德州市东西部扶贫协作援建",
            )
        )
    return out


def _plan_posts(rng, day, villages, by_village) -> list[_Plan]:
    plans = []
    for village_id in sorted(by_village):
        village = villages[village_id]
        episodes = by_village[village_id]
        current = sum(1 for e in episodes if e.end is None)
        count = 1 if current <= 3 else 2 if current <= 8 else 3
        kinds = rng.sample(POST_KINDS, count)
        group = [_Plan(_post(rng, village, spec, day)) for spec in kinds]
        for index, episode in enumerate(episodes):
            group[index % count].episodes.append(episode)
        for plan in group:
            post = plan.site
            starts = [e.start for e in plan.episodes] or [day]
            post.start_date = datetime.date(min(starts).year, 1, 1)
            open_now = sum(1 for e in plan.episodes if e.end is None)
            post.positions = max(open_now + rng.choice((0, 0, 1, 2)), 1)
        plans += group
    return plans


def _post(rng, village, spec, day) -> Post:
    kind, department, funding, subsidy, duties = spec
    return Post(
        name=f"{_short(village.name)}{kind.label}岗",
        kind=kind,
        department=department,
        village=village,
        positions=1,
        monthly_subsidy=Decimal(subsidy),
        funding_source=funding,
        start_date=day,
        end_date=datetime.date(day.year, 12, 31) if rng.random() < 0.7 else None,
        duties=duties,
    )


def _rename_employers(plans: list[_Plan]) -> None:
    """The episodes now name their site as employer and place (one UPDATE per site), with
    a history row each, as if an officer had linked them."""
    now = timezone.now()
    ids = []
    for plan in plans:
        if not plan.episodes:
            continue
        site = plan.site
        episode_ids = [e.pk for e in plan.episodes]
        ids += episode_ids
        EmploymentEpisode.objects.filter(pk__in=episode_ids).update(
            employer=site.name,
            place=f"{site.village.township.name}{site.village.name}",
            updated_at=now,
        )
    changed = []
    for start in range(0, len(ids), 5000):
        changed += list(EmploymentEpisode.objects.filter(pk__in=ids[start : start + 5000]))
    bulk.insert_history(EmploymentEpisode, changed, history_type="~", reason=REASON)
