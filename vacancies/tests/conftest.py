"""A small hand-built county for matching: one vacancy in 中和街道 (township A) for a
sewing worker, and laborers who fit it better or worse, or not at all."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from laborers.choices import EmploymentIntention, LaborAbility
from laborers.models import Township
from training.models import Trade
from transfer.services import employer_register
from vacancies.models import AbilityRequired, Vacancy, WorkArea
from vacancies.services import vacancy_save
from xiushan_jobs.testing import (
    make_enrollment,
    make_episode,
    make_household,
    make_laborer,
    make_training_class,
)


def make_vacancy(*, by=None, **kwargs) -> Vacancy:
    defaults = {
        "employer": employer_register(name="秀山县某服装厂", location="秀山县", by=by),
        "title": "缝纫工",
        "trade": Trade.objects.get(name="缝纫工"),
        "places": 5,
        "work_area": WorkArea.IN_COUNTY,
        "work_township": Township.objects.get(name="中和街道"),
        "work_place": "工业园区",
        "pay_min": 2800,
        "pay_max": 3800,
        "age_min": 18,
        "age_max": 50,
        "ability_required": AbilityRequired.ANY,
        "contact_name": "刘经理",
        "contact_phone": "13900001111",
        "valid_from": datetime.date(2020, 5, 1),
        "valid_to": datetime.date(2020, 8, 31),
    }
    defaults.update(kwargs)
    return vacancy_save(vacancy=Vacancy(**defaults), by=by)


@pytest.fixture
def county_map(village_a1, village_a2, village_b1, township_a):
    willing = {"employment_intention": EmploymentIntention.IN_COUNTY}
    # 王一: wants work in the county, trained as a sewing worker, a zero-employment household
    wang = make_laborer(make_household(village_a1), name="王一", **willing)
    sewing = make_training_class(None, trade="缝纫工")
    make_enrollment(sewing, wang, completed=True, days_attended=10)
    # 李二: anywhere will do, relocated household, a brother at work (not zero-employment)
    li_home = make_household(village_a2, relocated=True)
    li = make_laborer(li_home, name="李二", employment_intention=EmploymentIntention.ANY)
    make_episode(make_laborer(li_home, name="李二兄"), start=datetime.date(2020, 1, 1))
    # 赵三: wants to work outside Chongqing: offered, but last, with the mismatch said
    zhao = make_laborer(
        make_household(village_a1), name="赵三", employment_intention=EmploymentIntention.OUTSIDE
    )
    # never offered
    qian = make_laborer(make_household(village_a1), name="钱四", **willing)
    make_episode(qian, start=datetime.date(2020, 2, 1))  # employed
    sun = make_laborer(
        make_household(village_a1), name="孙五", employment_intention=EmploymentIntention.NONE
    )
    old = make_laborer(
        make_household(village_a1), name="周六", birth=datetime.date(1960, 1, 1), **willing
    )
    unable = make_laborer(
        make_household(village_a1), name="吴七", labor_ability=LaborAbility.LOST, **willing
    )
    # 郑八 lives in 隘口镇: another township's officer never sees them
    zheng = make_laborer(make_household(village_b1), name="郑八", **willing)
    vacancy = make_vacancy(work_township=township_a)
    return SimpleNamespace(
        wang=wang,
        li=li,
        zhao=zhao,
        qian=qian,
        sun=sun,
        old=old,
        unable=unable,
        zheng=zheng,
        vacancy=vacancy,
    )
