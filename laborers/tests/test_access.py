"""Who may reach every page of the workspace: anonymous users go to the login page,
objects outside the user's area answer 404, leaders read but never write (403), village
officers stay in their village, and each view refuses the HTTP methods it does not serve."""

import pytest
from django.urls import reverse

from laborers.models import EmploymentEpisode, Household, Laborer, Service

pytestmark = pytest.mark.django_db

# (url name, object the URL names: None or an attribute of a place in the world fixture)
READ_VIEWS = [
    ("laborers:workspace", None),
    ("laborers:laborer_list", None),
    ("laborers:laborer_export", None),
    ("laborers:household_list", None),
    ("laborers:warnings", None),
    ("laborers:quality", None),
    ("laborers:laborer_detail", "laborer"),
    ("laborers:household_detail", "household"),
]
WRITE_VIEWS = [  # GET shows a form or a confirmation, POST changes data
    ("laborers:laborer_edit", "laborer"),
    ("laborers:laborer_delete", "laborer"),
    ("laborers:episode_new", "laborer"),
    ("laborers:service_new", "laborer"),
    ("laborers:episode_edit", "episode"),
    ("laborers:episode_end", "episode"),
    ("laborers:episode_delete", "episode"),
    ("laborers:service_delete", "service"),
    ("laborers:household_edit", "household"),
    ("laborers:household_delete", "household"),
    ("laborers:laborer_create", "household"),
]
POST_ONLY_VIEWS = [
    ("laborers:laborer_reveal", "laborer"),
    ("laborers:laborer_surveyed", "laborer"),
]
OBJECT_VIEWS = [v for v in READ_VIEWS + WRITE_VIEWS + POST_ONLY_VIEWS if v[1]]


def url_for(world_place, name, attr):
    if attr is None:
        return reverse(name)
    obj = getattr(world_place, attr)
    key = "household_pk" if name == "laborers:laborer_create" else "pk"
    return reverse(name, kwargs={key: obj.pk})


def counts():
    return [m.objects.count() for m in (Laborer, Household, EmploymentEpisode, Service)]


@pytest.mark.parametrize(
    "name,attr", READ_VIEWS + WRITE_VIEWS + [("laborers:household_create", None)]
)
def test_anonymous_users_go_to_login(client, world, name, attr):
    response = client.get(url_for(world.a1, name, attr))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name,attr", POST_ONLY_VIEWS)
def test_anonymous_posts_go_to_login(client, world, name, attr):
    response = client.post(url_for(world.a1, name, attr))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name,attr", OBJECT_VIEWS)
def test_objects_of_another_township_answer_404(client, world, officer_b, name, attr):
    client.force_login(officer_b)
    before = counts()
    method = client.post if (name, attr) in POST_ONLY_VIEWS else client.get
    assert method(url_for(world.a1, name, attr)).status_code == 404
    if (name, attr) in WRITE_VIEWS:
        assert client.post(url_for(world.a1, name, attr), {}).status_code == 404
    assert counts() == before


@pytest.mark.parametrize(
    "name,attr",
    [v for v in OBJECT_VIEWS if v[1] != "household" or v[0] == "laborers:household_detail"],
)
def test_village_officer_sees_own_village_only(client, world, village_officer, name, attr):
    client.force_login(village_officer)
    method = client.post if (name, attr) in POST_ONLY_VIEWS else client.get
    assert method(url_for(world.a2, name, attr)).status_code == 404
    if (name, attr) not in POST_ONLY_VIEWS:
        assert method(url_for(world.a1, name, attr)).status_code == 200


def test_village_officer_may_not_change_households(client, world, village_officer):
    client.force_login(village_officer)
    for name in ("laborers:household_edit", "laborers:household_delete"):
        assert client.get(url_for(world.a1, name, "household")).status_code == 403
    assert client.get(reverse("laborers:household_create")).status_code == 403
    # ...but adds members to the households of their village
    assert client.get(url_for(world.a1, "laborers:laborer_create", "household")).status_code == 200


@pytest.mark.parametrize("name,attr", READ_VIEWS)
def test_leader_reads(client, world, leader, name, attr):
    client.force_login(leader)
    assert client.get(url_for(world.a1, name, attr)).status_code == 200


@pytest.mark.parametrize(
    "name,attr", WRITE_VIEWS + POST_ONLY_VIEWS + [("laborers:household_create", None)]
)
def test_leader_never_writes(client, world, leader, name, attr):
    client.force_login(leader)
    before = counts()
    url = url_for(world.a1, name, attr)
    if (name, attr) not in POST_ONLY_VIEWS:
        assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "政策咨询", "date": "2020-06-01"}).status_code == 403
    assert counts() == before
    world.a1.laborer.refresh_from_db()
    assert world.a1.laborer.version == 1


@pytest.mark.parametrize("name,attr", READ_VIEWS)
def test_read_views_refuse_post(client, world, officer_a, name, attr):
    client.force_login(officer_a)
    assert client.post(url_for(world.a1, name, attr)).status_code == 405


@pytest.mark.parametrize("name,attr", WRITE_VIEWS)
def test_write_views_refuse_other_methods(client, world, officer_a, name, attr):
    client.force_login(officer_a)
    url = url_for(world.a1, name, attr)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert counts() == [3, 3, 3, 3]


@pytest.mark.parametrize("name,attr", POST_ONLY_VIEWS)
def test_post_only_views_refuse_get(client, world, officer_a, name, attr):
    client.force_login(officer_a)
    assert client.get(url_for(world.a1, name, attr)).status_code == 405


@pytest.mark.parametrize(
    "name,attr", READ_VIEWS + WRITE_VIEWS + [("laborers:household_create", None)]
)
def test_county_reaches_everything(client, world, county_user, name, attr):
    client.force_login(county_user)
    assert client.get(url_for(world.b1, name, attr)).status_code == 200


def test_users_without_a_role_are_refused(client, world, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(reverse("laborers:laborer_list")).status_code == 403
    assert client.get(url_for(world.a1, "laborers:laborer_detail", "laborer")).status_code == 403
