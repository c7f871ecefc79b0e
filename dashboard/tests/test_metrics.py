"""Each metric on a small county made by hand, the right answer worked out in the comments.

Township A = 中和街道 (villages A1, A2), township B = 隘口镇 (village B1); the business date
is 2020-06-15 (quarter 2 began 2020-04-01). ✓ marks a laborer the numerator counts, · one
only the denominator counts, ✗ one the metric leaves out.
"""

import datetime

import pytest

from dashboard.metrics import METRICS
from laborers.choices import EmploymentIntention, EmploymentKind, LaborAbility
from laborers.models import Household, Program
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

from .conftest import by_township, measure, names

pytestmark = pytest.mark.django_db

D = datetime.date
CAPABLE = LaborAbility.ORDINARY
WILLING = {"labor_ability": LaborAbility.ORDINARY, "employment_intention": "县内就业"}
POST = EmploymentKind.WELFARE_POST


def test_every_target_of_2020_has_a_registered_metric(targets):
    assert sorted(targets) == list(range(1, 21))
    assert all(t.metric in METRICS for t in targets.values())
    rates = {n for n, t in targets.items() if METRICS[t.metric].is_rate}
    assert rates == {1, 2, 6, 7, 8, 9, 10, 20}
    assert all(targets[n].unit == "%" for n in rates)


def test_1_graduates_employed_or_preparing(
    village_a1, village_b1, county_user, officer_a, officer_b
):
    g1 = make_laborer(village=village_a1, name="G1", is_college_graduate=True)
    make_episode(g1, EmploymentKind.IN_COUNTY, start=D(2020, 3, 1))  # ✓ employed
    make_laborer(
        village=village_a1, name="G2", is_college_graduate=True, in_employment_preparation=True
    )  # ✓ preparing (考研)
    make_laborer(village=village_b1, name="G3", is_college_graduate=True)  # · idle
    g4 = make_laborer(village=village_b1, name="G4", is_college_graduate=True)  # · job ended
    make_episode(g4, EmploymentKind.IN_CITY, start=D(2019, 7, 1), end=D(2020, 2, 1))
    other = make_laborer(village=village_a1, name="X", **WILLING)  # ✗ not a graduate
    make_episode(other)

    key = "graduates_employed"
    assert measure(key, county_user) == (2, 4)
    assert names(key, county_user) == {"G1", "G2"}
    assert names(key, county_user, "denominator") == {"G1", "G2", "G3", "G4"}
    assert measure(key, officer_a) == (2, 2)
    assert measure(key, officer_b) == (0, 2)
    assert by_township(key, county_user) == {"中和街道": (2, 2), "隘口镇": (0, 2)}


def test_2_relocated_able_and_willing_employed(village_a2, village_b1, county_user):
    moved_a = make_household(village_a2, relocated=True)
    moved_b = make_household(village_b1, relocated=True)
    r1 = make_laborer(moved_a, name="R1", **WILLING)  # ✓ employed
    make_episode(r1)
    make_laborer(
        moved_a, name="R2", labor_ability=LaborAbility.WEAK, employment_intention="均可"
    )  # · weak labor counts as able; unemployed
    make_laborer(
        moved_b, name="R3", labor_ability=LaborAbility.LOST, employment_intention="县内就业"
    )  # ✗ not able
    make_laborer(
        moved_b, name="R4", labor_ability=CAPABLE, employment_intention=EmploymentIntention.NONE
    )  # ✗ not willing
    r5 = make_laborer(
        moved_b, name="R5", labor_ability=LaborAbility.SKILLED, employment_intention="市外就业"
    )  # ✓ a public-welfare post is employment
    make_episode(r5, POST, employer="村委会")
    make_laborer(village=village_b1, name="X", **WILLING)  # ✗ not relocated

    key = "relocated_employed"
    assert measure(key, county_user) == (2, 3)
    assert names(key, county_user, "denominator") == {"R1", "R2", "R5"}
    assert by_township(key, county_user) == {"中和街道": (1, 2), "隘口镇": (1, 1)}


