"""数据质量: each check is a list of records to fix, in the user's area."""

import datetime

import pytest
from django.urls import reverse

from laborers import choices
from laborers.models import Household, Laborer, Service
from xiushan_jobs.lib.idnumber import with_check_digit
from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service

pytestmark = pytest.mark.django_db


def id_born(day: datetime.date, seq: int) -> str:
    """An ID number of someone born on ``day`` (the factory's default shifts birth dates
    to keep numbers unique across a run)."""
    return with_check_digit(f"500241{day:%Y%m%d}{seq:03d}")


def listed(client, key, **params):
    response = client.get(reverse("laborers:quality_list", args=[key]), params)
    assert response.status_code == 200
    return response


def test_jobs_without_employer_or_place(client, village_a1, officer_a):
    no_employer = make_episode(make_laborer(village=village_a1, name="无单位"), place="秀山县")
    make_episode(make_laborer(village=village_a1, name="齐全"), employer="某厂", place="秀山县")
    make_episode(  # ended jobs are history, not a current gap
        make_laborer(village=village_a1, name="已结束"),
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 3, 1),
    )
    client.force_login(officer_a)
    response = listed(client, "no_place")
    assert [e.pk for e in response.context["page"].object_list] == [no_employer.pk]
    assert ">补全<" in response.content.decode()


def test_overlapping_jobs(client, village_a1, officer_a):
    """Two episodes of one laborer sharing a day, entered before one job at a time was a
    rule (bulk writes and old imports do not run it): both listed, to fix."""
    D = datetime.date
    twice = make_laborer(village=village_a1, name="重叠")
    first = make_episode(twice, start=D(2019, 3, 1), end=D(2019, 9, 30))
    second = make_episode(twice, start=D(2019, 9, 30))  # open, starts on first's last day
    in_turn = make_laborer(village=village_a1, name="先后")
    make_episode(in_turn, start=D(2019, 3, 1), end=D(2019, 9, 29))
    make_episode(in_turn, start=D(2019, 9, 30))
    client.force_login(officer_a)
    response = listed(client, "overlapping_jobs")
    assert [e.pk for e in response.context["page"].object_list] == [first.pk, second.pk]

    # correcting the dates clears it; an unrelated correction is not blocked by it
    def form_data(episode):
        form = client.get(reverse("laborers:episode_edit", args=[episode.pk])).context["form"]
        return {name: form[name].value() or "" for name in form.fields}

    edit = reverse("laborers:episode_edit", args=[second.pk])
    assert client.post(edit, {**form_data(second), "employer": "某厂"}).status_code == 302
    response = client.post(edit, {**form_data(second), "start_date": "2019-09-01"})
    assert "与该劳动力已有的就业经历" in str(response.context["form"].errors["start_date"])
    first_edit = reverse("laborers:episode_edit", args=[first.pk])
    response = client.post(first_edit, {**form_data(first), "end_date": "2019-09-29"})
    assert response.status_code == 302
    assert listed(client, "overlapping_jobs").context["count"] == 0


def test_leader_reads_the_lists_without_fix_buttons(client, village_a1, leader):
    make_episode(make_laborer(village=village_a1), place="")
    client.force_login(leader)
    response = listed(client, "no_place")
    assert response.context["count"] == 1 and ">补全<" not in response.content.decode()


def test_ages_outside_working_age(client, village_a1, officer_a):
    day = datetime.date(2020, 6, 15)
    ages = {
        "十五岁": day.replace(year=2004, day=16),  # turns 16 tomorrow
        "十六岁": day.replace(year=2004),
        "六十岁": day.replace(year=1959, day=16),  # turns 61 tomorrow
        "六十一": day.replace(year=1959),
    }
    for seq, (name, born) in enumerate(ages.items()):
        make_laborer(village=village_a1, name=name, id_number=id_born(born, seq))
    client.force_login(officer_a)
    rows = listed(client, "working_age").context["page"].object_list
    names = {laborer.name for laborer in rows}
    assert names == {"十五岁", "六十一"}
    detail = client.get(
        reverse("laborers:laborer_detail", args=[Laborer.objects.get(name="六十一").pk])
    )
    assert any("不在劳动年龄" in p for p in detail.context["problems"])


def test_households_without_a_head_or_with_two(client, village_a1, officer_a):
    none = make_household(village_a1, number="H-NONE")
    make_laborer(none, relationship=choices.Relationship.SPOUSE)
    two = make_household(village_a1, number="H-TWO")
    make_laborer(two)
    make_laborer(two)
    one = make_household(village_a1, number="H-ONE")
    make_laborer(one)
    make_laborer(one, relationship=choices.Relationship.SON)
    client.force_login(officer_a)
    rows = listed(client, "household_heads").context["page"].object_list
    assert {(h.number, h.heads) for h in rows} == {("H-NONE", 0), ("H-TWO", 2)}


