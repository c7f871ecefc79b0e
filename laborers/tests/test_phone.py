"""The officer's phone: filters in use as removable chips, households named by their head
and village, services logged from a list return to that list (a ``next`` that must stay on
this site), adding household members one after another with today's survey date."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from laborers import choices
from laborers.models import Household, Laborer, Service
from xiushan_jobs.lib.idnumber import with_check_digit
from xiushan_jobs.testing import make_household, make_laborer

pytestmark = pytest.mark.django_db

PEOPLE = reverse("laborers:laborer_list")
HOUSEHOLDS = reverse("laborers:household_list")


# --- 1: filters in use as chips ---------------------------------------------------------


def _chips(response):
    return {chip.name: chip for chip in response.context["active"]["chips"]}


def test_active_filters_are_chips_that_each_remove_only_themselves(client, world, officer_a):
    client.force_login(officer_a)
    params = {
        "village": world.a1.household.village_id,
        "employment": "employed",
        "not_updated": "on",
        "q": "甲",
        "o": "name",
        "page": "1",
    }
    response = client.get(PEOPLE, params)
    chips = _chips(response)
    assert set(chips) == {"village", "employment", "not_updated", "q"}  # not sorting, paging
    assert chips["employment"].label == "就业状态：已就业（全部）"
    assert chips["village"].label.startswith("村（社区）：")
    assert chips["not_updated"].label == "本季度未调查更新"
    kept = parse_qs(urlsplit(chips["employment"].remove_url).query)
    assert kept == {
        "village": [str(world.a1.household.village_id)],
        "not_updated": ["on"],
        "q": ["甲"],
        "o": ["name"],
    }
    html = response.content.decode()
    # three filters behind the folded button (the search box is in view), folded
    assert '<span class="filter-count">3</span>' in html
    assert '<details class="filters">' in html
    assert html.index('class="filter-chips"') < html.index('class="table responsive')
    # the chip's link works: the list without that filter
    after = client.get(PEOPLE + chips["employment"].remove_url)
    assert set(_chips(after)) == {"village", "not_updated", "q"}


def test_no_chips_and_no_count_without_filters(client, world, officer_a):
    client.force_login(officer_a)
    response = client.get(PEOPLE, {"o": "name"})
    assert response.context["active"]["chips"] == []
    assert "filter-count" not in response.content.decode()


def test_an_invalid_filter_is_no_chip_and_opens_the_panel(client, world, officer_a):
    client.force_login(officer_a)
    # a village of township B is not a choice for township A's officer
    response = client.get(
        PEOPLE, {"village": world.b1.household.village_id, "employment": "unemployed"}
    )
    assert set(_chips(response)) == {"employment"}
    assert '<details class="filters" open>' in response.content.decode()


def test_shared_filter_partial_shows_chips(client, county_user):
    """The other apps' lists use includes/filters.html: the same chips and count."""
    client.force_login(county_user)
    response = client.get(
        reverse("workshops:workshop_list"), {"status": "已认定", "industry": "", "page": "2"}
    )
    html = response.content.decode()
    assert '<a class="filter-chip" href="?industry=" title="去掉这项条件">认定状态：已认定' in html
    assert '<span class="filter-count">1</span>' in html
    assert '<details class="filters">' in html  # folded: the results come first
    # without a query the list's filterset is unbound: no chips, no count
    plain = client.get(reverse("workshops:workshop_list"))
    assert plain.status_code == 200 and "filter-chip" not in plain.content.decode()


# --- 4: households by name -------------------------------------------------------------


@pytest.fixture
def named_households(village_a1):
    out = []
    for i in range(3):
        household = make_household(village_a1, number=f"5002410010010{i:04d}")
        make_laborer(household, name=f"户主{i}")
        make_laborer(household, name=f"配偶{i}", relationship=choices.Relationship.SPOUSE)
        out.append(household)
    headless = make_household(village_a1, number="50024100100109999")
    make_laborer(headless, name="孙辈", relationship=choices.Relationship.GRANDCHILD)
    return out, headless