def test_3_zero_employment_households(village_a1, village_b1, county_user, officer_a):
    h1 = make_household(village_a1, number="H1")  # ✓ two able members, neither employed
    make_laborer(h1, **WILLING)
    make_laborer(h1, labor_ability=LaborAbility.WEAK)
    h2 = make_household(village_a1, number="H2")  # ✗ one of two employed
    make_laborer(h2, **WILLING)
    make_episode(make_laborer(h2, **WILLING))
    h3 = make_household(village_b1, number="H3")  # ✗ nobody able to work
    make_laborer(h3, labor_ability=LaborAbility.LOST)
    h4 = make_household(village_b1, number="H4")  # ✓ the only job ended
    make_episode(make_laborer(h4, **WILLING), start=D(2019, 3, 1), end=D(2020, 1, 31))
    h5 = make_household(village_b1, number="H5")  # ✗ in a public-welfare post
    make_episode(make_laborer(h5, labor_ability=LaborAbility.WEAK), POST)

    key = "zero_employment"
    assert measure(key, county_user) == (2, None)
    part = METRICS[key].measure(user=county_user, year=2020, day=D(2020, 6, 15)).numerator
    assert set(part.queryset.values_list("number", flat=True)) == {"H1", "H4"}
    assert measure(key, officer_a) == (1, None)
    assert Household.objects.zero_employment().count() == 2  # the registry's own definition


def test_4_5_workshops_come_from_the_workshop_selectors(
    village_a1, village_b1, county_user, officer_b
):
    w1 = make_workshop(village_a1, name="W1", established_on=D(2020, 3, 1))  # ✓ 4 ✓ 5
    make_funding(w1, amount=300000, date=D(2020, 4, 1))
    make_workshop(village_b1, name="W2", established_on=D(2019, 5, 1))  # ✗ built 2019
    w3 = make_workshop(village_b1, name="W3", established_on=D(2020, 2, 1), status="申报中")
    make_funding(w3, amount=700000, date=D(2020, 5, 1))  # ✗ 4 (not recognised) ✓ 5
    assert measure("workshops_built", county_user) == (1, None)
    assert measure("workshops_funded", county_user) == (2, None)
    assert measure("workshops_funded", officer_b) == (1, None)
    part = METRICS["workshops_built"].measure(user=county_user, year=2020, day=None).numerator
    assert part.list_url_for(township=7).endswith("&township=7")


def test_8_hard_to_employ_in_posts(village_a1, village_b1, county_user, officer_a):
    post = make_post(village_a1, positions=3)
    make_laborer(village=village_a1, name="P1", **WILLING)  # · unemployed
    p2 = make_laborer(village=village_a1, name="P2", **WILLING)  # ✓ in a post
    placement_start(site=post, laborer=p2, start_date=D(2020, 3, 1))
    p3 = make_laborer(village=village_b1, name="P3", **WILLING)  # ✗ has other work
    make_episode(p3, EmploymentKind.IN_COUNTY)
    p4 = make_laborer(
        village=village_b1, name="P4", labor_ability=CAPABLE, employment_intention="无就业意愿"
    )  # ✗ not willing, though in a post
    make_episode(p4, POST)
    key = "welfare_posts"
    assert measure(key, county_user) == (1, 2)
    assert names(key, county_user) == {"P2"}
    assert measure(key, officer_a) == (1, 2)


def test_9_three_services_a_year(village_a1, village_b1, county_user):
    s1 = make_laborer(village=village_a1, name="S1", **WILLING)  # ✓ 3 this year
    for month in (1, 3, 5):
        make_service(s1, date=D(2020, month, 10))
    s2 = make_laborer(village=village_a1, name="S2", wants_training=True)  # · 2 this year
    for day in (D(2019, 12, 20), D(2020, 2, 1), D(2020, 4, 1)):
        make_service(s2, date=day)
    s3 = make_laborer(village=village_b1, name="S3", wants_entrepreneurship=True)  # ✓ 4
    for month in (1, 2, 3, 4):
        make_service(s3, date=D(2020, month, 1))
    s4 = make_laborer(
        village=village_b1, name="S4", employment_intention=EmploymentIntention.NONE
    )  # ✗ no intention at all
    for month in (1, 2, 3, 4, 5):
        make_service(s4, date=D(2020, month, 1))
    key = "three_services"
    assert measure(key, county_user) == (2, 3)
    assert names(key, county_user) == {"S1", "S3"}
    # in 2019 nobody had three
    assert measure(key, county_user, year=2019)[0] == 0


def test_10_surveyed_since_the_quarter_began(village_a1, village_b1, county_user):
    make_laborer(village=village_a1, name="U1", last_surveyed_on=D(2020, 4, 1))  # ✓ day one
    make_laborer(village=village_a1, name="U2", last_surveyed_on=D(2020, 3, 31))  # · last quarter
    make_laborer(village=village_b1, name="U3")  # · never
    make_laborer(village=village_b1, name="U4", last_surveyed_on=D(2020, 6, 15))  # ✓ today
    key = "survey_updated"
    assert measure(key, county_user) == (2, 4)
    assert names(key, county_user) == {"U1", "U4"}
    # as of 31 March (the first deadline) only U2 had been surveyed: U1 and U4 were
    # surveyed later, whatever their records say now
    assert measure(key, county_user, day=D(2020, 3, 31)) == (1, 4)
    assert names(key, county_user, day=D(2020, 3, 31)) == {"U2"}


