"""Households: the list, the household page with the zero-employment flag, creating,
editing (village choices in the user's area, concurrent edits refused), deleting."""

import datetime

import pytest
from django.urls import reverse

from laborers import choices
from laborers.models import Household
from xiushan_jobs.testing import household_number, make_episode, make_household, make_laborer

pytestmark = pytest.mark.django_db

IDLE = household_number(11)  # a valid number: the edit page posts it back
NEW = household_number(12)


@pytest.fixture
def families(village_a1):
    idle = make_household(village_a1, number=IDLE, relocated=True)
    make_laborer(idle, name="闲一", employment_intention=choices.EmploymentIntention.IN_COUNTY)
    make_laborer(idle, name="闲二", relationship=choices.Relationship.SPOUSE)
    working = make_household(village_a1, number="H-WORK")
    make_episode(make_laborer(working, name="工一"))
    make_laborer(working, name="工二", relationship=choices.Relationship.SPOUSE)
    incapable = make_household(village_a1, number="H-NONE")
    make_laborer(incapable, name="病一", labor_ability=choices.LaborAbility.LOST)
    return {"idle": idle, "working": working, "incapable": incapable}


def test_list_with_member_counts_and_flags(client, families, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:household_list"))
    rows = {row.number: row for row in response.context["rows"]}
    assert set(rows) == {IDLE, "H-WORK", "H-NONE"}
    idle = rows[IDLE]
    assert (idle.member_count, idle.capable_count, idle.employed_count) == (2, 2, 0)
    assert idle.is_zero_employment and not rows["H-WORK"].is_zero_employment
    assert not rows["H-NONE"].is_zero_employment  # nobody able to work
    assert "零就业家庭" in response.content.decode()


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"zero_employment": "on"}, {IDLE}),
        ({"relocated": "on"}, {IDLE}),
        ({"q": "WORK"}, {"H-WORK"}),
        ({"q": "闲二"}, {IDLE}),
    ],
)
def test_list_filters(client, families, officer_a, params, expected):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:household_list"), params)
    assert {row.number for row in response.context["rows"]} == expected


def test_household_page(client, families, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:household_detail", args=[families["idle"].pk]))
    assert response.context["is_zero_employment"] is True
    assert [m.name for m in response.context["members"]] == ["闲一", "闲二"]  # head first
    page = response.content.decode()
    assert "有劳动能力且有就业意愿的成员无一人就业" in page and "易地扶贫搬迁户" in page
    response = client.get(reverse("laborers:household_detail", args=[families["working"].pk]))
    assert response.context["is_zero_employment"] is False
    assert response.context["employed_count"] == 1


def test_create_offers_only_the_users_villages(client, officer_a, village_a1, village_b1):
    client.force_login(officer_a)
    url = reverse("laborers:household_create")
    villages = client.get(url).context["form"].fields["village"].queryset
    assert {v.name for v in villages} == {"凤鸣村"}  # village_a2 not created in this test
    response = client.post(
        url, {"village": village_b1.pk, "number": NEW, "poverty_status": "未脱贫"}
    )
    assert "village" in response.context["form"].errors
    response = client.post(
        url,
        {"village": village_a1.pk, "number": f" {NEW[:6]} {NEW[6:]} ", "poverty_status": "已脱贫"},
    )
    assert "脱贫年度" in str(response.context["form"].errors["poverty_exit_year"])
    response = client.post(
        url,
        {
            "village": village_a1.pk,
            "number": f" {NEW[:6]} {NEW[6:]} ",
            "poverty_status": "已脱贫",
            "poverty_exit_year": "2019",
        },
    )
    household = Household.objects.get(number=NEW)
    assert response.url == reverse("laborers:household_detail", args=[household.pk])
    assert household.history.get().history_user == officer_a


def test_edit_and_concurrent_edit(client, families, officer_a, county_user):
    household = families["idle"]
    url = reverse("laborers:household_edit", args=[household.pk])
    client.force_login(officer_a)
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    client.force_login(county_user)
    assert client.post(url, {**data, "relocated": ""}).status_code == 302
    client.force_login(officer_a)
    response = client.post(url, {**data, "poverty_status": "已脱贫", "poverty_exit_year": "2019"})
    assert response.status_code == 200
    [entry] = response.context["conflict"]
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("易地扶贫搬迁户", "是", "否")]
    household.refresh_from_db()
    assert (household.relocated, household.poverty_status, household.version) == (
        False,
        "未脱贫",
        2,
    )


