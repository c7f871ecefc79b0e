"""A plausible synthetic county for demos, tests at scale and benchmarks.

Deterministic for a given seed and business date. Bulk inserts in chunks (history rows
included, attributed to the change reason "演示数据"), so 100,000 laborers take well
under two minutes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer, Program, Service, Village
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.clock import quarter_start, today
from xiushan_jobs.lib.idnumber import with_check_digit

SURNAMES = list("杨吴龙石田彭白王李张刘陈冉向胡罗黄周谢唐姚麻滕熊杜肖付何曾邓蒋秦梁宋谭雷余")
MALE_CHARS = list("军华明强伟勇斌刚平林海波涛峰辉洪全兴国文武成富贵山江正红春生德福")
FEMALE_CHARS = list("芳丽秀英兰梅霞玲娟燕萍琴红艳花珍凤翠桂群云莲娥敏静婷")
TRADES = [
    "乡村旅游",
    "苗绣",
    "银杏种植",
    "缝纫工",
    "粘条工",
    "土家织锦",
    "叉车操作",
    "中式烹调师",
    "母婴护理",
    "农村实用技术",
    "电工",
    "焊工",
    "家政服务",
]
EMPLOYERS_IN_COUNTY = [
    "秀山县工业园区某电子厂",
    "秀山物流园区",
    "武陵山珍公司",
    "秀山华兴建材",
    "边城旅游公司",
    "秀山银杏合作社",
    "梅江苗绣坊",
    "县城餐饮店",
]
EMPLOYERS_IN_CITY = [
    "重庆京东方",
    "重庆惠科金渝",
    "重庆富士康",
    "重庆长安汽车配套厂",
    "合川区某制造企业",
    "重庆主城建筑工地",
]
OUTSIDE_PROVINCES = [
    ("广东省", 30),
    ("浙江省", 25),
    ("福建省", 15),
    ("山东省", 10),
    ("江苏省", 10),
    ("上海市", 5),
    ("湖南省", 5),
]
PROVINCE_EMPLOYERS = {
    "广东省": "东莞某电子厂",
    "浙江省": "宁波某制造企业",
    "福建省": "厦门某鞋厂",
    "山东省": "德州某纺织企业",
    "江苏省": "苏州某电子厂",
    "上海市": "上海某物流公司",
    "湖南省": "长沙某建筑公司",
}
SERVICE_KINDS = [
    (choices.ServiceKind.JOB_RECOMMENDATION, 30),
    (choices.ServiceKind.POLICY, 25),
    (choices.ServiceKind.CARE, 20),
    (choices.ServiceKind.TRAINING_REFERRAL, 10),
    (choices.ServiceKind.ENTREPRENEURSHIP, 4),
    (choices.ServiceKind.TRANSPORT, 6),
    (choices.ServiceKind.REMOTE_INTERVIEW, 5),
]
REGIONS = [("500241", 95), ("500242", 2), ("522229", 2), ("433124", 1)]
CHUNK = 5000
REASON = "演示数据"


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class DemoResult:
    households: int = 0
    laborers: int = 0
    episodes: int = 0
    services: int = 0


class _Generator:
    def __init__(self, rng: random.Random, day: datetime.date):
        self.rng = rng
        self.today = day
        self.used_ids: set[str] = set()
        self.programs = {p.code: p for p in Program.objects.all()}

    # --- people --------------------------------------------------------------------
    def name(self, sex: str) -> str:
        chars = MALE_CHARS if sex == choices.Sex.MALE else FEMALE_CHARS
        given = "".join(self.rng.choice(chars) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def id_number(self, birth: datetime.date, sex: str) -> str:
        region = weighted(self.rng, REGIONS)
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if sex == choices.Sex.MALE else 0)
            number = with_check_digit(f"{region}{birth:%Y%m%d}{seq:03d}")
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth_date(self, age_low: int, age_high: int) -> datetime.date:
        age = self.rng.randint(age_low, age_high)
        return self.today - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def phone(self) -> str:
        if self.rng.random() < 0.25:
            return ""
        return "1" + self.rng.choice("3456789") + "".join(self.rng.choices("0123456789", k=9))

    def date_back(self, max_days: int, min_days: int = 0) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(min_days, max_days))

    # --- records -------------------------------------------------------------------
    def household(self, village: Village, number: str) -> Household:
        lifted = self.rng.random() < 0.8
        return Household(
            village=village,
            number=number,
            poverty_status=(
                choices.PovertyStatus.LIFTED if lifted else choices.PovertyStatus.IN_POVERTY
            ),
            poverty_exit_year=self.rng.randint(2015, min(2019, self.today.year))
            if lifted
            else None,
            relocated=self.rng.random() < (0.6 if village.is_resettlement_site else 0.1),
        )

    def members(self, household: Household, size: int) -> list[Laborer]:
        people = []
        head_sex = choices.Sex.MALE if self.rng.random() < 0.8 else choices.Sex.FEMALE
        roles = [(choices.Relationship.HEAD, head_sex, 30, 60)]
        if size > 1:
            other = choices.Sex.FEMALE if head_sex == choices.Sex.MALE else choices.Sex.MALE
            roles.append((choices.Relationship.SPOUSE, other, 28, 60))
        for _ in range(size - len(roles)):
            sex = self.rng.choice([choices.Sex.MALE, choices.Sex.FEMALE])
            relation = (
                choices.Relationship.SON
                if sex == choices.Sex.MALE
                else choices.Relationship.DAUGHTER
            )
            roles.append((relation, sex, 16, 30))
        for relation, sex, low, high in roles:
            people.append(self.laborer(household, relation, sex, self.birth_date(low, high)))
        return people

    def laborer(self, household, relation, sex, birth) -> Laborer:
        rng = self.rng
        age = self.today.year - birth.year
        ability = weighted(
            rng,
            [
                (choices.LaborAbility.ORDINARY, 62),
                (choices.LaborAbility.SKILLED, 10),
                (choices.LaborAbility.WEAK, 18),
                (choices.LaborAbility.LOST, 6),
                (choices.LaborAbility.NONE, 4),
            ],
        )
        capable = ability in choices.LaborAbility.capable()
        graduate = 20 <= age <= 28 and rng.random() < 0.08
        if capable and rng.random() < 0.88:
            intention = weighted(
                rng,
                [
                    (choices.EmploymentIntention.IN_COUNTY, 30),
                    (choices.EmploymentIntention.IN_CITY, 20),
                    (choices.EmploymentIntention.OUTSIDE, 30),
                    (choices.EmploymentIntention.ANY, 20),
                ],
            )
        else:
            intention = choices.EmploymentIntention.NONE
        wants_training = capable and rng.random() < 0.3
        surveyed_roll = rng.random()
        if surveyed_roll < 0.82:
            surveyed = quarter_start(self.today) + datetime.timedelta(
                days=rng.randint(0, (self.today - quarter_start(self.today)).days)
            )
        elif surveyed_roll < 0.98:
            surveyed = self.date_back(300, (self.today - quarter_start(self.today)).days + 1)
        else:
            surveyed = None
        education = weighted(
            rng,
            [
                (choices.Education.PRIMARY, 30),
                (choices.Education.JUNIOR, 40),
                (choices.Education.SENIOR, 12),
                (choices.Education.VOCATIONAL, 8),
                (choices.Education.ILLITERATE, 10),
            ],
        )
        if graduate:
            education = rng.choice([choices.Education.COLLEGE, choices.Education.BACHELOR])
        laborer = Laborer(
            household=household,
            name=self.name(sex),
            id_number=self.id_number(birth, sex),
            sex=sex,
            birth_date=birth,
            phone=self.phone(),
            relationship=relation,
            education=education,
            labor_ability=ability,
            is_college_graduate=graduate,
            graduation_year=rng.randint(2016, min(2020, self.today.year)) if graduate else None,
            is_disabled=rng.random() < (0.3 if not capable else 0.03),
            employment_intention=intention,
            wants_training=wants_training,
            training_trade=rng.choice(TRADES) if wants_training else "",
            wants_entrepreneurship=capable and rng.random() < 0.05,
            prior_work_place=rng.choice(["广东东莞", "浙江宁波", "重庆主城", "县城", ""])
            if capable
            else "",
            departure_date=self.date_back(900, 200) if capable and rng.random() < 0.4 else None,
            last_surveyed_on=surveyed,
        )
        return laborer

    def episodes(self, laborer: Laborer) -> list[EmploymentEpisode]:
        rng = self.rng
        if laborer.labor_ability not in choices.LaborAbility.capable():
            return []
        willing = laborer.employment_intention != choices.EmploymentIntention.NONE
        out = []
        earlier_end = None
        if rng.random() < 0.3:  # an earlier job that ended
            start = self.date_back(900, 400)
            earlier_end = start + datetime.timedelta(days=rng.randint(60, 300))
            out.append(self.episode(laborer, start, earlier_end))
        employed_rate = 0.82 if willing else 0.1
        if laborer.is_college_graduate:
            employed_rate = 0.7
        if rng.random() < employed_rate:
            start = self.date_back(360, 5)
            if earlier_end is not None and start <= earlier_end:  # one job at a time
                start = earlier_end + datetime.timedelta(days=rng.randint(1, 60))
            out.append(self.episode(laborer, min(start, self.today), None))
        return out

    def episode(self, laborer, start, end) -> EmploymentEpisode:
        rng = self.rng
        kind = weighted(
            rng,
            [
                (choices.EmploymentKind.IN_COUNTY, 27),
                (choices.EmploymentKind.IN_CITY, 22),
                (choices.EmploymentKind.OUTSIDE, 32),
                (choices.EmploymentKind.WELFARE_POST, 8),
                (choices.EmploymentKind.WORKSHOP, 6),
                (choices.EmploymentKind.SELF_EMPLOYED, 5),
            ],
        )
        province, employer, place, program, income = "重庆市", "", "", None, 0
        if kind == choices.EmploymentKind.IN_COUNTY:
            employer = rng.choice(EMPLOYERS_IN_COUNTY)
            place = "秀山县"
            income = rng.randint(1800, 3500)
            if rng.random() < 0.15:
                program = self.programs.get("local")
        elif kind == choices.EmploymentKind.IN_CITY:
            employer = rng.choice(EMPLOYERS_IN_CITY)
            place = "合川区" if "合川" in employer else "重庆主城"
            income = rng.randint(2800, 5000)
            if "合川" in employer:
                program = self.programs.get("hechuan") if rng.random() < 0.5 else None
            elif rng.random() < 0.05:
                program = self.programs.get("cq-electronics")
        elif kind == choices.EmploymentKind.OUTSIDE:
            province = weighted(rng, OUTSIDE_PROVINCES)
            employer = PROVINCE_EMPLOYERS[province]
            place = province
            income = rng.randint(3200, 6500)
            if province == "山东省" and rng.random() < 0.08:
                program = self.programs.get("luyu")
        elif kind == choices.EmploymentKind.WELFARE_POST:
            employer = "村委会"
            place = laborer.household.village.name
            income = rng.choice([500, 600, 800, 1000])
        elif kind == choices.EmploymentKind.WORKSHOP:
            employer = "扶贫车间"
            place = laborer.household.village.name
            income = rng.randint(1500, 2800)
            if rng.random() < 0.3:
                program = self.programs.get("local")
        else:
            employer = rng.choice(["个体养殖", "农家乐", "电商网店", "小卖部"])
            place = laborer.household.village.name
            income = rng.randint(1500, 5000)
        return EmploymentEpisode(
            laborer=laborer,
            kind=kind,
            province=province,
            employer=employer,
            place=place,
            start_date=start,
            end_date=end,
            monthly_income=Decimal(income),
            program=program,
        )

    def services(self, laborer: Laborer) -> list[Service]:
        rng = self.rng
        has_intention = laborer.has_intention
        if has_intention:
            count = weighted(rng, [(0, 4), (1, 5), (2, 9), (3, 40), (4, 25), (5, 12), (6, 5)])
        else:
            count = weighted(rng, [(0, 60), (1, 30), (2, 10)])
        return [
            Service(
                laborer=laborer,
                kind=weighted(rng, SERVICE_KINDS),
                date=self.date_back(270),
                channel=weighted(
                    rng,
                    [
                        (choices.ServiceChannel.PHONE, 40),
                        (choices.ServiceChannel.VISIT, 30),
                        (choices.ServiceChannel.WECHAT, 25),
                        (choices.ServiceChannel.ON_SITE, 5),
                    ],
                ),
            )
            for _ in range(count)
        ]


def seed_registry(
    *,
    laborers: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Create about ``laborers`` laborers in households spread over the existing villages."""
    rng = random.Random(seed)
    day = today()
    generator = _Generator(rng, day)
    villages = list(
        Village.objects.select_related("township").order_by("township__sort_order", "pk")
    )
    if not villages:
        raise ValueError("没有村（社区）：请先导入村（社区）名录")
    result = DemoResult()
    counters: dict[int, int] = {}
    while result.laborers < laborers:
        target = min(CHUNK, laborers - result.laborers)
        households: list[Household] = []
        members: list[list[Laborer]] = []
        made = 0
        while made < target:
            village = rng.choice(villages)
            counters[village.pk] = counters.get(village.pk, 0) + 1
            number = f"{village.township.sort_order:02d}{village.pk:04d}{counters[village.pk]:05d}"
            household = generator.household(village, "500241" + number)
            size = min(
                weighted(rng, [(1, 15), (2, 30), (3, 25), (4, 18), (5, 8), (6, 4)]), target - made
            )
            households.append(household)
            members.append(generator.members(household, size))
            made += size
        with transaction.atomic():
            bulk.insert_with_history(Household, households, reason=REASON)
            people = []
            for household, group in zip(households, members, strict=True):
                for person in group:
                    person.household = household
                    people.append(person)
            bulk.insert_with_history(Laborer, people, reason=REASON)
            episodes = [e for person in people for e in generator.episodes(person)]
            services = [s for person in people for s in generator.services(person)]
            bulk.insert_with_history(EmploymentEpisode, episodes, reason=REASON)
            bulk.insert_with_history(Service, services, reason=REASON)
        result.households += len(households)
        result.laborers += len(people)
        result.episodes += len(episodes)
        result.services += len(services)
        if progress:
            progress(result.laborers, laborers)
    return result