def test_household_label_names_head_and_village(named_households, village_a1):
    households, headless = named_households
    assert str(households[0]) == f"户主0户 · {village_a1.name} · 50024100100100000"
    assert str(headless) == f"（未登记户主） · {village_a1.name} · 50024100100109999"
    assert headless.short_label == "户 50024100100109999"


def test_labelled_households_cost_one_query(named_households, django_assert_num_queries):
    # one query: households with their village and township joined, the head a subquery
    with django_assert_num_queries(1):
        labels = [str(h) for h in Household.objects.labelled()]
    assert labels[0].startswith("户主0户 · ")
    assert len(labels) == 4


@pytest.mark.parametrize("size", [1, 8])
def test_lists_name_households_in_bounded_queries(
    client, village_a1, officer_a, size, django_assert_max_num_queries
):
    for i in range(size):
        household = make_household(village_a1)
        make_laborer(household, name=f"户主{i}")
        make_laborer(household, name=f"子女{i}", relationship=choices.Relationship.SON)
    client.force_login(officer_a)
    # session, user, village choices, helper choices, count, page ids, page rows (head name
    # a subquery)
    with django_assert_max_num_queries(8):
        response = client.get(HOUSEHOLDS)
    html = response.content.decode()
    assert all(f"户主{i}户" in html for i in range(size))
    # session, user, village choices, helper choices, totals, page ids, page rows,
    # permissions (2)
    with django_assert_max_num_queries(9):
        response = client.get(PEOPLE)
    html = response.content.decode()
    assert all(f"户主{i}户" in html for i in range(size))


def test_household_and_member_pages_name_the_head(client, named_households, officer_a):
    household = named_households[0][0]
    client.force_login(officer_a)
    html = client.get(reverse("laborers:household_detail", args=[household.pk])).content.decode()
    assert "<h1>户主0户" in html
    spouse = household.members.get(name="配偶0")
    html = client.get(reverse("laborers:laborer_detail", args=[spouse.pk])).content.decode()
    assert ">户主0户</a>" in html


def test_history_names_the_household(client, named_households, officer_a):
    """A laborer moved to another household (in the admin) shows both by name."""
    first, second = named_households[0][0], named_households[0][1]
    spouse = first.members.get(name="配偶0")
    spouse.household = second
    spouse.save()
    client.force_login(officer_a)
    html = client.get(reverse("laborers:laborer_detail", args=[spouse.pk])).content.decode()
    assert "户主0户 · " in html and "户主1户 · " in html


# --- 7: after saving --------------------------------------------------------------------


def _log_service(client, laborer, **extra):
    url = reverse("laborers:service_new", args=[laborer.pk])
    data = {"kind": choices.ServiceKind.CARE, "date": "2020-06-15", **extra}
    return client.post(url, data)


def test_service_logged_from_the_list_returns_to_it(client, world, officer_a):
    client.force_login(officer_a)
    back = f"{PEOPLE}?employment=employed&village={world.a1.household.village_id}&page=1"
    list_page = client.get(back).content.decode()
    # the list's links carry the list's address
    assert "next=%2Flaborers%2Fpeople%2F%3Femployment%3Demployed" in list_page
    form = client.get(
        reverse("laborers:service_new", args=[world.a1.laborer.pk]), {"next": back}
    ).content.decode()
    assert 'name="next" value="/laborers/people/?employment=employed&amp;' in form
    response = _log_service(client, world.a1.laborer, next=back)
    assert response.status_code == 302 and response.url == back
    page = client.get(back)
    html = page.content.decode()
    assert f"已登记 {world.a1.laborer.name} 的服务" in html
    assert html.index("已登记") < html.index('class="table responsive')
    assert Service.objects.filter(laborer=world.a1.laborer).count() == 2


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/laborers/people/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_a_next_off_this_site_is_ignored(client, world, officer_a, evil):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    response = _log_service(client, laborer, next=evil)
    assert response.url == reverse("laborers:laborer_detail", args=[laborer.pk]) + "#services"
    detail = client.get(reverse("laborers:laborer_detail", args=[laborer.pk]), {"next": evil})
    assert detail.context["back_url"] == ""
    assert "evil" not in detail.content.decode()
    assert Service.objects.filter(laborer=laborer).count() == 2  # the service still counts


