"""帮扶责任人: assigned one by one, by village, or from a sheet through the import pipeline
(preview with annotated errors); open cases follow the household's new helper."""

import io

import openpyxl
import pytest
from django.urls import reverse

from cases.imports import HelperImporter
from cases.models import Case, Helper, HelperUnit, HouseholdHelper
from cases.services import cases_sync
from laborers.imports.base import run_import
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.testing import make_household, make_laborer, make_user

pytestmark = pytest.mark.django_db

HEADER = ["乡镇（街道）", "村（社区）", "户编号", "帮扶责任人", "联系电话", "身份", "工作单位"]


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["帮扶责任人名单"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_previews_errors_then_assigns_and_moves_open_cases(
    village_a1, village_b1, officer_a
):
    mine = make_household(village_a1, number="500241001")
    other = make_household(village_b1, number="500241002")
    laborer = make_laborer(mine)
    cases_sync(laborer_ids=[laborer.pk])
    helper_user = make_user("helper_a", Role.VILLAGE, village=village_a1)
    existing = Helper.objects.create(
        township=village_a1.township,
        name="刘志强",
        phone="13900001111",
        unit=HelperUnit.CADRE,
        user=helper_user,
    )
    data = xlsx(
        [
            ["中和街道", "凤鸣村", "500241001", "刘志强", "13900001111", "帮扶干部", "县人社局"],
            ["隘口镇", "坝芒村", other.number, "王五", "13900002222", "帮扶干部", ""],
            ["中和街道", "凤鸣村", "999", "赵六", "13900003333", "驻村队员", ""],
        ]
    )
    preview = run_import(HelperImporter(user=officer_a), data, "帮扶.xlsx", commit=False)
    problems = {(i.row, i.column): i.message for i in preview.issues}
    assert "不在您的管辖范围内" in problems[(4, "户编号")]  # another township's household
    assert "不存在" in problems[(5, "户编号")]
    assert not HouseholdHelper.objects.exists()

    good = xlsx([["中和街道", "凤鸣村", "500241001", "刘志强", "13900001111", "帮扶干部", ""]])
    report = run_import(HelperImporter(user=officer_a), good, "帮扶.xlsx", commit=True)
    assert report.committed and report.created == 1
    assert HouseholdHelper.objects.get(household=mine).helper == existing
    assert Helper.objects.count() == 1  # matched by township, name and phone
    case = Case.objects.get(laborer=laborer, rule__key="not_updated")
    assert (case.helper, case.owner) == (existing, helper_user)
    again = run_import(HelperImporter(user=officer_a), good, "帮扶.xlsx", commit=False)
    assert again.unchanged == 1


def test_assign_a_whole_village_and_the_list_counts_them(client, village_a1, officer_a, officer_b):
    households = [make_household(village_a1) for _ in range(3)]
    helper = Helper.objects.create(
        township=village_a1.township, name="陈建华", unit=HelperUnit.WORK_TEAM
    )
    client.force_login(officer_b)
    response = client.post(
        reverse("cases:helper_assign"), {"helper": helper.pk, "village": village_a1.pk}
    )
    assert response.status_code == 404  # another township's helper
    client.force_login(officer_a)
    client.post(reverse("cases:helper_assign"), {"helper": helper.pk, "village": village_a1.pk})
    assert HouseholdHelper.objects.filter(helper=helper).count() == len(households)
    page = client.get(reverse("cases:helper_list"))
    assert [h.households for h in page.context["helpers"]] == [3]
    assert page.context["without"] == 0
    assert helper.assignments.first().history.first().history_user == officer_a


def test_create_a_helper_with_a_bad_phone_says_what_is_wrong(client, officer_a, township_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("cases:helper_create"),
        {"township": township_a.pk, "name": "李丽", "phone": "123", "unit": "帮扶干部"},
        follow=True,
    )
    assert "未保存" in response.content.decode() and "联系电话" in response.content.decode()
    assert not Helper.objects.exists()


def test_the_laborer_page_shows_the_helper_and_cases(client, village_a1, officer_a):
    household = make_household(village_a1)
    laborer = make_laborer(household)
    helper = Helper.objects.create(
        township=village_a1.township, name="陈建华", unit=HelperUnit.WORK_TEAM
    )
    from cases.services import helper_assign

    helper_assign(helper=helper, households=[household], by=officer_a)
    cases_sync(laborer_ids=[laborer.pk])
    client.force_login(officer_a)
    page = reverse("laborers:laborer_detail", args=[laborer.pk])
    html = client.get(page).content.decode()
    assert "陈建华" in html and "本季度未调查更新" in html
    # one by one, from the laborer's page, back to it
    other = Helper.objects.create(
        township=village_a1.township, name="杨秀英", unit=HelperUnit.CADRE
    )
    response = client.post(
        reverse("cases:helper_assign"),
        {"helper": other.pk, "household": household.pk, "next": page},
    )
    assert response.url == page
    assert HouseholdHelper.objects.get(household=household).helper == other
    assert Case.objects.get(laborer=laborer, rule__key="not_updated").helper == other


def test_the_household_page_shows_its_helper_and_its_members_cases(
    client, village_a1, officer_a, django_assert_max_num_queries
):
    household = make_household(village_a1)
    members = [make_laborer(household, name=name) for name in ("田一", "田二")]
    helper = Helper.objects.create(
        township=village_a1.township, name="陈建华", unit=HelperUnit.WORK_TEAM
    )
    from cases.services import helper_assign

    helper_assign(helper=helper, households=[household], by=officer_a)
    cases_sync(laborer_ids=[m.pk for m in members])
    client.force_login(officer_a)
    page = reverse("laborers:household_detail", args=[household.pk])
    html = client.get(page).content.decode()
    assert "陈建华" in html
    # each member's case, named, on the household's page
    assert "田一：" in html and "田二：" in html and "本季度未调查更新" in html
    # the township officer can change the helper from here, and comes back here
    assert f'name="household" value="{household.pk}"' in html
    other = Helper.objects.create(
        township=village_a1.township, name="杨秀英", unit=HelperUnit.CADRE
    )
    response = client.post(
        reverse("cases:helper_assign"),
        {"helper": other.pk, "household": household.pk, "next": page},
    )
    assert response.url == page
    assert HouseholdHelper.objects.get(household=household).helper == other
    # the section costs the same whatever the members' cases
    with django_assert_max_num_queries(30):
        client.get(page)


def test_the_household_page_of_another_township_is_not_found(client, village_b1, officer_a):
    household = make_household(village_b1)
    client.force_login(officer_a)
    assert client.get(reverse("laborers:household_detail", args=[household.pk])).status_code == 404


def test_household_and_laborer_lists_filter_by_helper(client, village_a1, village_b1, officer_a):
    mine, unassigned = make_household(village_a1), make_household(village_a1)
    member, other_member = make_laborer(mine), make_laborer(unassigned)
    helper = Helper.objects.create(
        township=village_a1.township, name="刘志强", unit=HelperUnit.CADRE
    )
    elsewhere = Helper.objects.create(
        township=village_b1.township, name="王五", unit=HelperUnit.CADRE
    )
    HouseholdHelper.objects.create(household=mine, helper=helper, assigned_on="2020-03-01")
    client.force_login(officer_a)
    households = reverse("laborers:household_list")
    page = client.get(households, {"helper": helper.pk})
    assert list(page.context["filter"].qs) == [mine]
    assert "帮扶责任人：刘志强（帮扶干部）" in page.content.decode()  # its chip
    assert list(client.get(households, {"helper": "none"}).context["filter"].qs) == [unassigned]
    laborers = client.get(reverse("laborers:laborer_list"), {"helper": helper.pk})
    assert list(laborers.context["filter"].qs) == [member]
    assert other_member not in laborers.context["filter"].qs
    # another township's helper is not offered and narrows nothing
    offered = dict(page.context["filter"].form.fields["helper"].choices)
    assert str(helper.pk) in offered and str(elsewhere.pk) not in offered
    refused = client.get(households, {"helper": elsewhere.pk})
    assert refused.context["filter"].form.errors


def test_the_helper_list_links_to_each_helpers_households(client, village_a1, officer_a):
    helper = Helper.objects.create(
        township=village_a1.township, name="刘志强", unit=HelperUnit.CADRE
    )
    client.force_login(officer_a)
    page = client.get(reverse("cases:helper_list")).content.decode()
    assert f"{reverse('laborers:household_list')}?helper={helper.pk}" in page
    assert f"{reverse('laborers:household_list')}?helper=none" in page
