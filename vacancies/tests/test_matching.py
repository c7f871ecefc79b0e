"""Matching on a small hand-built county (see conftest): who ranks first and why, who is
never offered, and the vacancies that fit a laborer."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from laborers.choices import Education, EmploymentIntention, Sex
from vacancies.matching import FITS, laborer_vacancies, vacancy_matches
from vacancies.models import ReservedFor, WorkArea
from vacancies.services import push_record
from vacancies.tests.conftest import make_vacancy
from xiushan_jobs.testing import make_household, make_laborer

pytestmark = pytest.mark.django_db


def _names(matches):
    return [m.laborer.name for m in matches]


def test_ranking_and_reasons_for_a_township_officer(county_map, officer_a):
    matches = vacancy_matches(vacancy=county_map.vacancy, user=officer_a)
    assert _names(matches) == ["王一", "李二", "赵三"]
    wang, li, zhao = matches
    # 王一: place fits (40), trained sewing worker (25), lives in the township (10),
    # ordinary labor (5), zero-employment household (20)
    assert wang.score == 40 + 25 + 10 + 5 + 20
    assert "想在县内就业，与岗位相符" in wang.reasons
    assert "受过缝纫工培训" in wang.reasons
    assert FITS["zero"].label in wang.reasons
    assert FITS["nearby"].label in wang.reasons
    # 李二: anywhere (30), township (10), ordinary (5), relocated (15); the brother works,
    # so the household is not a zero-employment one
    assert li.score == 30 + 10 + 5 + 15
    assert FITS["relocated"].label in li.reasons
    assert FITS["zero"].label not in li.reasons
    # 赵三 wants to work outside Chongqing: offered last, and told why
    assert zhao.score == 10 + 5 + 20
    assert any("市外就业" in r and "岗位在" in r for r in zhao.reasons)


def test_never_offered_employed_unwilling_too_old_unable_or_out_of_area(
    county_map, officer_a, county_user, officer_b
):
    offered = set(_names(vacancy_matches(vacancy=county_map.vacancy, user=officer_a)))
    assert offered.isdisjoint({"钱四", "孙五", "周六", "吴七", "郑八"})
    # the county sees 郑八 of 隘口镇; 隘口镇's officer sees only 郑八
    assert "郑八" in _names(vacancy_matches(vacancy=county_map.vacancy, user=county_user))
    assert _names(vacancy_matches(vacancy=county_map.vacancy, user=officer_b)) == ["郑八"]


def test_a_village_officer_sees_only_their_village(county_map, village_officer):
    names = _names(vacancy_matches(vacancy=county_map.vacancy, user=village_officer))
    assert names == ["王一", "赵三"]  # 李二 lives in the other village


def test_leaders_match_nobody_they_could_push(county_map, leader):
    assert vacancy_matches(vacancy=county_map.vacancy, user=leader)
    assert not laborer_vacancies(laborer=county_map.wang, user=leader)


def test_requirements_filter_sex_education_and_graduate_reserve(county_map, officer_a, township_a):
    women_only = make_vacancy(work_township=township_a, sex=Sex.FEMALE)
    assert vacancy_matches(vacancy=women_only, user=officer_a) == []  # all men
    high_school = make_vacancy(work_township=township_a, education_min=Education.SENIOR)
    county_map.li.education = Education.COLLEGE
    county_map.li.save()
    assert _names(vacancy_matches(vacancy=high_school, user=officer_a)) == ["李二"]
    graduates = make_vacancy(work_township=township_a, reserved_for=ReservedFor.GRADUATES)
    assert vacancy_matches(vacancy=graduates, user=officer_a) == []


def test_a_pushed_laborer_is_not_offered_again(county_map, officer_a):
    push_record(
        vacancy=county_map.vacancy,
        laborers=[county_map.wang],
        channel="电话",
        date=datetime.date(2020, 6, 10),
        by=officer_a,
    )
    assert _names(vacancy_matches(vacancy=county_map.vacancy, user=officer_a)) == ["李二", "赵三"]


def test_place_of_work_decides_who_ranks_first(county_map, officer_a):
    shandong = make_vacancy(work_area=WorkArea.SHANDONG, trade=None, title="纺织工")
    matches = vacancy_matches(vacancy=shandong, user=officer_a)
    assert _names(matches)[0] == "赵三"  # the only one who wants to work outside Chongqing
    assert matches[0].score == 40 + 5 + 20


def test_the_laborer_page_lists_the_open_vacancies_that_fit(county_map, officer_a, township_a):
    expired = make_vacancy(
        work_township=township_a,
        title="已过期岗位",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2020, 3, 1),
    )
    shandong = make_vacancy(work_area=WorkArea.SHANDONG, trade=None, title="纺织工")
    too_young = make_vacancy(work_township=township_a, title="年轻岗位", age_max=30)
    fitting = laborer_vacancies(laborer=county_map.wang, user=officer_a)
    titles = [vacancy.title for vacancy, _reasons in fitting]
    assert titles[0] == "缝纫工"  # in the county, trained, nearby
    assert shandong.title in titles
    assert expired.title not in titles
    assert too_young.title not in titles  # 王一 is 35
    reasons = dict((v.title, r) for v, r in fitting)["缝纫工"]
    assert "受过缝纫工培训" in reasons


def test_out_of_area_township_vacancy_is_not_offered_to_another_township(
    county_map, officer_b, township_a
):
    own = make_vacancy(work_township=township_a, township=township_a, title="中和街道专岗")
    zheng = make_laborer(
        make_household(county_map.zheng.household.village),
        name="郑九",
        employment_intention=EmploymentIntention.IN_COUNTY,
    )
    titles = [v.title for v, _ in laborer_vacancies(laborer=zheng, user=officer_b)]
    assert own.title not in titles
    assert "缝纫工" in titles  # the county's vacancy is open to every township


@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_the_ranking_runs_with_jit_off_for_that_statement_only(county_map, officer_a):
    with CaptureQueriesContext(connection) as queries:
        assert vacancy_matches(vacancy=county_map.vacancy, user=officer_a)
    sqls = [query["sql"] for query in queries]
    switched = next(i for i, sql in enumerate(sqls) if "set_config('jit', 'off', true)" in sql)
    ranking = next(i for i, sql in enumerate(sqls) if "LIMIT 50" in sql)
    assert switched < ranking
