"""Scope for every view: anonymous users go to the login page; an officer of another
township gets 404 for township A's records; read-only users (leaders) and village officers
get 403 on writes; county-level resources (mentors, stations) are changed by the county
only; wrong HTTP methods are refused. Nothing changes when a request is refused."""

import datetime

import pytest
from django.urls import reverse

from laborers.models import Service
from training import services
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_mentor,
    make_station,
    make_training_class,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(class_a, laborer_a, village_a1, capable, county_user):
    graduate = make_laborer(
        village=village_a1, is_college_graduate=True, graduation_year=2019, **capable
    )
    mentor = make_mentor()
    session = GuidanceSession(mentor=mentor, date=D(2020, 6, 1), mode="一对一", topic="选址")
    services.session_save(session=session, laborers=[laborer_a], by=county_user)
    station = make_station("001")
    occupancy = services.occupancy_start(
        station=station, laborer=graduate, start_date=D(2020, 3, 1), business="网店", by=county_user
    )
    return {
        "class": class_a.pk,
        "enrollment": make_enrollment(class_a, laborer_a, days_attended=3).pk,
        "laborer": laborer_a.pk,
        "mentor": mentor.pk,
        "session": session.pk,
        "loan": make_loan(laborer_a).pk,
        "station": station.pk,
        "occupancy": occupancy.pk,
    }


# (url name, kwargs key, methods allowed, writes, county only)
VIEWS = [
    ("training:class_list", None, {"GET"}, False, False),
    ("training:class_export", None, {"GET"}, False, False),
    ("training:class_create", None, {"GET", "POST"}, True, False),
    ("training:class_detail", "class", {"GET"}, False, False),
    ("training:class_edit", "class", {"GET", "POST"}, True, False),
    ("training:class_delete", "class", {"POST"}, True, False),
    ("training:enroll", "class", {"GET", "POST"}, True, False),
    ("training:enrollment_edit", "enrollment", {"GET", "POST"}, True, False),
    ("training:enrollment_delete", "enrollment", {"POST"}, True, False),
    ("training:laborer_enroll", "laborer", {"GET", "POST"}, True, False),
    ("training:subsidy_report", None, {"GET"}, False, False),
    ("training:subsidy_export", None, {"GET"}, False, False),
    ("training:demand", None, {"GET"}, False, False),
    ("training:overview", None, {"GET"}, False, False),
    ("training:mentor_list", None, {"GET"}, False, False),
    ("training:mentor_create", None, {"GET", "POST"}, True, True),
    ("training:mentor_detail", "mentor", {"GET"}, False, False),
    ("training:mentor_edit", "mentor", {"GET", "POST"}, True, True),
    ("training:mentor_delete", "mentor", {"POST"}, True, True),
    ("training:session_list", None, {"GET"}, False, False),
    ("training:session_create", None, {"GET", "POST"}, True, False),
    ("training:session_detail", "session", {"GET"}, False, False),
    ("training:session_edit", "session", {"GET", "POST"}, True, False),
    ("training:session_delete", "session", {"POST"}, True, False),
    ("training:loan_list", None, {"GET"}, False, False),
    ("training:loan_export", None, {"GET"}, False, False),
    ("training:loan_create", None, {"GET", "POST"}, True, False),
    ("training:loan_detail", "loan", {"GET"}, False, False),
    ("training:loan_edit", "loan", {"GET", "POST"}, True, False),
    ("training:loan_delete", "loan", {"POST"}, True, False),
    ("training:station_list", None, {"GET"}, False, False),
    ("training:station_export", None, {"GET"}, False, False),
    ("training:station_create", None, {"GET", "POST"}, True, True),
    ("training:station_detail", "station", {"GET"}, False, False),
    ("training:station_edit", "station", {"GET", "POST"}, True, True),
    ("training:station_delete", "station", {"POST"}, True, True),
    ("training:occupancy_start", "station", {"GET", "POST"}, True, False),
    ("training:occupancy_end", "occupancy", {"POST"}, True, False),
    ("training:occupancy_delete", "occupancy", {"POST"}, True, False),
]
#: records of township A (county-level mentors and stations are everyone's to read)
TOWNSHIP_KEYS = {"class", "enrollment", "laborer", "session", "loan", "occupancy"}
GROUPS = (
    [
        ("training:training_group", g)
        for g in (
            "demand",
            "trained",
            "skilled",
            "gap",
            "shandong-skills",
            "shandong-entrepreneurship",
        )
    ]
    + [
        ("training:entrepreneur_group", g)
        for g in ("entrepreneurs", "with-loan", "with-guidance", "supported", "unsupported")
    ]
    + [("training:trainee_group", "hechuan-practical")]
)


def url_of(world, name, key):
    if key is None:
        return reverse(name)
    kwarg = "laborer_pk" if key == "laborer" else "pk"
    return reverse(name, kwargs={kwarg: world[key]})


MODELS = (
    TrainingClass,
    Enrollment,
    Mentor,
    GuidanceSession,
    Service,
    BusinessLoan,
    WorkStation,
    StationOccupancy,
)


def counts():
    open_stays = StationOccupancy.objects.filter(end_date__isnull=True).count()
    return (*(model.objects.count() for model in MODELS), open_stays)


def ids(views):
    return [v[0] for v in views]


