"""Demo training classes and entrepreneurship support on top of the demo registry (run by
``seed_demo``). Deterministic for the seed and business date; every write is a bulk insert
with its history rows, so 100,000 laborers stay fast.

- Township classes of the plan's trades where people asked for them (田间课堂, 农民夜校,
  扶贫专班), taking about seven in ten of those who want each trade, so gaps remain for the
  demand-planning page; classes finished, running, planned, one cancelled; mostly poor
  laborers with some non-poor villagers; certificates for most who complete.
- Shandong cooperation (鲁渝劳务协作, East-West cooperation funds, no subsidy for non-poor
  trainees): 叉车操作、苗绣、中式烹调师、母婴护理 classes training about 280 poor laborers
  (target 15), and one entrepreneurship class held in Shandong for 20 (target 16).
- Hechuan (合川区对口帮扶) rural practical-technology classes for about 300 people, poor and
  non-poor (target 19); a county 创业培训 class and an online class.
- A mentor pool, guidance sessions (一对一 and 多对一) for most would-be entrepreneurs, each
  also a targeted service; guaranteed loans in every status; 80 work stations at three
  incubation bases, most occupied by poor college graduates.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from laborers.choices import LaborAbility, ServiceChannel, ServiceKind
from laborers.models import Laborer, Program, Service, Township
from training.choices import (
    ENTREPRENEURSHIP_TRADE,
    HECHUAN_PROGRAM,
    PRACTICAL_TECHNOLOGY_TRADE,
    SHANDONG_PROGRAM,
    SHANDONG_SKILL_TRADES,
    ClassStatus,
    FundingSource,
    GuidanceKind,
    GuidanceMode,
    LoanStatus,
    TrainingFormat,
)
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceParticipant,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    Trade,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.idnumber import with_check_digit

REASON = "演示数据"
CLASS_SIZE = 40
MIN_TOWNSHIP_CLASS = 20  # fewer people of a township wanting a trade join a county class
TAKEN_SHARE = 0.7  # of those wanting a trade, the share enrolled (the rest is the gap)
SURNAMES = "杨吴龙石田彭白王李张刘陈冉向胡罗黄周谢唐姚麻滕"
MALE = "军华明强伟勇斌刚平林海波涛峰辉洪全兴国文武成"
FEMALE = "芳丽秀英兰梅霞玲娟燕萍琴红艳花珍凤翠桂群云"
#: trade → (format, funding source, poor rate, non-poor rate, days, certificate)
LOCAL = {
    "乡村旅游": (
        TrainingFormat.FIELD,
        FundingSource.EMPLOYMENT,
        80,
        40,
        7,
        "乡村旅游服务培训合格证书",
    ),
    "苗绣": (
        TrainingFormat.NIGHT_SCHOOL,
        FundingSource.EMPLOYMENT,
        80,
        40,
        15,
        "苗绣技艺专项能力证书",
    ),
    "银杏种植": (
        TrainingFormat.FIELD,
        FundingSource.AGRICULTURAL,
        60,
        30,
        5,
        "掌握银杏栽培管护技术",
    ),
    "缝纫工": (
        TrainingFormat.SPECIAL,
        FundingSource.EMPLOYMENT,
        100,
        50,
        15,
        "缝纫工（五级）职业技能等级证书",
    ),
    "粘条工": (
        TrainingFormat.SPECIAL,
        FundingSource.UNEMPLOYMENT_INSURANCE,
        100,
        50,
        10,
        "粘条工培训合格证书",
    ),
    "土家织锦": (
        TrainingFormat.NIGHT_SCHOOL,
        FundingSource.EMPLOYMENT,
        80,
        40,
        15,
        "土家织锦技艺专项能力证书",
    ),
    "叉车操作": (
        TrainingFormat.SPECIAL,
        FundingSource.EMPLOYMENT,
        100,
        50,
        10,
        "叉车司机特种设备作业人员证",
    ),
    "中式烹调师": (
        TrainingFormat.SPECIAL,
        FundingSource.EMPLOYMENT,
        100,
        50,
        15,
        "中式烹调师（五级）职业技能等级证书",
    ),
    "母婴护理": (
        TrainingFormat.SPECIAL,
        FundingSource.EMPLOYMENT,
        100,
        50,
        15,
        "母婴护理专项能力证书",
    ),
    "农村实用技术": (
        TrainingFormat.FIELD,
        FundingSource.AGRICULTURAL,
        60,
        30,
        5,
        "掌握农村实用技术",
    ),
}
ORGANIZERS = [
    "秀山县职业教育中心",
    "秀山县就业培训中心",
    "秀山县农业技术推广站",
    "重庆市秀山职业技术学校",
]
SHANDONG_SKILL_CLASSES = 11  # ten finished × 34 poor trainees, most completing: target 15's 280
HECHUAN_CLASSES = 10  # nine finished × 40 trainees (six in ten poor): target 19's 300
SHANDONG_ENTREPRENEURS = 20  # target 16
MENTORS = [
    ("电子商务", "秀山电子商务产业园", "运营总监"),
    ("电子商务", "武陵山区（秀山）电商孵化中心", "创业导师"),
    ("种植养殖", "秀山县农业农村委员会", "高级农艺师"),
    ("种植养殖", "秀山县畜牧兽医站", "兽医师"),
    ("乡村旅游", "秀山县文化和旅游发展委员会", "科长"),
    ("餐饮服务", "秀山县烹饪协会", "中式烹调高级技师"),
    ("财务管理", "重庆农村商业银行秀山支行", "客户经理"),
    ("市场营销", "秀山县工商联", "副会长"),
    ("政策法律", "秀山县就业人才局", "创业指导师"),
    ("民族手工艺", "梅江苗绣专业合作社", "理事长"),
    ("创业培训", "德州职业技术学院", "副教授"),
    ("物流运输", "秀山物流园区", "经理"),
]
TOPICS = {
    GuidanceKind.EXPERT: [
        "创业项目可行性分析",
        "开店选址与成本测算",
        "养殖场防疫与管理",
        "网店运营入门",
    ],
    GuidanceKind.PROJECT: ["电商直播带货项目推介", "金银花种植项目推介", "农家乐经营项目推介"],
    GuidanceKind.POLICY: ["创业担保贷款政策解读", "一次性创业补贴申领", "小微企业税费减免政策"],
}
PROJECTS = [
    "网店（土特产）",
    "生猪养殖",
    "农家乐",
    "金银花种植",
    "小吃店",
    "货运",
    "苗绣工作室",
    "理发店",
]
BANKS = ["中国农业银行秀山支行", "重庆农村商业银行秀山支行", "中国邮政储蓄银行秀山县支行"]
BASES = [
    ("秀山县创业孵化基地", "中和街道渝秀大道", 40),
    ("秀山电子商务产业园", "乌杨街道", 25),
    ("武陵山区（秀山）大学生创业园", "中和街道", 15),
]
BUSINESSES = [
    "电商运营工作室",
    "设计工作室",
    "农产品网店",
    "短视频工作室",
    "软件外包",
    "文创产品",
    "培训咨询",
]


@dataclass
class _Person:
    pk: int
    trade: str
    township_id: int


@dataclass
class _Plan:
    klass: TrainingClass
    poor: list[int] = field(default_factory=list)
    non_poor: int = 0


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class _Generator:
    def __init__(self, rng: random.Random, day: datetime.date, used_ids: set[str]):
        self.rng = rng
        self.day = day
        self.year_start = datetime.date(day.year, 1, 1)
        self.used_ids = used_ids

    def name(self, male: bool) -> str:
        chars = MALE if male else FEMALE
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choices(chars, k=self.rng.choice((1, 2)))
        )

    def villager(self) -> tuple[str, str, str]:
        """A non-poor trainee: name, a fresh valid ID number, a phone."""
        male = self.rng.random() < 0.45
        while True:
            birth = datetime.date(1965, 1, 1) + _days(self.rng.randint(0, 365 * 35))
            seq = self.rng.randrange(500, 1000) // 2 * 2 + (1 if male else 0)
            number = with_check_digit(f"500241{birth:%Y%m%d}{seq:03d}")
            if number not in self.used_ids:
                self.used_ids.add(number)
                break
        phone = "1" + self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))
        return self.name(male), number, phone

    def period(self, days: int, *, state: str) -> tuple[datetime.date, datetime.date, str]:
        """Dates of a class lasting ``days``: finished before today, running now, or
        planned after today (within the year where there is room)."""
        day, rng = self.day, self.rng
        if state == ClassStatus.FINISHED:
            latest_start = day - _days(days + 3)
            span = max((latest_start - self.year_start).days, 0)
            start = self.year_start + _days(rng.randint(0, span)) if span else latest_start
            return start, start + _days(days - 1), ClassStatus.FINISHED
        if state == ClassStatus.RUNNING:
            start = day - _days(rng.randint(0, days - 1))
            return start, start + _days(days - 1), ClassStatus.RUNNING
        start = day + _days(rng.randint(5, 40))
        return start, start + _days(days - 1), ClassStatus.PLANNED

    def klass(self, *, name, trade, fmt, source, poor_rate, non_poor_rate, days, state, **extra):
        start, end, status = self.period(days, state=state)
        return TrainingClass(
            name=name,
            trade=trade,
            format=fmt,
            funding_source=source,
            start_date=start,
            end_date=end,
            status=status,
            hours=days * 6,
            poor_daily_subsidy=Decimal(poor_rate),
            non_poor_daily_subsidy=Decimal(
                0 if source == FundingSource.EAST_WEST else non_poor_rate
            ),
            organizer=extra.pop("organizer", None) or self.rng.choice(ORGANIZERS),
            place=extra.pop("place", None) or "秀山县就业培训中心",
            **extra,
        )

    def enrollment(self, klass: TrainingClass, certificate: str, **who) -> Enrollment:
        rng = self.rng
        days = klass.days
        if klass.status == ClassStatus.FINISHED:
            attended = days if rng.random() < 0.8 else max(days - rng.randint(1, 3), 1)
            completed = attended >= days - 1 and rng.random() < 0.96
        elif klass.status == ClassStatus.RUNNING:
            attended = min((self.day - klass.start_date).days + 1, days)
            attended = max(attended - (rng.random() < 0.2), 0)
            completed = False
        else:
            attended, completed = 0, False
        skill = certificate if completed and rng.random() < 0.85 else ""
        return Enrollment(
            training_class=klass,
            days_attended=attended,
            completed=completed,
            skill=skill,
            certificate_number=f"{klass.start_date:%Y}{rng.randrange(10**7):07d}"
            if skill and "证" in skill
            else "",
            **who,
        )


def seed_training(*, rng: random.Random, stdout) -> None:
    if TrainingClass.objects.exists() or Mentor.objects.exists() or WorkStation.objects.exists():
        stdout.write("已有培训班、创业导师或创业工位：跳过演示培训和创业扶持数据的生成。")
        return
    day = today()
    used = set(Laborer.objects.values_list("id_number", flat=True))
    gen = _Generator(rng, day, used)
    trades = {t.name: t for t in Trade.objects.all()}
    programs = {p.code: p for p in Program.objects.all()}
    townships = list(Township.objects.order_by("sort_order", "pk"))
    wanting = [
        _Person(*row)
        for row in Laborer.objects.filter(wants_training=True)
        .order_by("pk")
        .values_list("pk", "training_trade", "household__village__township_id")
    ]
    plans = _local_classes(gen, trades, townships, wanting)
    taken = {pk for plan in plans for pk in plan.poor}
    free = [p for p in wanting if p.pk not in taken]
    capable = list(
        Laborer.objects.filter(labor_ability__in=LaborAbility.capable(), wants_training=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plans += _cooperation_classes(gen, trades, programs, free, capable, taken)
    entrepreneurs = list(
        Laborer.objects.filter(
            labor_ability__in=LaborAbility.capable(), wants_entrepreneurship=True
        )
        .order_by("pk")
        .values_list("pk", "household__village__township_id")
    )
    plans += _entrepreneurship_classes(gen, trades, programs, [pk for pk, _ in entrepreneurs])
    enrollments = _enrollments(gen, plans, trades)
    bulk.insert_with_history(TrainingClass, [p.klass for p in plans], reason=REASON)
    for enrollment in enrollments:
        enrollment.training_class_id = enrollment.training_class.pk
    bulk.insert_with_history(Enrollment, enrollments, reason=REASON)
    sessions, participants = _guidance(gen, entrepreneurs)
    loans = _loans(gen, entrepreneurs)
    bulk.insert_with_history(BusinessLoan, loans, reason=REASON)
    stations, occupancies = _stations(gen)
    stdout.write(
        f"培训班 {len(plans)} 期（学员 {len(enrollments)} 人次），创业导师 {len(MENTORS)} 名，"
        f"创业指导 {sessions} 次（{participants} 人次），创业担保贷款 {len(loans)} 笔，"
        f"创业工位 {stations} 个（入驻 {occupancies} 人次）"
    )


def _local_classes(gen, trades, townships, wanting) -> list[_Plan]:
    """Classes for the trades people asked for, about seven in ten of them: a township holds
    its own class where enough of its people want the trade, the rest join county classes."""
    by_place: dict[tuple[int, str], list[int]] = defaultdict(list)
    for person in wanting:
        if person.trade in LOCAL:
            by_place[(person.township_id, person.trade)].append(person.pk)
    names = {t.pk: t.name for t in townships}
    groups: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for (township_id, trade_name), people in sorted(by_place.items()):
        chosen = people[: round(len(people) * TAKEN_SHARE)]
        groups[(township_id if len(chosen) >= MIN_TOWNSHIP_CLASS else None, trade_name)] += chosen
    plans = []
    for (township_id, trade_name), chosen in sorted(
        groups.items(), key=lambda g: (g[0][0] or 0, g[0][1])
    ):
        fmt, source, poor_rate, non_poor_rate, days, _certificate = LOCAL[trade_name]
        where = names[township_id] if township_id else "秀山县"
        for number, start in enumerate(range(0, len(chosen), CLASS_SIZE), start=1):
            group = chosen[start : start + CLASS_SIZE]
            roll = gen.rng.random()
            state = (
                ClassStatus.FINISHED
                if roll < 0.7
                else ClassStatus.RUNNING
                if roll < 0.85
                else ClassStatus.PLANNED
            )
            klass = gen.klass(
                name=f"{where}{gen.day.year}年{trade_name}培训班（第{number}期）",
                trade=trades[trade_name],
                fmt=fmt,
                source=source,
                poor_rate=poor_rate,
                non_poor_rate=non_poor_rate,
                days=days,
                state=state,
                township_id=township_id,
                place=f"{where}便民服务中心" if township_id else "秀山县就业培训中心",
                planned_trainees=len(group) + 5,
            )
            plans.append(_Plan(klass, group, non_poor=gen.rng.randint(0, 6)))
    if plans:  # one class was called off before it began
        last = plans[-1].klass
        plans.append(
            _Plan(
                gen.klass(
                    name=f"{last.name.split('（')[0]}（停办）",
                    trade=last.trade,
                    fmt=last.format,
                    source=last.funding_source,
                    poor_rate=last.poor_daily_subsidy,
                    non_poor_rate=last.non_poor_daily_subsidy,
                    days=last.days,
                    state=ClassStatus.PLANNED,
                    township_id=last.township_id,
                    note="报名人数不足，已停办。",
                )
            )
        )
        plans[-1].klass.status = ClassStatus.CANCELLED
    return plans


def _take(pool: list[int], n: int, taken: set[int]) -> list[int]:
    out = []
    while pool and len(out) < n:
        pk = pool.pop()
        if pk not in taken:
            taken.add(pk)
            out.append(pk)
    return out


def _cooperation_classes(gen, trades, programs, free, capable, taken) -> list[_Plan]:
    """Shandong skills classes (target 15), Hechuan practical technology (target 19), an
    online class."""
    rng = gen.rng
    plans = []
    by_trade: dict[str, list[int]] = defaultdict(list)
    for person in free:
        by_trade[person.trade].append(person.pk)
    others = [p.pk for p in free]
    rng.shuffle(others)
    rng.shuffle(capable)
    for index in range(SHANDONG_SKILL_CLASSES):
        trade_name = SHANDONG_SKILL_TRADES[index % len(SHANDONG_SKILL_TRADES)]
        pool = by_trade[trade_name]
        group = _take(pool, 34, taken)
        group += _take(others, 34 - len(group), taken)
        group += _take(capable, 34 - len(group), taken)
        _fmt, _source, poor_rate, _non, days, _cert = LOCAL[trade_name]
        plans.append(
            _Plan(
                gen.klass(
                    name=f"鲁渝协作{trade_name}培训班（第{index // 4 + 1}期）",
                    trade=trades[trade_name],
                    fmt=TrainingFormat.SPECIAL,
                    source=FundingSource.EAST_WEST,
                    poor_rate=poor_rate + 20,
                    non_poor_rate=0,
                    days=days,
                    state=ClassStatus.FINISHED
                    if index < SHANDONG_SKILL_CLASSES - 1
                    else ClassStatus.RUNNING,
                    program=programs.get(SHANDONG_PROGRAM),
                    organizer="德州职业技术学院、秀山县就业培训中心",
                ),
                group,
                non_poor=rng.randint(2, 6),  # attend, but East-West funds pay them nothing
            )
        )
    for index in range(HECHUAN_CLASSES):
        group = _take(by_trade[PRACTICAL_TECHNOLOGY_TRADE], 24, taken)
        group += _take(capable, 24 - len(group), taken)
        plans.append(
            _Plan(
                gen.klass(
                    name=f"合川帮扶农村实用技术培训班（第{index + 1}期）",
                    trade=trades[PRACTICAL_TECHNOLOGY_TRADE],
                    fmt=TrainingFormat.FIELD,
                    source=FundingSource.OTHER,
                    poor_rate=60,
                    non_poor_rate=30,
                    days=5,
                    state=ClassStatus.FINISHED
                    if index < HECHUAN_CLASSES - 1
                    else ClassStatus.PLANNED,
                    program=programs.get(HECHUAN_PROGRAM),
                    organizer="合川区农业农村委员会、秀山县农业技术推广站",
                    place="合川区农业科技示范园",
                ),
                group,
                non_poor=16,
            )
        )
    group = _take(others, 60, taken)
    plans.append(
        _Plan(
            gen.klass(
                name=f"{gen.day.year}年电商技能网络课堂",
                trade=trades["乡村旅游"],
                fmt=TrainingFormat.ONLINE,
                source=FundingSource.EMPLOYMENT,
                poor_rate=30,
                non_poor_rate=10,
                days=10,
                state=ClassStatus.FINISHED,
                organizer="重庆市职业技能公共实训基地（线上）",
                place="网络课堂",
            ),
            group,
            non_poor=10,
        )
    )
    return plans


def _entrepreneurship_classes(gen, trades, programs, entrepreneurs) -> list[_Plan]:
    """A class in Shandong for 20 would-be entrepreneurs (target 16) and a county SYB class."""
    pool = list(entrepreneurs)
    gen.rng.shuffle(pool)
    shandong = _Plan(
        gen.klass(
            name="赴山东德州创业培训班",
            trade=trades[ENTREPRENEURSHIP_TRADE],
            fmt=TrainingFormat.SHANDONG,
            source=FundingSource.EAST_WEST,
            poor_rate=150,
            non_poor_rate=0,
            days=12,
            state=ClassStatus.FINISHED,
            program=programs.get(SHANDONG_PROGRAM),
            organizer="德州职业技术学院",
            place="山东省德州市",
        ),
        pool[:SHANDONG_ENTREPRENEURS],
    )
    county = _Plan(
        gen.klass(
            name=f"{gen.day.year}年创业培训（SYB）班",
            trade=trades[ENTREPRENEURSHIP_TRADE],
            fmt=TrainingFormat.SPECIAL,
            source=FundingSource.EMPLOYMENT,
            poor_rate=100,
            non_poor_rate=50,
            days=10,
            state=ClassStatus.FINISHED,
        ),
        pool[SHANDONG_ENTREPRENEURS : SHANDONG_ENTREPRENEURS + 40],
        non_poor=8,
    )
    return [shandong, county]


def _certificate(trade_name: str) -> str:
    if trade_name in LOCAL:
        return LOCAL[trade_name][5]
    return (
        "创业培训合格证书" if trade_name == ENTREPRENEURSHIP_TRADE else f"{trade_name}培训合格证书"
    )


def _enrollments(gen, plans, trades) -> list[Enrollment]:
    out = []
    for plan in plans:
        klass = plan.klass
        if klass.status == ClassStatus.CANCELLED:
            continue
        certificate = _certificate(klass.trade.name)
        for pk in plan.poor:
            out.append(gen.enrollment(klass, certificate, laborer_id=pk))
        for _ in range(plan.non_poor):
            name, number, phone = gen.villager()
            out.append(gen.enrollment(klass, certificate, name=name, id_number=number, phone=phone))
    return out


def _guidance(gen, entrepreneurs) -> tuple[int, int]:
    """Mentors, and guidance for about three in four would-be entrepreneurs: mostly 一对一,
    some 多对一 groups of the same township. Each participation is a targeted service."""
    rng, day = gen.rng, gen.day
    mentors = []
    for index, (specialty, organization, title) in enumerate(MENTORS):
        male = index % 3 != 1
        mentors.append(
            Mentor(
                name=gen.name(male),
                specialty=specialty,
                organization=organization,
                title=title,
                phone="1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9)),
                is_active=index != len(MENTORS) - 1,
            )
        )
    bulk.insert_with_history(Mentor, mentors, reason=REASON)
    active = [m for m in mentors if m.is_active]
    by_township: dict[int, list[int]] = defaultdict(list)
    for pk, township_id in entrepreneurs:
        if rng.random() < 0.75:
            by_township[township_id].append(pk)
    sessions: list[GuidanceSession] = []
    groups: list[list[int]] = []
    span = max((day - gen.year_start).days, 0)
    for township_id in sorted(by_township):
        people = by_township[township_id]
        while people:
            size = (
                1 if rng.random() < 0.7 or len(people) < 3 else rng.randint(3, min(6, len(people)))
            )
            group, people = people[:size], people[size:]
            kind = rng.choice(list(TOPICS))
            sessions.append(
                GuidanceSession(
                    mentor=rng.choice(active),
                    date=gen.year_start + _days(rng.randint(0, span)),
                    mode=GuidanceMode.ONE_TO_ONE if size == 1 else GuidanceMode.MANY_TO_ONE,
                    kind=kind,
                    topic=rng.choice(TOPICS[kind]),
                    place="乡镇便民服务中心" if size > 1 else "入户",
                )
            )
            groups.append(group)
    bulk.insert_with_history(GuidanceSession, sessions, reason=REASON)
    services, participants = [], []
    for session, group in zip(sessions, groups, strict=True):
        note = f"创业导师{session.mentor.name}{session.mode}{session.kind}：{session.topic}"
        for pk in group:
            service = Service(
                laborer_id=pk,
                kind=ServiceKind.ENTREPRENEURSHIP,
                date=session.date,
                channel=ServiceChannel.ON_SITE,
                note=note,
            )
            services.append(service)
            participants.append(
                GuidanceParticipant(session=session, laborer_id=pk, service=service)
            )
    bulk.insert_with_history(Service, services, reason=REASON)
    for participant in participants:
        participant.service_id = participant.service.pk
    bulk.insert_with_history(GuidanceParticipant, participants, reason=REASON)
    return len(sessions), len(participants)


def _loans(gen, entrepreneurs) -> list[BusinessLoan]:
    """Loans for a little over half of them, in every status."""
    rng, day = gen.rng, gen.day
    loans = []
    for pk, _township_id in entrepreneurs:
        if rng.random() >= 0.55:
            continue
        status = rng.choices(
            [
                LoanStatus.DISBURSED,
                LoanStatus.APPLIED,
                LoanStatus.REPAID,
                LoanStatus.OVERDUE,
                LoanStatus.DECLINED,
            ],
            weights=[60, 15, 10, 5, 10],
        )[0]
        loan = BusinessLoan(
            laborer_id=pk,
            bank=rng.choice(BANKS),
            amount=Decimal(rng.randrange(3, 16) * 10000),
            project=rng.choice(PROJECTS),
            status=status,
        )
        if status in (LoanStatus.APPLIED, LoanStatus.DECLINED):
            loan.applied_on = day - _days(rng.randint(5, 120))
        elif status == LoanStatus.DISBURSED:
            loan.applied_on = day - _days(rng.randint(30, 500))
            loan.disbursed_on = loan.applied_on + _days(rng.randint(10, 25))
            loan.due_on = loan.disbursed_on + _days(365 * rng.choice((2, 3)))
        elif status == LoanStatus.OVERDUE:
            loan.applied_on = day - _days(rng.randint(800, 1000))
            loan.disbursed_on = loan.applied_on + _days(rng.randint(10, 25))
            loan.due_on = loan.disbursed_on + _days(365 * 2)
        else:
            loan.applied_on = day - _days(rng.randint(760, 1100))
            loan.disbursed_on = loan.applied_on + _days(rng.randint(10, 25))
            loan.due_on = loan.disbursed_on + _days(365 * 2)
            loan.repaid_on = min(loan.due_on - _days(rng.randint(0, 60)), day - _days(1))
        if status == LoanStatus.DECLINED:
            loan.note = "经营场所和还款来源不明确，银行未予批准；已安排创业导师跟进。"
        loans.append(loan)
    return loans


def _stations(gen) -> tuple[int, int]:
    """80 free work stations at three bases; poor college graduates in most of them."""
    rng, day = gen.rng, gen.day
    stations = []
    for base, address, count in BASES:
        for number in range(1, count + 1):
            opened = (
                datetime.date(day.year - 1, 9, 1)
                if number <= count * 3 // 4
                else gen.year_start + _days(60)
            )
            stations.append(
                WorkStation(
                    base=base,
                    number=f"{number:03d}",
                    address=address,
                    opened_on=min(opened, day),
                    is_active=True,
                )
            )
    bulk.insert_with_history(WorkStation, stations, reason=REASON)
    graduates = list(
        Laborer.objects.filter(is_college_graduate=True).order_by("pk").values_list("pk", flat=True)
    )
    rng.shuffle(graduates)
    occupancies = []
    for station in stations:
        if not graduates or rng.random() < 0.3:
            continue
        if rng.random() < 0.25 and len(graduates) > 1 and (day - station.opened_on).days > 90:
            start = station.opened_on + _days(rng.randint(0, 20))
            end = start + _days(rng.randint(30, 60))
            occupancies.append(_occupancy(rng, station, graduates.pop(), start, end))
            start = end + _days(rng.randint(1, 20))
        else:
            start = station.opened_on + _days(
                rng.randint(0, max((day - station.opened_on).days, 0))
            )
        if start <= day:
            occupancies.append(_occupancy(rng, station, graduates.pop(), start, None))
    bulk.insert_with_history(StationOccupancy, occupancies, reason=REASON)
    return len(stations), len(occupancies)


def _occupancy(rng, station, laborer_id, start, end) -> StationOccupancy:
    return StationOccupancy(
        station=station,
        laborer_id=laborer_id,
        business=rng.choice(BUSINESSES),
        start_date=start,
        end_date=end,
    )
