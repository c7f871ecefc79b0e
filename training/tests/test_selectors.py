"""The dashboard figures on a small hand-made county whose answers are worked out below,
scoped per user, broken down by township, and each equal to the list its URL opens."""

import datetime

import pytest
from django.db.models import Count

from training import selectors
from training.models import GuidanceParticipant, GuidanceSession, StationOccupancy
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_mentor,
    make_station,
    make_training_class,
    valid_id_number,
)

pytestmark = pytest.mark.django_db
D = datetime.date
CAPABLE = {"labor_ability": "普通劳动力"}


def _finished(township=None, trade="苗绣", year=2020, **kwargs):
    kwargs.setdefault("start_date", D(year, 5, 1))
    kwargs.setdefault("end_date", D(year, 5, 10))
    return make_training_class(township, trade=trade, **kwargs)


@pytest.fixture
def training(village_a1, village_b1, township_a, township_b):
    """Laborers L1–L4, L8 in township A, L5–L7 in township B.

    L1 wants training, completed the county class C1 with a certificate;
    L2 wants training, completed C1 without one;
    L3 wants training, enrolled in A's planned class C2 (not completed);
    L4 wants training, not enrolled anywhere;
    L5 did not ask, but completed C1 with a certificate (no need ever recorded: not
    counted — enrolling people without a need must not inflate the target);
    L6 wants training, enrolled only in a cancelled class;
    L7 wants training, completed a class of 2019 only;
    L8 neither asked nor enrolled;
    L9 wanted training, completed C1 with a certificate, then a survey cleared the need
    (recorded once: still counted).
    """
    a, b = village_a1, village_b1
    people = {
        "L1": make_laborer(village=a, wants_training=True, training_trade="苗绣"),
        "L2": make_laborer(village=a, wants_training=True, training_trade="苗绣"),
        "L3": make_laborer(village=a, wants_training=True, training_trade="叉车操作"),
        "L4": make_laborer(village=a, wants_training=True, training_trade="电工"),
        "L5": make_laborer(village=b),
        "L6": make_laborer(village=b, wants_training=True),
        "L7": make_laborer(village=b, wants_training=True, training_trade="苗绣"),
        "L8": make_laborer(village=a),
        "L9": make_laborer(village=b, wants_training=True),
    }
    c1 = _finished(None)
    c2 = make_training_class(
        township_a, start_date=D(2020, 7, 1), end_date=D(2020, 7, 5), status="筹备中"
    )
    cancelled = make_training_class(township_b, status="已取消")
    old = _finished(township_b, year=2019)
    make_enrollment(c1, people["L1"], days_attended=10, completed=True, skill="苗绣证书")
    make_enrollment(c1, people["L2"], days_attended=10, completed=True)
    make_enrollment(c2, people["L3"])
    make_enrollment(c1, people["L5"], days_attended=9, completed=True, skill="苗绣证书")
    make_enrollment(old, people["L7"], days_attended=10, completed=True, skill="苗绣证书")
    make_enrollment(c1, people["L9"], days_attended=10, completed=True, skill="苗绣证书")
    people["L9"].wants_training = False
    people["L9"].save()
    # enrolled before the class was cancelled
    from training.models import Enrollment

    Enrollment.objects.create(training_class=cancelled, laborer=people["L6"])
    return people