def test_only_empty_households_can_be_deleted(client, families, officer_a, village_a1):
    client.force_login(officer_a)
    full = families["idle"]
    url = reverse("laborers:household_delete", args=[full.pk])
    assert "不能删除" in client.post(url).content.decode()
    assert Household.objects.filter(pk=full.pk).exists()
    empty = make_household(village_a1)
    response = client.post(reverse("laborers:household_delete", args=[empty.pk]))
    assert response.url == reverse("laborers:household_list")
    assert Household.history.get(id=empty.pk, history_type="-").history_user == officer_a


@pytest.mark.parametrize("size", [1, 10])
def test_query_counts_do_not_grow(
    client, village_a1, officer_a, size, django_assert_max_num_queries
):
    household = make_household(village_a1)
    for i in range(size):
        laborer = make_laborer(household, birth=datetime.date(1980 + i, 1, 1))
        make_episode(laborer)
        other = make_household(village_a1)
        make_laborer(other)
        household.note = i
        household.relocated = not household.relocated
        household.save()
    client.force_login(officer_a)
    # session, user, household, members, zero-employment test, history, history labels;
    # the warning-cases section: the household's cases, its helper, the township's helpers
    with django_assert_max_num_queries(11):
        assert (
            client.get(reverse("laborers:household_detail", args=[household.pk])).status_code == 200
        )
    # session, user, village choices, count, page ids, page rows
    with django_assert_max_num_queries(7):
        assert (
            client.get(reverse("laborers:household_list"), {"zero_employment": "on"}).status_code
            == 200
        )


@pytest.mark.parametrize(
    "number,message",
    [
        ("5002410000000001", "是 16 位，应为 17 位"),
        ("50024100000000001X", "应全部为数字"),
        ("户500241000000001", "应全部为数字"),
        ("50024200000000001", "应以本县代码 500241 开头"),
    ],
)
def test_household_numbers_are_checked(client, officer_a, village_a1, number, message):
    client.force_login(officer_a)
    url = reverse("laborers:household_create")
    page = client.get(url).content.decode()
    assert "17 位数字：村（社区）的 12 位区划代码加 5 位户序号" in page  # the hint
    response = client.post(
        url, {"village": village_a1.pk, "number": number, "poverty_status": "未脱贫"}
    )
    assert message in str(response.context["form"].errors["number"])
    assert not Household.objects.exists()


def test_a_village_code_is_the_prefix_of_its_household_numbers(client, officer_a, village_a1):
    village_a1.code = "500241101203"
    village_a1.full_clean()
    village_a1.save()
    client.force_login(officer_a)
    url = reverse("laborers:household_create")
    data = {"village": village_a1.pk, "poverty_status": "未脱贫"}
    response = client.post(url, {**data, "number": "50024100000000001"})
    assert "应以凤鸣村的区划代码 500241101203 开头" in str(response.context["form"].errors)
    assert client.post(url, {**data, "number": "50024110120300001"}).status_code == 302
    assert Household.objects.get().number == "50024110120300001"


def test_a_village_code_is_twelve_digits_of_this_county(village_a1):
    from django.core.exceptions import ValidationError

    for bad in ("50024110120", "500242101203", "5002411012AB"):
        village_a1.code = bad
        with pytest.raises(ValidationError, match="12 位数字、以本县代码 500241 开头"):
            village_a1.full_clean()
