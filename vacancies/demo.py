"""Demo vacancies, pushed to their best matches, with answers in every state (有意向,
已面试 including remote interviews, 已录用, 不愿意 with a reason, 待回复)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection

from laborers.models import Program, Township
from training.models import Trade
from transfer.services import employer_register
from vacancies.matching import vacancy_matches
from vacancies.models import AbilityRequired, Answer, PushChannel, ReservedFor, Vacancy, WorkArea
from vacancies.services import push_answer_record, push_record, vacancy_save
from xiushan_jobs.lib.clock import today

# employer, location, title, trade, places, area, township?, province, pay, ages, program
VACANCIES = [
    (
        "秀山县工业园区企业",
        "秀山县",
        "缝纫工",
        "缝纫工",
        20,
        WorkArea.IN_COUNTY,
        True,
        "",
        (2600, 3800),
        (18, 50),
        "local",
    ),
    (
        "秀山物流园区",
        "秀山县",
        "分拣员",
        None,
        15,
        WorkArea.IN_COUNTY,
        True,
        "",
        (2800, 3600),
        (18, 45),
        "local",
    ),
    (
        "县城餐饮服务企业",
        "秀山县",
        "厨师助理",
        "中式烹调师",
        6,
        WorkArea.IN_COUNTY,
        True,
        "",
        (2500, 3500),
        (18, 50),
        None,
    ),
    (
        "苗绣扶贫车间",
        "秀山县",
        "苗绣绣工",
        "苗绣",
        12,
        WorkArea.IN_COUNTY,
        True,
        "",
        (1800, 3000),
        (18, 60),
        "local",
    ),
    (
        "重庆京东方",
        "重庆两江新区",
        "电子装配工",
        None,
        30,
        WorkArea.IN_CITY,
        False,
        "",
        (4000, 5500),
        (18, 40),
        "cq-electronics",
    ),
    (
        "重庆惠科金渝",
        "重庆巴南区",
        "操作工",
        None,
        25,
        WorkArea.IN_CITY,
        False,
        "",
        (3800, 5200),
        (18, 42),
        "cq-electronics",
    ),
    (
        "合川区某电子科技公司",
        "合川区",
        "技术员（毕业生专岗）",
        None,
        10,
        WorkArea.IN_CITY,
        False,
        "",
        (4200, 6000),
        (20, 30),
        "hechuan",
    ),
    (
        "德州某纺织企业",
        "山东省德州市",
        "纺织挡车工",
        None,
        20,
        WorkArea.SHANDONG,
        False,
        "",
        (4000, 6000),
        (18, 45),
        "luyu",
    ),
    (
        "德州某物流企业",
        "山东省德州市",
        "叉车司机",
        "叉车操作",
        8,
        WorkArea.SHANDONG,
        False,
        "",
        (4500, 6500),
        (20, 50),
        "luyu",
    ),
    (
        "东莞某电子厂",
        "广东省东莞市",
        "普工",
        None,
        30,
        WorkArea.ELSEWHERE,
        False,
        "广东省",
        (4200, 5800),
        (18, 45),
        None,
    ),
]
CHANNELS = list(PushChannel.values)
DECLINE_REASONS = ["离家太远", "工资偏低", "需要照顾老人小孩", "身体原因", "已有打算"]


def seed_vacancies(*, rng, stdout) -> None:
    # Matching below plans its query from the statistics, and right after the registry's
    # bulk load there are none (seed_demo analyses only after every seeder): without this,
    # PostgreSQL picks nested loops over 100,000 rows and one match takes minutes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    day = today()
    programs = {p.code: p for p in Program.objects.all()}
    trades = {t.name: t for t in Trade.objects.all()}
    townships = list(Township.objects.all())
    vacancies = []
    for number, row in enumerate(VACANCIES):
        employer_name, location, title, trade, places, area, local, province, pay, ages, code = row
        start = day - datetime.timedelta(days=rng.randint(20, 90))
        vacancy = Vacancy(
            employer=employer_register(name=employer_name, location=location, by=None),
            title=title,
            trade=trades.get(trade) if trade else None,
            places=places,
            work_area=area,
            work_township=rng.choice(townships) if local else None,
            province=province,
            work_place=location,
            pay_min=pay[0],
            pay_max=pay[1],
            age_min=ages[0],
            age_max=ages[1],
            ability_required=AbilityRequired.ANY if local else AbilityRequired.ORDINARY,
            contact_name="人事部",
            contact_phone="023-7666" + f"{number:04d}",
            # one vacancy has expired, so the public page shows it is left out
            valid_from=start,
            valid_to=day - datetime.timedelta(days=3)
            if number == 1
            else start + datetime.timedelta(days=150),
            reserved_for=ReservedFor.GRADUATES if "毕业生" in title else ReservedFor.POOR,
            program=programs.get(code) if code else None,
            description="包吃住，购买五险；贫困劳动力优先录用。",
        )
        vacancy_save(vacancy=vacancy, by=None)
        vacancies.append(vacancy)
    officer = _county_officer()
    pushed = hired = 0
    for vacancy in vacancies:
        if vacancy.valid_to < day:
            continue
        date = max(vacancy.valid_from, day - datetime.timedelta(days=rng.randint(5, 15)))
        matches = vacancy_matches(vacancy=vacancy, user=officer, limit=12, day=date)
        if not matches:
            continue
        push = push_record(
            vacancy=vacancy,
            laborers=[m.laborer for m in matches],
            channel=rng.choice(CHANNELS),
            date=date,
            note="村（社区）扶贫信息员逐户告知",
            by=officer,
        )
        pushed += len(matches)
        answer_day = min(day, date + datetime.timedelta(days=3))
        for index, recipient in enumerate(push.recipients.order_by("pk")):
            state = index % 6  # every state, in turn
            if state == 0:
                continue  # 待回复
            if state == 1:
                answer, extra = Answer.INTERESTED, {}
            elif state == 2:
                answer, extra = Answer.INTERVIEWED, {"remote_interview": rng.random() < 0.5}
            elif state == 3 and hired < 40:
                answer, extra = Answer.HIRED, {"monthly_income": vacancy.pay_min}
            else:
                answer, extra = Answer.DECLINED, {"decline_reason": rng.choice(DECLINE_REASONS)}
            try:
                push_answer_record(
                    recipient=recipient, answer=answer, day=answer_day, by=officer, **extra
                )
            except ValidationError:  # a job that clashes with a demo episode: left unanswered
                continue
            hired += answer == Answer.HIRED
    stdout.write(f"岗位推送：{len(vacancies)} 个岗位，推送 {pushed} 人次，录用 {hired} 人")


def _county_officer():
    """The demo county login (``setup_demo`` gives it its password): pushes are recorded
    by someone, and matching runs in that someone's area."""
    from accounts.services import user_upsert
    from xiushan_jobs.lib.roles import Role

    return user_upsert(username="county", role=Role.COUNTY)[0]
