"""List, detail and export pages run a constant number of queries: the same bound at two
data sizes, so a query per row fails the suite."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.choices import EmploymentKind
from workshops.services import attachment_add, placement_end, placement_start
from xiushan_jobs.testing import (
    make_episode,
    make_funding,
    make_laborer,
    make_post,
    make_workshop,
)

pytestmark = pytest.mark.django_db

SIZES = [2, 12]
WILLING = {"labor_ability": "普通劳动力", "employment_intention": "县内就业"}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def sites(village_a1, village_a2, media):
    def build(size):
        made = {"workshops": [], "posts": []}
        for i in range(size):
            village = village_a1 if i % 2 else village_a2
            workshop = make_workshop(village, jobs_offered=size * 2 + 2)
            post = make_post(village, positions=size * 2 + 2)
            make_funding(workshop)
            make_funding(workshop, "鲁渝援建")
            attachment_add(workshop=workshop, upload=SimpleUploadedFile("a.jpg", JPEG))
            for site in (workshop, post):
                for ended in (False, True):
                    laborer = make_laborer(village=village, **WILLING)
                    placement = placement_start(
                        site=site, laborer=laborer, start_date=datetime.date(2020, 5, 1)
                    )
                    if ended:
                        placement_end(placement=placement, end_date=datetime.date(2020, 6, 1))
            unlinked = make_laborer(village=village, **WILLING)
            make_episode(unlinked, EmploymentKind.WELFARE_POST)
            make_laborer(village=village, **WILLING)  # unplaced
            made["workshops"].append(workshop)
            made["posts"].append(post)
        # all of them on one site, for the detail pages
        for _ in range(size):
            laborer = make_laborer(village=village_a1, **WILLING)
            placement_start(
                site=made["workshops"][0], laborer=laborer, start_date=datetime.date(2020, 5, 2)
            )
            laborer = make_laborer(village=village_a1, **WILLING)
            placement_start(
                site=made["posts"][0], laborer=laborer, start_date=datetime.date(2020, 5, 2)
            )
        return made

    return build


# session, user; the filter form's township and village choices (county); COUNT and SUM
# totals (one aggregate); the page of rows with headcount and funding subqueries; the
# paginator's COUNT
LIST_QUERIES = 7


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["workshops:workshop_list", "workshops:post_list"])
def test_site_lists(client, county_user, sites, size, name, django_assert_max_num_queries):
    sites(size)
    client.force_login(county_user)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse(name))
    assert len(response.context["page"].object_list) == size


@pytest.mark.parametrize("size", SIZES)
def test_target_5s_list_adds_one_query_for_its_funds(
    client, county_user, sites, size, django_assert_max_num_queries
):
    """``?agricultural_year=`` (target 5's list) sums the year's funds: one SUM more."""
    sites(size)
    client.force_login(county_user)
    with django_assert_max_num_queries(LIST_QUERIES + 1):
        response = client.get(reverse("workshops:workshop_list"), {"agricultural_year": 2020})
    assert response.status_code == 200 and response.context["totals"]["funds"] > 0


# session, user; the site with its headcount; current placements; past placements (both
# with laborer, village, township, program, officer); may the user edit it; and for a
# workshop its fundings and attachments
DETAIL_QUERIES = {"workshop": 8, "post": 6}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["workshop", "post"])
def test_site_details(client, officer_a, sites, size, kind, django_assert_max_num_queries):
    made = sites(size)
    site = made[f"{kind}s"][0]
    client.force_login(officer_a)
    with django_assert_max_num_queries(DETAIL_QUERIES[kind]):
        response = client.get(reverse(f"workshops:{kind}_detail", args=[site.pk]))
    assert len(response.context["current"]) == size + 1


# session, user; the sites with headcount (and funding totals); for a workshop its
# fundings; the current placements with laborers; the access log's content type and insert
EXPORT_QUERIES = {"workshop": 7, "post": 6}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["workshop", "post"])
def test_ledgers(client, county_user, sites, size, kind, django_assert_max_num_queries):
    sites(size)
    client.force_login(county_user)
    with django_assert_max_num_queries(EXPORT_QUERIES[kind]):
        response = client.get(reverse(f"workshops:{kind}_export"))
    assert response.status_code == 200


# session, user; the village filter's choices; the page of laborers with their current
# employment; the paginator's COUNT
GROUP_QUERIES = 5


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("group", ["hard-to-employ", "in-posts", "unplaced", "local-work"])
def test_laborer_lists(client, officer_a, sites, size, group, django_assert_max_num_queries):
    sites(size)
    client.force_login(officer_a)
    with django_assert_max_num_queries(GROUP_QUERIES):
        response = client.get(reverse("workshops:laborer_group", args=[group]))
    assert response.context["page"].paginator.count >= size


@pytest.mark.parametrize("size", SIZES)
def test_unlinked_list(client, officer_a, sites, size, django_assert_max_num_queries):
    sites(size)
    client.force_login(officer_a)
    # session, user; the page of episodes with laborers; the paginator's COUNT
    with django_assert_max_num_queries(4):
        response = client.get(reverse("workshops:unlinked"))
    assert response.context["page"].paginator.count == size


@pytest.mark.parametrize("size", SIZES)
def test_placement_pages(client, officer_a, sites, size, django_assert_max_num_queries):
    made = sites(size)
    laborer = make_laborer(village=made["workshops"][0].village, name="查找", **WILLING)
    client.force_login(officer_a)
    # session, user; the laborer with current employment; may the user edit them; the
    # workshops and the posts with room
    with django_assert_max_num_queries(6):
        assert client.get(reverse("workshops:laborer_place", args=[laborer.pk])).status_code == 200
    # session, user; the site; may the user edit it; the search results
    with django_assert_max_num_queries(5):
        response = client.get(
            reverse("workshops:post_place", args=[made["posts"][0].pk]), {"q": "张"}
        )
    assert len(response.context["results"]) == min(size * 8, 20)  # all named 张三