def test_service_logged_on_the_laborer_page_shows_its_message_by_the_services(
    client, world, officer_a
):
    client.force_login(officer_a)
    laborer = world.a1.laborer
    response = _log_service(client, laborer)
    assert response.url.endswith("#services")
    html = client.get(response.url.split("#")[0]).content.decode()
    services = html.index('id="services"')
    message = html.index(f"已登记 {laborer.name} 的服务")
    assert message > services  # inside the section the page opens at
    assert html.count(f"已登记 {laborer.name} 的服务") == 1  # not also at the top


def test_laborer_page_opened_from_the_list_leads_back_and_logs_back(client, world, officer_a):
    client.force_login(officer_a)
    back = f"{PEOPLE}?employment=employed"
    laborer = world.a1.laborer
    html = client.get(
        reverse("laborers:laborer_detail", args=[laborer.pk]), {"next": back}
    ).content.decode()
    assert '<a href="/laborers/people/?employment=employed">‹ 返回列表</a>' in html
    assert '<input type="hidden" name="next" value="/laborers/people/?employment=employed">' in html


def test_service_with_next_still_refuses_out_of_scope(client, world, officer_b):
    client.force_login(officer_b)
    response = _log_service(client, world.a1.laborer, next=PEOPLE)
    assert response.status_code == 404
    assert Service.objects.filter(laborer=world.a1.laborer).count() == 1


def test_leader_cannot_log_a_service_with_next(client, world, leader):
    client.force_login(leader)
    response = _log_service(client, world.a1.laborer, next=PEOPLE)
    assert response.status_code == 403


def test_new_member_survey_date_defaults_to_the_business_date(client, world, officer_a):
    client.force_login(officer_a)
    url = reverse("laborers:laborer_create", args=[world.a1.household.pk])
    form = client.get(url).context["form"]
    assert form["last_surveyed_on"].value() == datetime.date(2020, 6, 15)  # tests pin today
    html = client.get(url).content.decode()
    assert 'value="2020-06-15"' in html and "保存并继续添加" in html
    # editing an existing member keeps their own date (no default there)
    edit = client.get(reverse("laborers:laborer_edit", args=[world.a1.laborer.pk]))
    assert "保存并继续添加" not in edit.content.decode()


def test_save_and_add_another(client, world, officer_a):
    client.force_login(officer_a)
    household = world.a1.household
    url = reverse("laborers:laborer_create", args=[household.pk])
    number = with_check_digit("50024119900101002")
    response = client.post(
        url,
        {
            "name": "连加一",
            "id_number": number,
            "relationship": choices.Relationship.SPOUSE,
            "labor_ability": choices.LaborAbility.ORDINARY,
            "last_surveyed_on": "2020-06-15",
            "add_another": "1",
        },
    )
    assert response.status_code == 302 and response.url == url
    laborer = Laborer.objects.get(id_number=number)
    assert laborer.household == household
    assert laborer.last_surveyed_on == datetime.date(2020, 6, 15)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "已添加 连加一，请继续添加下一位成员。"
    ]
    # and the new member is not flagged as not updated this quarter
    flagged = client.get(PEOPLE, {"not_updated": "on"}).context["rows"]
    assert laborer.pk not in {row.pk for row in flagged}


@pytest.mark.parametrize("size", [3, 30])
def test_admin_household_picker_names_heads_in_constant_queries(
    client, county_user, village_a1, size, django_assert_max_num_queries
):
    """The admin's household list is also the picker a laborer's household is chosen from
    (the magnifier of ``raw_id_fields``): heads' names, one query for the rows."""
    for i in range(size):
        make_laborer(make_household(village_a1), name=f"户主{i}")
    client.force_login(county_user)
    url = reverse("admin:laborers_household_changelist")
    # session, user, count (twice: filtered and total), rows with village and head,
    # township filter choices, plus admin's own bookkeeping
    with django_assert_max_num_queries(9):
        response = client.get(url, {"_popup": "1", "_to_field": "id"})
    html = response.content.decode()
    assert all(f"户主{i}" in html for i in range(size))