def _transfer(laborer, code, start, kind=EmploymentKind.IN_CITY, **kwargs):
    program = Program.objects.get(code=code) if code else None
    return make_episode(laborer, kind, start=start, program=program, **kwargs)


def test_12_13_18_program_transfers(village_a1, village_a2, village_b1, county_user, officer_b):
    from transfer.models import Employer

    Employer.objects.create(name="重庆京东方", is_key_electronics=True)
    Employer.objects.create(name="重庆主城建筑工地")  # listed, not key electronics
    boe = {"employer": "重庆京东方"}
    t1 = make_laborer(village=village_a1, name="T1")
    _transfer(t1, "cq-electronics", D(2020, 3, 1), **boe)  # ✓ 12
    t2 = make_laborer(village=village_a1, name="T2")
    _transfer(t2, "cq-electronics", D(2019, 11, 1), **boe)  # ✗ 12: placed in 2019
    t3 = make_laborer(village=village_b1, name="T3")
    _transfer(t3, "cq-electronics", D(2020, 1, 5), end=D(2020, 2, 28), **boe)
    _transfer(t3, "cq-electronics", D(2020, 3, 2), **boe)  # ✓ 12, once for two placements
    t4 = make_laborer(village=village_b1, name="T4")
    _transfer(t4, "luyu", D(2020, 4, 1), EmploymentKind.OUTSIDE, province="山东省")  # ✓ 13
    t5 = make_laborer(village=village_b1, name="T5")
    _transfer(t5, None, D(2020, 4, 1), EmploymentKind.OUTSIDE, province="山东省")  # ✗ 13: own way
    t6 = make_laborer(village=village_a2, name="T6", birth=D(1990, 5, 1))
    _transfer(t6, "hechuan", D(2020, 5, 1))  # ✓ 18
    t7 = make_laborer(village=village_a2, name="T7", birth=D(1975, 5, 1))
    _transfer(t7, "hechuan", D(2020, 5, 1))  # ✗ 18: born before 1980
    t8 = make_laborer(village=village_a2, name="T8", birth=D(1995, 5, 1))
    _transfer(t8, "hechuan", D(2020, 5, 1), EmploymentKind.IN_COUNTY)  # ✗ 18: in the county
    t9 = make_laborer(village=village_a2, name="T9", birth=D(1992, 5, 1))
    # ✗ 12: the program tag on a building site ✗ 18: not the Hechuan program
    _transfer(t9, "cq-electronics", D(2020, 2, 1), employer="重庆主城建筑工地")

    t10 = make_laborer(village=village_a2, name="T10")
    _transfer(t10, None, D(2020, 4, 1), **boe)  # ✗ 12: found the job on their own

    assert names("cq_electronics", county_user) == {"T1", "T3"}
    assert by_township("cq_electronics", county_user) == {"中和街道": 1, "隘口镇": 1}
    assert measure("shandong_transfers", county_user) == (1, None)
    assert measure("shandong_transfers", officer_b) == (1, None)
    assert names("new_generation_transfers", county_user) == {"T6"}
    assert measure("cq_electronics", county_user, year=2019) == (1, None)


def test_14_local_work_comes_from_the_workshop_selector(village_a1, village_b1, county_user):
    workshop = make_workshop(village_a1, established_on=D(2019, 1, 1))
    l1 = make_laborer(village=village_a1, name="L1", **WILLING)  # ✓ workshop from 2020-04
    placement_start(site=workshop, laborer=l1, start_date=D(2020, 4, 1))
    l2 = make_laborer(village=village_b1, name="L2", **WILLING)  # ✓ 就近就地 in the county
    _transfer(l2, "local", D(2020, 2, 1), EmploymentKind.IN_COUNTY)
    l3 = make_laborer(village=village_b1, name="L3", **WILLING)  # ✗ in the county, no program
    make_episode(l3, EmploymentKind.IN_COUNTY, start=D(2020, 2, 1))
    assert names("local_work", county_user) == {"L1", "L2"}
    assert measure("local_work", county_user) == (2, None)


