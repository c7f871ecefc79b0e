"""The laborer list: scope, filters, search, sorting, pagination, totals, query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from laborers import choices
from xiushan_jobs.lib.idnumber import with_check_digit
from xiushan_jobs.testing import (
    make_episode,
    make_household,
    make_laborer,
    make_service,
)

pytestmark = pytest.mark.django_db
URL = reverse("laborers:laborer_list")


def names(response) -> set[str]:
    return {row.name for row in response.context["rows"]}


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_each_role_lists_its_area(client, world, officer_a, officer_b, village_officer, leader):
    assert names(get(client, officer_a)) == {"甲一", "甲二"}
    assert names(get(client, officer_b)) == {"乙一"}
    assert names(get(client, village_officer)) == {"甲一"}
    assert names(get(client, leader)) == {"甲一", "甲二", "乙一"}


def test_village_drop_down_lists_the_users_villages_only(
    client, world, officer_a, village_officer, county_user
):
    form = get(client, officer_a).context["filter"].form
    assert [v.name for v in form.fields["village"].queryset] == ["凤鸣村", "太平村"]
    assert "township" not in form.fields
    form = get(client, village_officer).context["filter"].form
    assert [v.name for v in form.fields["village"].queryset] == ["凤鸣村"]
    form = get(client, county_user).context["filter"].form
    assert form.fields["township"].queryset.count() == 27
    assert form.fields["village"].queryset.count() == 3


def test_county_narrows_villages_by_township(client, world, county_user, township_b):
    response = get(client, county_user, township=township_b.pk)
    assert names(response) == {"乙一"}
    villages = response.context["filter"].form.fields["village"].queryset
    assert [v.name for v in villages] == ["坝芒村"]


def test_a_village_outside_the_area_is_refused_not_followed(client, world, officer_a, village_b1):
    response = get(client, officer_a, village=village_b1.pk)
    assert "village" in response.context["filter"].form.errors
    assert names(response) == {"甲一", "甲二"}  # the bad filter is ignored, scope holds
    assert "部分筛选条件无效" in response.content.decode()


def test_filter_by_village(client, world, officer_a, village_a2):
    assert names(get(client, officer_a, village=village_a2.pk)) == {"甲二"}


@pytest.fixture
def people(village_a1):
    """Laborers that differ in one respect each."""
    household = make_household(village_a1, relocated=True)
    return {
        "outside": make_episode(
            make_laborer(village=village_a1, name="外出"), kind=choices.EmploymentKind.OUTSIDE
        ).laborer,
        "welfare": make_episode(
            make_laborer(village=village_a1, name="公岗"), kind=choices.EmploymentKind.WELFARE_POST
        ).laborer,
        "ended": make_episode(
            make_laborer(village=village_a1, name="离职"),
            start=datetime.date(2019, 1, 1),
            end=datetime.date(2019, 12, 1),
        ).laborer,
        "graduate": make_laborer(
            village=village_a1, name="毕业生", is_college_graduate=True, graduation_year=2019
        ),
        "relocated": make_laborer(household, name="搬迁"),
        "disabled": make_laborer(
            village=village_a1,
            name="残疾",
            is_disabled=True,
            labor_ability=choices.LaborAbility.LOST,
        ),
        "trainee": make_laborer(
            village=village_a1,
            name="培训",
            wants_training=True,
            employment_intention=choices.EmploymentIntention.NONE,
        ),
        "founder": make_laborer(
            village=village_a1,
            name="创业",
            wants_entrepreneurship=True,
            employment_intention=choices.EmploymentIntention.NONE,
        ),
        "willing": make_laborer(
            village=village_a1,
            name="县内意愿",
            employment_intention=choices.EmploymentIntention.IN_COUNTY,
            last_surveyed_on=datetime.date(2020, 5, 1),
        ),
    }


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"employment": "employed"}, {"外出", "公岗"}),
        ({"employment": "公益性岗位"}, {"公岗"}),
        (
            {"employment": "unemployed"},
            {"离职", "毕业生", "搬迁", "残疾", "培训", "创业", "县内意愿"},
        ),
        ({"group": "graduate"}, {"毕业生"}),
        ({"group": "relocated"}, {"搬迁"}),
        ({"group": "disabled"}, {"残疾"}),
        ({"intention": "training"}, {"培训"}),
        ({"intention": "entrepreneurship"}, {"创业"}),
        ({"intention": "县内就业"}, {"县内意愿"}),
        ({"intention": "any"}, {"培训", "创业", "县内意愿"}),
        ({"ability": "丧失劳动力"}, {"残疾"}),
        ({"ability": "capable", "employment": "employed"}, {"外出", "公岗"}),
        ({"not_updated": "on", "intention": "any"}, {"培训", "创业"}),
        ({"few_services": "on", "intention": "县内就业"}, {"县内意愿"}),
        ({"warning": "graduate_idle"}, {"毕业生"}),
    ],
)
def test_filters(client, people, officer_a, params, expected):
    assert names(get(client, officer_a, **params)) == expected


def test_few_services_counts_this_years_services(client, people, officer_a):
    willing = people["willing"]
    for day in (datetime.date(2019, 12, 30), datetime.date(2020, 1, 2), datetime.date(2020, 6, 1)):
        make_service(willing, date=day)
    assert names(get(client, officer_a, few_services="on", intention="县内就业")) == {"县内意愿"}
    make_service(willing, date=datetime.date(2020, 6, 10))
    assert names(get(client, officer_a, few_services="on", intention="县内就业")) == set()


@pytest.fixture
def searchable(village_a1):
    number = with_check_digit("50024119880808123")
    return make_laborer(
        village=village_a1, name="龙小燕", id_number=number, phone="13912345678"
    ), number


@pytest.mark.parametrize(
    "query",
    [
        "小燕",  # part of the name
        "龙小燕",
        "1234",  # stands for the last four characters of the ID number
        "５６７８",  # last digits of the phone, typed full-width
        "139 1234 5678",  # the full phone with spaces
    ],
)
def test_search_finds(client, searchable, officer_a, query):
    laborer, number = searchable
    make_laborer(village=laborer.household.village, name="其他人", phone="13700000000")
    if query == "1234":
        query = number[-4:]
    assert names(get(client, officer_a, q=query)) == {"龙小燕"}


def test_search_by_full_id_number_however_typed(client, searchable, officer_a):
    _, number = searchable
    typed = " ".join([number[:6], number[6:14], number[14:].lower()])
    assert names(get(client, officer_a, q=typed)) == {"龙小燕"}


def test_search_does_not_match_middle_digits(client, searchable, officer_a):
    _, number = searchable
    assert names(get(client, officer_a, q=number[6:14])) == set()  # the birth date


def test_search_stays_in_scope(client, searchable, officer_b):
    _, number = searchable
    assert names(get(client, officer_b, q=number)) == set()
    assert names(get(client, officer_b, q="龙小燕")) == set()


def test_sorting(client, village_a1, officer_a):
    for name, year in (("乙", 1990), ("甲", 1970), ("丙", 1980)):
        make_laborer(village=village_a1, name=name, birth=datetime.date(year, 1, 1))
    rows = get(client, officer_a, o="-birth").context["rows"]
    assert [r.name for r in rows] == ["乙", "丙", "甲"]
    rows = get(client, officer_a, o="birth").context["rows"]
    assert [r.name for r in rows] == ["甲", "丙", "乙"]


def test_pagination_and_totals(client, village_a1, officer_a):
    household = make_household(village_a1)
    for i in range(30):
        laborer = make_laborer(household if i < 2 else None, village=village_a1, name=f"人{i:02d}")
        if i % 3 == 0:
            make_episode(laborer)
    first = get(client, officer_a)
    assert first.context["totals"] == {
        "laborers": 30,
        "employed": 10,
        "unemployed": 20,
        "households": 29,
    }
    assert len(first.context["rows"]) == 25
    second = get(client, officer_a, page=2)
    assert len(second.context["rows"]) == 5
    assert not names(first) & names(second)
    assert "第 2 / 2 页" in second.content.decode()
    assert len(get(client, officer_a, page="abc").context["rows"]) == 25  # page 1
    assert len(get(client, officer_a, page=99).context["rows"]) == 5  # the last page


def test_rows_show_masked_numbers_and_warnings(client, searchable, officer_a):
    _, number = searchable
    page = get(client, officer_a).content.decode()
    assert number not in page and "13912345678" not in page
    assert f"{number[:6]}********{number[-4:]}" in page
    assert "本季度未调查更新" in page  # never surveyed


def test_leader_sees_no_write_buttons(client, world, leader):
    page = get(client, leader).content.decode()
    assert "登记服务" not in page and "已调查" not in page
    assert "导出（含完整号码）" not in page


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    "params",
    [{}, {"employment": "unemployed", "warning": "few_services"}, {"q": "张"}, {"q": "1234"}],
)
def test_query_count_does_not_grow(
    client, village_a1, village_a2, officer_a, size, params, django_assert_max_num_queries
):
    for i in range(size):
        laborer = make_laborer(village=village_a1 if i % 2 else village_a2)
        make_service(laborer)
        if i % 3:
            make_episode(laborer)
    client.force_login(officer_a)
    # session, user, village choices, helper choices, totals aggregate, page ids, page rows
    # (annotated), permissions (user, groups)
    with django_assert_max_num_queries(9):
        response = client.get(URL, params)
    assert response.status_code == 200


def test_tables_become_cards_on_phones(client, world, officer_a):
    """Every cell of a responsive table names its column (the card's label on a phone)."""
    client.force_login(officer_a)
    laborer = world.a1.laborer
    for url in (
        URL,
        reverse("laborers:household_list"),
        reverse("laborers:laborer_detail", args=[laborer.pk]),
        reverse("laborers:household_detail", args=[laborer.household_id]),
        reverse("laborers:workspace"),
    ):
        page = client.get(url).content.decode()
        assert 'class="table responsive' in page, url
        cells = re.findall(r"<td\b[^>]*>", page)
        assert cells and all("data-label=" in cell for cell in cells), url


@pytest.mark.parametrize("user", ["county_user", "leader", "officer_a", "village_officer"])
@pytest.mark.parametrize("param", ["village", "township"])
def test_a_junk_area_in_the_link_is_a_message(client, request, world, user, param):
    """``?village=abc`` in a hand-typed link: the list answers and says the filter was
    ignored (an officer has no township filter to ignore)."""
    client.force_login(request.getfixturevalue(user))
    response = client.get(URL, {param: "abc"})
    assert response.status_code == 200
    has_filter = param in response.context["filter"].form.fields
    assert ("部分筛选条件无效，已忽略" in response.content.decode()) == has_filter
    assert has_filter or user in ("officer_a", "village_officer")
