"""Scope for every view: anonymous users go to the login page, an officer of another
township gets 404 for township A's records, read-only users get 403 on writes, and wrong
HTTP methods are refused. Nothing changes when a request is refused."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.models import EmploymentEpisode
from workshops.models import Post, Workshop, WorkshopAttachment, WorkshopFunding
from workshops.services import attachment_add, placement_start
from xiushan_jobs.testing import make_funding, make_laborer

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(workshop_a, post_a, laborer_a, village_a1, willing, media):
    other = make_laborer(village=village_a1, name="吴芳", **willing)
    workshop_placement = placement_start(
        site=workshop_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1)
    )
    post_placement = placement_start(
        site=post_a, laborer=other, start_date=datetime.date(2020, 6, 1)
    )
    idle = make_laborer(village=village_a1, name="田勇", **willing)
    attachment = attachment_add(
        workshop=workshop_a, upload=SimpleUploadedFile("现场.png", PNG), title="现场"
    )
    return {
        "workshop": workshop_a.pk,
        "post": post_a.pk,
        "workshop_placement": workshop_placement.pk,
        "post_placement": post_placement.pk,
        "funding": make_funding(workshop_a).pk,
        "attachment": attachment.pk,
        "laborer": idle.pk,
    }


# (url name, kwargs key or None, methods allowed, writes)
VIEWS = [
    ("workshops:workshop_list", None, {"GET"}, False),
    ("workshops:workshop_export", None, {"GET"}, False),
    ("workshops:workshop_create", None, {"GET", "POST"}, True),
    ("workshops:workshop_detail", "workshop", {"GET"}, False),
    ("workshops:workshop_edit", "workshop", {"GET", "POST"}, True),
    ("workshops:workshop_delete", "workshop", {"POST"}, True),
    ("workshops:workshop_place", "workshop", {"GET", "POST"}, True),
    ("workshops:workshop_placement_end", "workshop_placement", {"GET", "POST"}, True),
    ("workshops:post_list", None, {"GET"}, False),
    ("workshops:post_export", None, {"GET"}, False),
    ("workshops:post_create", None, {"GET", "POST"}, True),
    ("workshops:post_detail", "post", {"GET"}, False),
    ("workshops:post_edit", "post", {"GET", "POST"}, True),
    ("workshops:post_delete", "post", {"POST"}, True),
    ("workshops:post_place", "post", {"GET", "POST"}, True),
    ("workshops:post_placement_end", "post_placement", {"GET", "POST"}, True),
    ("workshops:funding_add", "workshop", {"GET", "POST"}, True),
    ("workshops:funding_delete", "funding", {"POST"}, True),
    ("workshops:attachment_upload", "workshop", {"POST"}, True),
    ("workshops:attachment_file", "attachment", {"GET"}, False),
    ("workshops:attachment_delete", "attachment", {"POST"}, True),
    ("workshops:laborer_place", "laborer", {"GET", "POST"}, True),
    ("workshops:unlinked", None, {"GET"}, False),
]
GROUPS = ["hard-to-employ", "in-posts", "unplaced", "local-work"]


def url_of(world, name, key):
    if key is None:
        return reverse(name)
    kwarg = "laborer_pk" if key == "laborer" else "pk"
    return reverse(name, kwargs={kwarg: world[key]})


def counts():
    return (
        Workshop.objects.count(),
        Post.objects.count(),
        WorkshopFunding.objects.count(),
        WorkshopAttachment.objects.count(),
        EmploymentEpisode.objects.filter(end_date__isnull=True).count(),
    )


@pytest.mark.parametrize(("name", "key", "methods", "writes"), VIEWS)
def test_anonymous_users_go_to_login(client, world, name, key, methods, writes):
    url = url_of(world, name, key)
    for method in methods:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key", "methods", "writes"), [v for v in VIEWS if v[1]])
def test_officer_of_another_township_gets_404(client, world, officer_b, name, key, methods, writes):
    before = counts()
    client.force_login(officer_b)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 404
    assert counts() == before


@pytest.mark.parametrize(("name", "key", "methods", "writes"), [v for v in VIEWS if v[3]])
def test_read_only_users_get_403_on_writes(client, world, leader, name, key, methods, writes):
    before = counts()
    client.force_login(leader)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 403
    assert counts() == before


@pytest.mark.parametrize(("name", "key", "methods", "writes"), [v for v in VIEWS if v[3]])
def test_village_officers_read_but_do_not_change_sites(
    client, world, village_officer, name, key, methods, writes
):
    before = counts()
    client.force_login(village_officer)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 403
    assert counts() == before


@pytest.mark.parametrize(("name", "key", "methods", "writes"), [v for v in VIEWS if not v[3]])
def test_every_role_of_the_area_reads(
    client, world, county_user, leader, officer_a, village_officer, name, key, methods, writes
):
    for user in (county_user, leader, officer_a, village_officer):
        client.force_login(user)
        assert client.get(url_of(world, name, key)).status_code == 200, user


@pytest.mark.parametrize(("name", "key", "methods", "writes"), VIEWS)
def test_wrong_methods_are_refused(client, world, officer_a, name, key, methods, writes):
    before = counts()
    client.force_login(officer_a)
    url = url_of(world, name, key)
    for method in {"GET", "POST", "PUT", "DELETE"} - methods:
        assert getattr(client, method.lower())(url).status_code == 405, method
    assert counts() == before


@pytest.mark.parametrize("group", GROUPS)
def test_laborer_lists_need_a_login_and_are_scoped(
    client, world, officer_b, village_b1, willing, group
):
    url = reverse("workshops:laborer_group", args=[group])
    assert client.get(url).status_code == 302
    client.force_login(officer_b)
    response = client.get(url)
    assert response.status_code == 200
    assert all(
        laborer.household.village.township.name == "隘口镇"
        for laborer in response.context["page"].object_list
    )
    assert client.post(url).status_code == 405


def test_unknown_laborer_list_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("workshops:laborer_group", args=["nope"])).status_code == 404


def test_lists_show_only_the_users_area(
    client, world, workshop_b, post_b, officer_a, officer_b, village_officer, county_user
):
    for user, workshops, posts in [
        (
            county_user,
            {"凤鸣服装加工扶贫车间", "坝芒竹编扶贫车间"},
            {"凤鸣保洁环卫岗", "坝芒护林岗"},
        ),
        (officer_a, {"凤鸣服装加工扶贫车间"}, {"凤鸣保洁环卫岗"}),
        (officer_b, {"坝芒竹编扶贫车间"}, {"坝芒护林岗"}),
        (village_officer, {"凤鸣服装加工扶贫车间"}, {"凤鸣保洁环卫岗"}),
    ]:
        client.force_login(user)
        page = client.get(reverse("workshops:workshop_list")).context["page"]
        assert {w.name for w in page.object_list} == workshops
        page = client.get(reverse("workshops:post_list")).context["page"]
        assert {p.name for p in page.object_list} == posts


def test_village_officer_does_not_see_other_villages_sites(client, village_officer, village_a2):
    from xiushan_jobs.testing import make_workshop

    other = make_workshop(village_a2)
    client.force_login(village_officer)
    assert client.get(reverse("workshops:workshop_detail", args=[other.pk])).status_code == 404