def test_17_positions_for_graduates_through_hechuan(township_a, county_user, officer_b):
    make_recruitment_event(None, "hechuan", employers=[("甲", 50, 30), ("乙", 20, 0)])  # 30
    make_recruitment_event(township_a, "hechuan", employers=[("丙", 10, 7)])  # 7, A's own
    make_recruitment_event(
        None, "hechuan", date=D(2019, 10, 1), employers=[("旧", 10, 10)]
    )  # ✗ 2019
    make_recruitment_event(None, "luyu", employers=[("丁", 40, 40)])  # ✗ not Hechuan
    assert measure("hechuan_graduate_positions", county_user) == (37, None)
    # an officer of B sees county events, not A's own
    assert measure("hechuan_graduate_positions", officer_b) == (30, None)
    assert not METRICS["hechuan_graduate_positions"].by_township


def test_20_willing_laborers_employed(village_a1, village_b1, county_user):
    make_episode(make_laborer(village=village_a1, name="V1", **WILLING))  # ✓
    make_laborer(village=village_a1, name="V2", **WILLING)  # · unemployed
    v3 = make_laborer(
        village=village_b1, name="V3", labor_ability=LaborAbility.WEAK, employment_intention="均可"
    )  # ✓ a post counts
    make_episode(v3, POST)
    v4 = make_laborer(
        village=village_b1, name="V4", labor_ability=CAPABLE, employment_intention="无就业意愿"
    )  # ✗ not willing
    make_episode(v4)
    make_laborer(
        village=village_b1, name="V5", labor_ability=LaborAbility.NONE, employment_intention="均可"
    )  # ✗ no labor ability
    assert measure("willing_employed", county_user) == (2, 3)
    assert names("willing_employed", county_user, "denominator") == {"V1", "V2", "V3"}


def test_6_7_11_15_16_19_come_from_the_training_selectors(
    village_a1, village_b1, township_a, county_user, officer_b
):
    """One trainee of each kind in A, needs without training in B: the training app's own
    tests work its definitions through; here, each target reads its selector."""
    from training import selectors
    from training.models import GuidanceParticipant, GuidanceSession
    from xiushan_jobs.testing import (
        make_enrollment,
        make_loan,
        make_mentor,
        make_station,
        make_training_class,
    )

    forklift = make_training_class(
        None, "叉车操作", program="luyu", funding_source="东西部扶贫协作资金"
    )
    abroad = make_training_class(None, "创业培训", program="luyu", format="赴山东培训")
    practical = make_training_class(township_a, "农村实用技术", program="hechuan")
    k1 = make_laborer(village=village_a1, name="K1", wants_training=True, **WILLING)
    make_enrollment(forklift, k1, days_attended=10, completed=True, skill="叉车操作")  # 6 ✓ 15 ✓
    make_enrollment(abroad, k1, days_attended=3)  # 16 ✓
    make_enrollment(practical, k1, days_attended=8, completed=True)  # 19 ✓
    make_enrollment(practical, name="非贫困", days_attended=8, completed=True)  # 19 ✓ (not poor)
    make_laborer(village=village_b1, name="K2", wants_training=True, **WILLING)  # 6 · untrained
    boss = make_laborer(village=village_a1, name="B1", wants_entrepreneurship=True, **WILLING)
    make_loan(boss)  # 7 ✓ with the guidance below
    session = GuidanceSession.objects.create(
        mentor=make_mentor(), date=D(2020, 4, 1), mode="一对一", topic="选址"
    )
    GuidanceParticipant.objects.create(session=session, laborer=boss)
    make_laborer(village=village_b1, name="B2", wants_entrepreneurship=True, **WILLING)  # 7 ·
    make_station("001", opened_on=D(2020, 1, 2))  # 11 ✓
    make_station("002", opened_on=D(2020, 9, 1))  # 11 ✗ not open yet

    assert measure("training_coverage", county_user) == (1, 2)
    assert measure("entrepreneurs_supported", county_user) == (1, 2)
    assert measure("work_stations", county_user) == (1, None)
    assert measure("shandong_skills_training", county_user) == (1, None)
    assert measure("shandong_business_training", county_user) == (1, None)
    assert measure("hechuan_practical_training", county_user) == (2, None)
    assert measure("training_coverage", officer_b) == (0, 1)
    assert by_township("hechuan_practical_training", county_user) == {"中和街道": 2}
    figure = selectors.training_demand(user=county_user, year=2020)
    part = METRICS["training_coverage"].measure(user=county_user, year=2020, day=None)
    assert part.denominator.list_url == figure.url
    assert not METRICS["work_stations"].by_township
