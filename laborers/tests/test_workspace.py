"""Landing per role and the workspace (工作台 / 全县概况), which holds the foundation's
area breakdown."""

import datetime

import pytest
from django.urls import reverse

from laborers import choices
from laborers.views import summary as summary_views
from laborers.warning_rules import laborer_warning_provider
from xiushan_jobs.testing import make_episode, make_laborer, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(village_a1, village_a2, village_b1):
    for village, count in ((village_a1, 3), (village_a2, 2), (village_b1, 4)):
        for _ in range(count):
            make_laborer(village=village)
    make_episode(village_a1.households.first().members.first())


def test_login_page_is_in_chinese_and_lands_an_officer_on_the_workspace(client, officer_a):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode() and 'lang="zh-Hans"' in page.content.decode()
    response = client.post(
        reverse("login"), {"username": "officer_a", "password": "pw-test-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("laborers:workspace")
    assert "工作台" in response.content.decode()


def test_bad_login_says_so_in_chinese(client, officer_a):
    response = client.post(reverse("login"), {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


@pytest.mark.parametrize(
    ("user", "home"),
    [
        ("officer_a", "laborers:workspace"),
        ("village_officer", "laborers:workspace"),
        # the county bureau and leaders land on the dashboard (nav order 5); 全县概况 is second
        ("county_user", "dashboard:county"),
        ("leader", "dashboard:county"),
    ],
)
def test_home_sends_each_role_to_its_page(client, request, user, home):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(home)


def test_navigation_names_the_page_for_the_role(client, officer_a, county_user):
    client.force_login(officer_a)
    nav = [item["label"] for item in client.get(reverse("home"), follow=True).context["nav_items"]]
    mine = ["工作台", "劳动力", "贫困户", "预警", "数据质量"]
    assert nav[0] == "工作台"
    assert [label for label in nav if label in mine] == mine  # other apps slot in between
    assert "访问日志" not in nav
    client.force_login(county_user)
    nav = [item["label"] for item in client.get(reverse("home"), follow=True).context["nav_items"]]
    assert nav[:2] == ["目标看板", "全县概况"] and "访问日志" in nav


def test_the_old_overview_address_still_works(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:overview"))
    assert response.status_code == 302 and response.url == reverse("laborers:workspace")


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("laborers:workspace"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_township_officer_sees_own_villages_only(client, registry, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:workspace"))
    breakdown = response.context["breakdown"]
    assert breakdown["by_village"] is True
    assert {row["area"].name: row["laborers"] for row in breakdown["rows"]} == {
        "凤鸣村": 3,
        "太平村": 2,
    }
    assert breakdown["totals"] == {"laborers": 5, "employed": 1, "households": 5}
    assert "坝芒村" not in response.content.decode()


def test_village_officer_sees_own_village(client, registry, village_officer):
    client.force_login(village_officer)
    breakdown = client.get(reverse("laborers:workspace")).context["breakdown"]
    assert [row["area"].name for row in breakdown["rows"]] == ["凤鸣村"]


def test_county_and_leader_see_all_townships(client, registry, county_user, leader):
    for user in (county_user, leader):
        client.force_login(user)
        response = client.get(reverse("laborers:workspace"))
        breakdown = response.context["breakdown"]
        assert len(breakdown["rows"]) == 27
        assert breakdown["totals"]["laborers"] == 9
        assert "全县概况" in response.content.decode()
        # county-wide warnings are counted on their own page, not on the home page
        assert response.context["warnings"] is None
        assert reverse("laborers:warnings") in response.content.decode()


def test_workspace_shows_survey_progress_warnings_and_my_services(client, village_a1, officer_a):
    surveyed = make_laborer(village=village_a1, last_surveyed_on=datetime.date(2020, 4, 2))
    make_laborer(village=village_a1, last_surveyed_on=datetime.date(2020, 3, 1))  # last quarter
    make_service(surveyed, kind=choices.ServiceKind.CARE, officer=officer_a)
    client.force_login(officer_a)
    response = client.get(reverse("laborers:workspace"))
    assert response.context["progress"] == {"total": 2, "updated": 1}
    assert response.context["progress_pct"] == 50
    not_updated = {w.key: w.count for w in response.context["warnings"]}["not_updated"]
    assert not_updated == 1
    assert [s.laborer for s in response.context["recent_services"]] == [surveyed]
    assert "2020年第2季度" in response.content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_workspace_query_count_does_not_grow(
    client, village_a1, officer_a, extra, django_assert_max_num_queries, monkeypatch
):
    for _ in range(extra):
        laborer = make_episode(make_laborer(village=village_a1)).laborer
        make_service(laborer, officer=officer_a)
    # this app's warnings only: other apps' providers answer for their own queries
    monkeypatch.setattr(summary_views, "warning_providers", [laborer_warning_provider])
    monkeypatch.setattr(summary_views, "workspace_sections", [])
    client.force_login(officer_a)
    # session, user, breakdown aggregate, villages, survey progress, my services,
    # five warning counts
    with django_assert_max_num_queries(12):
        assert client.get(reverse("laborers:workspace")).status_code == 200
