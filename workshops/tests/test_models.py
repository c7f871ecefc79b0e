"""Validation of sites and fundings, and scoping of every model of the app."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from workshops.models import (
    Post,
    PostPlacement,
    Workshop,
    WorkshopFunding,
    WorkshopPlacement,
)
from workshops.services import placement_start
from xiushan_jobs.testing import make_funding, make_laborer, make_post, make_workshop

pytestmark = pytest.mark.django_db
D = datetime.date


def messages(excinfo) -> dict:
    return excinfo.value.message_dict


def test_recognition_dates(village_a1):
    workshop = Workshop(
        name=" 凤鸣　车间 ",
        operator_kind="企业",
        operator_name="某公司",
        contact_name="王",
        village=village_a1,
        industry="其他",
        established_on=D(2020, 3, 1),
        status="已认定",
        jobs_offered=5,
    )
    with pytest.raises(ValidationError) as excinfo:
        workshop.full_clean()
    assert messages(excinfo)["recognised_on"] == ["“已认定”的车间必须填写认定日期。"]
    workshop.recognised_on = D(2020, 2, 1)
    with pytest.raises(ValidationError, match="认定日期不能早于建成日期"):
        workshop.full_clean()
    workshop.recognised_on = D(2020, 4, 1)
    workshop.status = "已摘牌"
    with pytest.raises(ValidationError, match="已摘牌的车间必须填写摘牌日期"):
        workshop.full_clean()
    workshop.delisted_on = D(2020, 6, 16)
    with pytest.raises(ValidationError, match="摘牌日期不能晚于今天"):
        workshop.full_clean()
    workshop.delisted_on = D(2020, 6, 1)
    workshop.full_clean()
    assert workshop.name == "凤鸣 车间"
    # applying: the dates of later stages are dropped
    workshop.status = "申报中"
    workshop.full_clean()
    assert (workshop.recognised_on, workshop.delisted_on) == (None, None)


def test_database_refuses_what_the_forms_refuse(village_a1, workshop_a):
    with transaction.atomic(), pytest.raises(IntegrityError):
        Workshop.objects.filter(pk=workshop_a.pk).update(recognised_on=None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        WorkshopFunding.objects.create(
            workshop=workshop_a, source="财政涉农资金", date=D(2020, 1, 1)
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_post(village_a1, start_date=D(2020, 5, 1), end_date=D(2020, 4, 1))
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_post(village_a1, positions=0)


def test_funding_rules(workshop_a):
    funding = WorkshopFunding(workshop=workshop_a, source="财政涉农资金", date=D(2020, 7, 1))
    with pytest.raises(ValidationError) as excinfo:
        funding.full_clean()
    assert messages(excinfo) == {
        "amount": ["财政涉农资金必须填写金额。"],
        "date": ["到位日期不能晚于今天。"],
    }
    shandong = WorkshopFunding(workshop=workshop_a, source="鲁渝援建", date=D(2020, 5, 1))
    with pytest.raises(ValidationError, match="鲁渝援建必须填写援建设备"):
        shandong.full_clean()
    shandong.equipment = "缝纫机 10 台"
    shandong.full_clean()  # the value of the equipment is optional


def test_post_rules(village_a1):
    post = Post(
        name="岗",
        kind="护林",
        department="林业",
        village=village_a1,
        positions=1,
        monthly_subsidy=-1,
        funding_source="部门预算资金",
        start_date=D(2020, 5, 1),
        end_date=D(2020, 4, 30),
    )
    with pytest.raises(ValidationError) as excinfo:
        post.full_clean()
    assert set(messages(excinfo)) >= {"end_date", "monthly_subsidy"}
    assert post.period_label == "2020-05-01 至 2020-04-30"
    post.end_date = None
    assert post.period_label == "2020-05-01 至 长期"


def test_names_are_unique_in_a_village(village_a1, village_a2):
    make_workshop(village_a1, name="同名车间")
    make_workshop(village_a2, name="同名车间")
    with pytest.raises(ValidationError, match="同一村（社区）已有同名的扶贫车间"):
        Workshop(
            name="同名车间",
            village=village_a1,
            operator_kind="企业",
            operator_name="x",
            contact_name="x",
            industry="其他",
            established_on=D(2020, 1, 1),
            status="申报中",
            jobs_offered=1,
        ).full_clean()


@pytest.fixture
def everywhere(village_a1, village_a2, village_b1, willing):
    """A workshop, a funding, a post and placements in each village."""
    for village in (village_a1, village_a2, village_b1):
        workshop = make_workshop(village, name=f"{village.name}车间")
        make_funding(workshop)
        post = make_post(village, name=f"{village.name}岗")
        for site in (workshop, post):
            placement_start(
                site=site,
                laborer=make_laborer(village=village, **willing),
                start_date=D(2020, 6, 1),
            )


MODELS = [Workshop, Post, WorkshopFunding, WorkshopPlacement, PostPlacement]


def village_names(model, queryset) -> set[str]:
    return set(queryset.values_list(f"{model.objects.all().village_lookup}__name", flat=True))


@pytest.mark.parametrize("model", MODELS)
def test_scope_of_every_model(
    model, everywhere, county_user, leader, officer_a, officer_b, village_officer
):
    everything = {"凤鸣村", "太平村", "坝芒村"}
    assert village_names(model, model.objects.visible_to(county_user)) == everything
    assert village_names(model, model.objects.visible_to(leader)) == everything
    assert village_names(model, model.objects.visible_to(officer_a)) == {"凤鸣村", "太平村"}
    assert village_names(model, model.objects.visible_to(officer_b)) == {"坝芒村"}
    assert village_names(model, model.objects.visible_to(village_officer)) == {"凤鸣村"}
    assert not model.objects.visible_to(User(username="x", is_active=True)).exists()
    # changes: the county everywhere, officers their township; leaders and village officers
    # read only
    assert village_names(model, model.objects.editable_by(county_user)) == everything
    assert village_names(model, model.objects.editable_by(officer_a)) == {"凤鸣村", "太平村"}
    assert not model.objects.editable_by(leader).exists()
    assert not model.objects.editable_by(village_officer).exists()