def test_suspected_duplicates(client, village_a1, village_a2, village_b1, officer_a):
    born = datetime.date(1990, 3, 3)
    make_laborer(village=village_a1, name="田芳", id_number=id_born(born, 2))
    make_laborer(village=village_a2, name="田芳", id_number=id_born(born, 4))
    make_laborer(village=village_a1, name="田芳", id_number=id_born(datetime.date(1991, 3, 3), 2))
    # a twin outside the area is not the officer's to see
    make_laborer(village=village_b1, name="杨军", id_number=id_born(born, 1))
    make_laborer(village=village_a1, name="杨军", id_number=id_born(born, 3))
    client.force_login(officer_a)
    response = listed(client, "duplicates")
    rows = list(response.context["page"].object_list)
    assert [(r.name, r.birth_date) for r in rows] == [("田芳", born), ("田芳", born)]
    assert rows[0].id_number != rows[1].id_number


def test_records_failing_todays_rules(client, village_a1, village_b1, officer_a):
    laborer = make_laborer(village=village_a1, name="旧数据")
    Laborer.objects.filter(pk=laborer.pk).update(phone="0851-1234")
    household = make_household(village_a1, poverty_status="已脱贫", poverty_exit_year=2016)
    Household.objects.filter(pk=household.pk).update(poverty_exit_year=2010)
    service = make_service(laborer)
    Service.objects.filter(pk=service.pk).update(date=datetime.date(2021, 1, 1))
    other = make_laborer(village=village_b1, name="外乡")
    Laborer.objects.filter(pk=other.pk).update(phone="1")
    make_laborer(village=village_a1, name="合规")
    client.force_login(officer_a)
    response = listed(client, "invalid")
    failures = list(response.context["page"].object_list)
    assert {(f.kind, f.laborer_name) for f in failures} == {
        ("贫困户", ""),
        ("贫困劳动力", "旧数据"),
        ("针对性服务", "旧数据"),
    }
    messages = {m for f in failures for m in f.errors}
    assert any(m.startswith("联系电话：手机号码") for m in messages)
    assert any(m.startswith("脱贫年度：") for m in messages)
    assert "服务日期：服务日期不能晚于今天。" in messages


def test_county_picks_a_township_for_the_rule_check(client, village_a1, county_user, township_a):
    laborer = make_laborer(village=village_a1)
    Laborer.objects.filter(pk=laborer.pk).update(phone="12")
    client.force_login(county_user)
    response = listed(client, "invalid")
    assert response.context["needs_township"] and "请选择一个乡镇" in response.content.decode()
    response = listed(client, "invalid", township=township_a.pk)
    assert response.context["count"] == 1


def test_overview_counts_equal_the_lists(client, village_a1, officer_a):
    make_episode(make_laborer(village=village_a1), employer="")
    make_laborer(village=village_a1, birth=datetime.date(1950, 1, 1))
    client.force_login(officer_a)
    response = client.get(reverse("laborers:quality"))
    for check, count in response.context["checks"]:
        assert count == listed(client, check.key).context["count"], check.key
    assert dict((c.key, n) for c, n in response.context["checks"]) == {
        "no_place": 1,
        "overlapping_jobs": 0,
        "working_age": 1,
        "household_heads": 0,
        "duplicates": 0,
    }


def test_unknown_check_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("laborers:quality_list", args=["nothing"])).status_code == 404


@pytest.mark.parametrize(
    "key", ["no_place", "overlapping_jobs", "working_age", "household_heads", "duplicates"]
)
@pytest.mark.parametrize("size", [2, 12])
def test_list_query_counts_do_not_grow(
    client, village_a1, officer_a, key, size, django_assert_max_num_queries
):
    born = datetime.date(1950, 1, 1)
    for i in range(size):
        household = make_household(village_a1)
        make_episode(
            make_laborer(household, name="同名", id_number=id_born(born, 2 * i)), employer=""
        )
        make_laborer(household, name="同名", id_number=id_born(born, 2 * i + 1))
    client.force_login(officer_a)
    # session, user, count, page
    with django_assert_max_num_queries(4):
        listed(client, key)


def test_lists_need_a_login_and_refuse_posts(client, officer_a):
    url = reverse("laborers:quality_list", args=["duplicates"])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(officer_a)
    assert client.post(url).status_code == 405
    assert client.post(reverse("laborers:quality_list", args=["invalid"])).status_code == 405