@pytest.mark.parametrize(("name", "key", "methods", "writes", "county"), VIEWS, ids=ids(VIEWS))
def test_anonymous_users_go_to_login(client, world, name, key, methods, writes, county):
    for method in methods:
        response = getattr(client, method.lower())(url_of(world, name, key))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "key", "methods", "writes", "county"),
    [v for v in VIEWS if v[1] in TOWNSHIP_KEYS],
    ids=ids(v for v in VIEWS if v[1] in TOWNSHIP_KEYS),
)
def test_officer_of_another_township_gets_404(
    client, world, officer_b, name, key, methods, writes, county
):
    before = counts()
    client.force_login(officer_b)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 404
    assert counts() == before


WRITES = [v for v in VIEWS if v[3]]


@pytest.mark.parametrize(("name", "key", "methods", "writes", "county"), WRITES, ids=ids(WRITES))
def test_read_only_users_get_403_on_writes(
    client, world, leader, name, key, methods, writes, county
):
    before = counts()
    client.force_login(leader)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 403
    assert counts() == before


@pytest.mark.parametrize(("name", "key", "methods", "writes", "county"), WRITES, ids=ids(WRITES))
def test_village_officers_read_but_do_not_change(
    client, world, village_officer, name, key, methods, writes, county
):
    before = counts()
    client.force_login(village_officer)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 403
    assert counts() == before


COUNTY_ONLY = [v for v in VIEWS if v[4]]


@pytest.mark.parametrize(
    ("name", "key", "methods", "writes", "county"), COUNTY_ONLY, ids=ids(COUNTY_ONLY)
)
def test_county_resources_are_changed_by_the_county_only(
    client, world, officer_a, name, key, methods, writes, county
):
    before = counts()
    client.force_login(officer_a)
    for method in methods:
        assert getattr(client, method.lower())(url_of(world, name, key)).status_code == 403
    assert counts() == before


READS = [v for v in VIEWS if not v[3]]


@pytest.mark.parametrize(("name", "key", "methods", "writes", "county"), READS, ids=ids(READS))
def test_every_role_of_the_area_reads(
    client,
    world,
    county_user,
    leader,
    officer_a,
    village_officer,
    name,
    key,
    methods,
    writes,
    county,
):
    for user in (county_user, leader, officer_a, village_officer):
        client.force_login(user)
        assert client.get(url_of(world, name, key)).status_code == 200, user


@pytest.mark.parametrize(("name", "key", "methods", "writes", "county"), VIEWS, ids=ids(VIEWS))
def test_wrong_methods_are_refused(client, world, county_user, name, key, methods, writes, county):
    before = counts()
    client.force_login(county_user)
    url = url_of(world, name, key)
    for method in {"GET", "POST", "PUT", "DELETE"} - methods:
        assert getattr(client, method.lower())(url).status_code == 405, method
    assert counts() == before


@pytest.mark.parametrize(("name", "group"), GROUPS)
def test_lists_behind_figures_need_a_login_and_are_scoped(
    client, world, officer_b, village_b1, name, group
):
    url = reverse(name, args=[group])
    assert client.get(url).status_code == 302
    client.force_login(officer_b)
    response = client.get(url)
    assert response.status_code == 200 and response.context["page"].paginator.count == 0
    assert client.post(url).status_code == 405


def test_unknown_lists_are_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("training:training_group", args=["nope"])).status_code == 404
    # a training list is not an entrepreneurship list
    assert client.get(reverse("training:entrepreneur_group", args=["gap"])).status_code == 404
    assert client.get(reverse("training:trainee_group", args=["nope"])).status_code == 404


def test_county_classes_are_open_to_every_township_but_changed_by_the_county(
    client, county_class, officer_a, officer_b, laborer_a, laborer_b
):
    make_enrollment(county_class, laborer_a, days_attended=2)
    make_enrollment(county_class, laborer_b, days_attended=3)
    make_enrollment(county_class, name="李四", days_attended=1)
    client.force_login(officer_a)
    response = client.get(reverse("training:class_detail", args=[county_class.pk]))
    shown = list(response.context["page"].object_list)
    assert [e.laborer for e in shown] == [laborer_a]  # not B's, not the county's non-poor
    assert response.context["hidden"] == 2
    assert client.get(reverse("training:class_edit", args=[county_class.pk])).status_code == 403
    assert client.get(reverse("training:enroll", args=[county_class.pk])).status_code == 200


def test_lists_show_only_the_users_area(
    client,
    class_a,
    class_b,
    county_class,
    laborer_a,
    laborer_b,
    officer_a,
    village_officer,
    county_user,
):
    make_loan(laborer_a, project="A 的项目")
    make_loan(laborer_b, project="B 的项目")
    for user, classes, loans in [
        (
            county_user,
            {"中和街道苗绣培训班", "隘口镇苗绣培训班", "县级叉车操作培训班"},
            {"A 的项目", "B 的项目"},
        ),
        (officer_a, {"中和街道苗绣培训班", "县级叉车操作培训班"}, {"A 的项目"}),
        (village_officer, {"中和街道苗绣培训班", "县级叉车操作培训班"}, {"A 的项目"}),
    ]:
        client.force_login(user)
        page = client.get(reverse("training:class_list")).context["page"]
        assert {c.name for c in page.object_list} == classes
        page = client.get(reverse("training:loan_list")).context["page"]
        assert {loan.project for loan in page.object_list} == loans


def test_township_class_of_another_township_is_invisible(client, village_officer, township_b):
    other = make_training_class(township_b)
    client.force_login(village_officer)
    assert client.get(reverse("training:class_detail", args=[other.pk])).status_code == 404
