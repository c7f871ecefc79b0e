"""A small county with a little of everything every metric counts, for the pages' tests
and the browser journey (the metrics' own tests work out their answers by hand)."""

from __future__ import annotations

import datetime

D = datetime.date


def build_county(village_a1, village_a2, village_b1, township_a) -> None:
    """Both townships (A: villages A1 and A2; B: village B1)."""
    from laborers.choices import EmploymentKind, LaborAbility
    from laborers.models import Program
    from transfer.models import Employer
    from workshops.services import placement_start
    from xiushan_jobs.testing import (
        make_episode,
        make_funding,
        make_household,
        make_laborer,
        make_post,
        make_recruitment_event,
        make_service,
        make_workshop,
    )

    willing = {"labor_ability": LaborAbility.ORDINARY, "employment_intention": "县内就业"}
    programs = {p.code: p for p in Program.objects.all()}
    Employer.objects.get_or_create(name="重庆京东方", defaults={"is_key_electronics": True})
    workshop = make_workshop(village_a1, name="凤鸣车间", established_on=D(2020, 3, 1))
    make_funding(workshop, amount=400000, date=D(2020, 4, 1))
    make_workshop(village_b1, name="坝芒车间", established_on=D(2020, 2, 1))
    post = make_post(village_b1, positions=5)
    for village, moved in ((village_a1, False), (village_a2, True), (village_b1, True)):
        household = make_household(village, relocated=moved)
        employed = make_laborer(household, name="甲", last_surveyed_on=D(2020, 5, 1), **willing)
        make_episode(
            employed,
            EmploymentKind.IN_CITY,
            start=D(2020, 3, 1),
            program=programs["cq-electronics"],
            employer="重庆京东方",
        )
        idle = make_laborer(household, name="乙", wants_training=True, **willing)
        for month in (1, 2, 3):
            make_service(idle, date=D(2020, month, 5))
        make_laborer(
            household,
            name="丙",
            is_college_graduate=True,
            in_employment_preparation=moved,
            last_surveyed_on=D(2020, 4, 2),
        )
        alone = make_household(village)
        make_laborer(alone, name="丁", **willing)  # a zero-employment household
        young = make_laborer(village=village, name="戊", birth=D(1995, 1, 1), **willing)
        make_episode(
            young, EmploymentKind.IN_CITY, start=D(2020, 4, 1), program=programs["hechuan"]
        )
    placed = make_laborer(village=village_b1, name="己", **willing)
    placement_start(site=post, laborer=placed, start_date=D(2020, 3, 1))
    local = make_laborer(village=village_a1, name="庚", **willing)
    placement_start(site=workshop, laborer=local, start_date=D(2020, 4, 1))
    shandong = make_laborer(village=village_b1, name="辛", **willing)
    make_episode(
        shandong,
        EmploymentKind.OUTSIDE,
        start=D(2020, 2, 20),
        province="山东省",
        program=programs["luyu"],
    )
    make_recruitment_event(None, "hechuan", employers=[("合川某公司", 40, 25)])
    make_recruitment_event(township_a, "hechuan", employers=[("合川某厂", 10, 4)])
    _training(village_a1, village_b1, township_a)


def _training(village_a1, village_b1, township_a) -> None:
    """Classes of the three kinds the targets count, trainees from both townships (and a
    non-poor one), a loan with guidance, a work station."""
    from laborers.choices import LaborAbility
    from training.models import GuidanceParticipant, GuidanceSession
    from xiushan_jobs.testing import (
        make_enrollment,
        make_laborer,
        make_loan,
        make_mentor,
        make_station,
        make_training_class,
    )

    able = {"labor_ability": LaborAbility.ORDINARY}
    forklift = make_training_class(
        None, "叉车操作", program="luyu", funding_source="东西部扶贫协作资金"
    )
    business = make_training_class(None, "创业培训", program="luyu", format="赴山东培训")
    practical = make_training_class(township_a, "农村实用技术", program="hechuan")
    for village in (village_a1, village_b1):
        trainee = make_laborer(village=village, name="培", wants_training=True, **able)
        make_enrollment(forklift, trainee, days_attended=10, completed=True, skill="叉车操作")
        make_enrollment(business, trainee, days_attended=5)
        make_enrollment(practical, trainee, days_attended=8, completed=True)
        make_laborer(village=village, name="待培", wants_training=True, **able)
    make_enrollment(practical, name="王非贫", days_attended=8, completed=True)
    boss = make_laborer(village=village_a1, name="创", wants_entrepreneurship=True, **able)
    make_laborer(village=village_b1, name="想创", wants_entrepreneurship=True, **able)
    make_loan(boss)
    session = GuidanceSession.objects.create(
        mentor=make_mentor(), date=D(2020, 4, 1), mode="一对一", topic="选址"
    )
    GuidanceParticipant.objects.create(session=session, laborer=boss)
    make_station("001", opened_on=D(2020, 1, 2))