def check(figure, expected_count, client, user, by_township=None):
    """The figure's count, its list page's count, and its township breakdown."""
    assert figure.count == expected_count
    client.force_login(user)
    response = client.get(figure.url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected_count
    if by_township is not None:
        rows = figure.queryset.order_by().values(figure.township_path).annotate(n=Count("pk"))
        assert {r[figure.township_path]: r["n"] for r in rows} == by_township


def test_target_6_training_demand_trained_and_skilled(
    training, client, county_user, officer_a, officer_b, township_a, township_b
):
    A, B = township_a.pk, township_b.pk
    # demand: L1–L4, L6, L7, L9 (need recorded before the survey cleared it), not L5 (no
    # need ever recorded); trained: L1, L2, L9 (L3's class has not started); skilled: L1, L9
    check(selectors.training_demand(user=county_user), 7, client, county_user, {A: 4, B: 3})
    check(selectors.training_demand_trained(user=county_user), 3, client, county_user, {A: 2, B: 1})
    check(selectors.training_demand_skilled(user=county_user), 2, client, county_user, {A: 1, B: 1})
    # gap: L4, L6 (cancelled class), L7 (trained in 2019 only)
    check(selectors.training_gap(user=county_user), 3, client, county_user, {A: 1, B: 2})
    check(selectors.training_demand(user=officer_a), 4, client, officer_a)
    check(selectors.training_demand_skilled(user=officer_a), 1, client, officer_a)
    check(selectors.training_gap(user=officer_b), 2, client, officer_b)
    # in 2019 only L7 was trained (and had the skill)
    assert selectors.training_demand_skilled(user=county_user, year=2019).count == 1


def test_target_15_and_16_shandong_cooperation(
    training, client, county_user, officer_a, officer_b, township_a
):
    """S1: 叉车操作 under 鲁渝 in 2020 — L1 and L5 completed, L3 did not, a non-poor trainee
    completed (not a poor laborer). S2: 创业培训 held in Shandong — L2 went (10 days), L6
    was registered but never went. S3: 苗绣 under 鲁渝 in 2019 — L4. S4: 创业培训 held at
    home — L4 attended. Target 15 = {L1, L5}; target 16 = {L2}."""
    people = training
    s1 = _finished(None, trade="叉车操作", program="luyu", funding_source="东西部扶贫协作资金")
    for key in ("L1", "L5"):
        make_enrollment(s1, people[key], days_attended=10, completed=True)
    make_enrollment(s1, people["L3"], days_attended=4)
    make_enrollment(s1, days_attended=10, completed=True)
    s2 = _finished(
        None,
        trade="创业培训",
        program="luyu",
        format="赴山东培训",
        funding_source="东西部扶贫协作资金",
    )
    make_enrollment(s2, people["L2"], days_attended=10, completed=True)
    make_enrollment(s2, people["L6"])
    s3 = _finished(None, trade="苗绣", program="luyu", year=2019)
    make_enrollment(s3, people["L4"], days_attended=10, completed=True)
    s4 = _finished(township_a, trade="创业培训")
    make_enrollment(s4, people["L4"], days_attended=10)

    check(selectors.shandong_skill_trainees(user=county_user), 2, client, county_user)
    check(selectors.shandong_skill_trainees(user=officer_a), 1, client, officer_a)
    check(selectors.shandong_skill_trainees(user=officer_b), 1, client, officer_b)
    check(selectors.shandong_entrepreneurship_trainees(user=county_user), 1, client, county_user)
    check(selectors.shandong_entrepreneurship_trainees(user=officer_b), 0, client, officer_b)


def test_target_19_hechuan_practical_technology_counts_people_once(
    training, client, county_user, officer_a, officer_b, township_a
):
    """H1 (township A) and H2 (county): 农村实用技术 of the Hechuan program, both finished in
    2020. L1 completed both; non-poor N1 completed both; non-poor N2 attended H1 without
    completing. H3 (Hechuan, 银杏种植) — L3 completed; H4 (农村实用技术, not Hechuan) — L4
    completed. Target 19 = {L1, N1}: two people, both of township A (N1 through H1)."""
    people = training
    n1 = valid_id_number(region="500242")
    h1 = _finished(township_a, trade="农村实用技术", program="hechuan")
    h2 = _finished(
        None,
        trade="农村实用技术",
        program="hechuan",
        start_date=D(2020, 6, 1),
        end_date=D(2020, 6, 5),
    )
    for klass in (h1, h2):
        make_enrollment(klass, people["L1"], days_attended=5, completed=True)
        make_enrollment(klass, name="吴芳", id_number=n1, days_attended=5, completed=True)
    make_enrollment(h1, name="田勇", days_attended=2)
    h3 = _finished(None, trade="银杏种植", program="hechuan")
    make_enrollment(h3, people["L3"], days_attended=5, completed=True)
    h4 = _finished(None, trade="农村实用技术")
    make_enrollment(h4, people["L4"], days_attended=5, completed=True)

    figure = selectors.hechuan_practical_trainees(user=county_user)
    check(figure, 2, client, county_user, {township_a.pk: 2})
    check(selectors.hechuan_practical_trainees(user=officer_a), 2, client, officer_a)
    check(selectors.hechuan_practical_trainees(user=officer_b), 0, client, officer_b)


@pytest.fixture
def entrepreneurs(village_a1, village_b1):
    """E1 (A): loan paid out in 2020 and guidance in 2020 — supported.
    E2 (A): a loan only.  E3 (B): guidance only.
    E4 (B): a refused application and guidance.
    E5 (A): a loan repaid in 2019 and guidance in 2020 (no loan during the year).
    E6 (A): wants to, but has lost the ability to work — not counted at all.
    E7 (B): an application in 2020, guidance only in 2019.
    Entrepreneurs 6; with a loan E1, E2, E7; with guidance E1, E3, E4, E5; supported E1."""
    a, b = village_a1, village_b1
    e = {
        key: make_laborer(village=village, wants_entrepreneurship=True, **CAPABLE)
        for key, village in [("E1", a), ("E2", a), ("E3", b), ("E4", b), ("E5", a), ("E7", b)]
    }
    e["E6"] = make_laborer(village=a, wants_entrepreneurship=True, labor_ability="丧失劳动力")
    make_loan(e["E1"])
    make_loan(e["E2"])
    make_loan(e["E4"], status="未获批")
    make_loan(
        e["E5"],
        status="还清",
        applied_on=D(2017, 3, 1),
        disbursed_on=D(2017, 3, 20),
        due_on=D(2019, 12, 31),
        repaid_on=D(2019, 12, 20),
    )
    make_loan(e["E7"], status="申请")
    mentor = make_mentor()
    for key, day in [
        ("E1", D(2020, 4, 1)),
        ("E3", D(2020, 4, 2)),
        ("E4", D(2020, 4, 3)),
        ("E5", D(2020, 4, 4)),
        ("E7", D(2019, 11, 1)),
    ]:
        session = GuidanceSession.objects.create(
            mentor=mentor, date=day, mode="一对一", topic="选址"
        )
        GuidanceParticipant.objects.create(session=session, laborer=e[key])
    return e


def test_target_7_loans_and_guidance(
    entrepreneurs, client, county_user, officer_a, officer_b, township_a, township_b
):
    A, B = township_a.pk, township_b.pk
    check(selectors.entrepreneurs(user=county_user), 6, client, county_user, {A: 3, B: 3})
    check(selectors.entrepreneurs_with_loan(user=county_user), 3, client, county_user)
    check(selectors.entrepreneurs_with_guidance(user=county_user), 4, client, county_user)
    check(selectors.entrepreneurs_supported(user=county_user), 1, client, county_user, {A: 1})
    check(
        selectors.entrepreneurs_unsupported(user=county_user), 5, client, county_user, {A: 2, B: 3}
    )
    check(selectors.entrepreneurs_supported(user=officer_b), 0, client, officer_b)
    check(selectors.entrepreneurs_unsupported(user=officer_a), 2, client, officer_a)


def test_target_11_stations(client, county_user, officer_b, village_a1):
    """S1 in use since 2019 (its graduate left); S2 opens after the business date; S3
    withdrawn; S4 in use, occupied now. Provided: S1, S4; occupied: S4."""
    s1 = make_station("001", opened_on=D(2019, 9, 1))
    make_station("002", opened_on=D(2020, 6, 20))
    make_station("003", is_active=False)
    s4 = make_station("004", opened_on=D(2020, 1, 2))
    graduate = make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2019)
    other = make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2018)
    StationOccupancy.objects.create(
        station=s1,
        laborer=other,
        business="设计",
        start_date=D(2019, 10, 1),
        end_date=D(2020, 2, 1),
    )
    StationOccupancy.objects.create(
        station=s4, laborer=graduate, business="网店", start_date=D(2020, 3, 1)
    )
    provided = selectors.stations_provided(user=county_user)
    assert provided.township_path is None
    check(provided, 2, client, county_user)
    check(selectors.stations_occupied(user=county_user), 1, client, county_user)
    # county-level resources: every township sees the same stations
    check(selectors.stations_provided(user=officer_b), 2, client, officer_b)
