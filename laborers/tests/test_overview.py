import pytest
from django.urls import reverse

from xiushan_jobs.testing import make_episode, make_laborer

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(village_a1, village_a2, village_b1):
    for village, count in ((village_a1, 3), (village_a2, 2), (village_b1, 4)):
        for _ in range(count):
            make_laborer(village=village)
    make_episode(village_a1.households.first().members.first())


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("laborers:overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_sends_each_role_to_its_page(client, officer_a):
    from xiushan_jobs.lib.extensions import nav_items

    # the first navigation item registered for the role (feature apps add theirs)
    first = next(i for i in nav_items if not i.roles or "township" in i.roles)
    client.force_login(officer_a)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse(first.url_name)


def test_township_officer_sees_own_villages_only(client, registry, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("laborers:overview"))
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
    breakdown = client.get(reverse("laborers:overview")).context["breakdown"]
    assert [row["area"].name for row in breakdown["rows"]] == ["凤鸣村"]


def test_county_and_leader_see_all_townships(client, registry, county_user, leader):
    for user in (county_user, leader):
        client.force_login(user)
        breakdown = client.get(reverse("laborers:overview")).context["breakdown"]
        assert len(breakdown["rows"]) == 27
        assert breakdown["totals"]["laborers"] == 9


@pytest.mark.parametrize("extra", [0, 20])
def test_overview_query_count_does_not_grow(
    client, village_a1, officer_a, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        make_episode(make_laborer(village=village_a1))
    client.force_login(officer_a)
    # session + user, breakdown aggregate, villages (with township)
    with django_assert_max_num_queries(4):
        client.get(reverse("laborers:overview"))
