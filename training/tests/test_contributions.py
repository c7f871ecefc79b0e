"""What the app adds to shared pages: navigation, the warnings (each count equal to the
list its URL opens), the two laborer detail sections, the demo seeder."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from training.contributions import (
    entrepreneurship_section,
    entrepreneurship_warning,
    training_gap_warning,
    training_section,
)
from training.models import GuidanceParticipant, GuidanceSession, StationOccupancy
from xiushan_jobs.lib import extensions
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


def test_registered_in_the_shared_registries():
    labels = {item.label: item for item in extensions.nav_items}
    assert (labels["技能培训"].url_name, labels["技能培训"].order) == ("training:class_list", 54)
    assert (labels["创业扶持"].url_name, labels["创业扶持"].order) == ("training:overview", 56)
    assert training_gap_warning in extensions.warning_providers
    assert entrepreneurship_warning in extensions.warning_providers
    assert training_section in extensions.laborer_sections
    assert entrepreneurship_section in extensions.laborer_sections
    assert any(f.__module__ == "training.demo" for f in extensions.demo_seeders)


def test_nobody_lands_on_training_pages(client, officer_a, leader):
    """Every order is above 50 (辖区概况): a role's home page is its first item."""
    for user in (officer_a, leader):
        client.force_login(user)
        assert client.get(reverse("home")).url != reverse("training:class_list")
    client.force_login(leader)
    page = client.get(reverse("training:overview")).content.decode()
    assert f'href="{reverse("training:class_list")}"' in page
    assert 'aria-current="page">创业扶持' in page


def warning_list_count(client, user, warning) -> int:
    client.force_login(user)
    return client.get(warning.url).context["page"].paginator.count


def test_training_gap_warning_counts_its_list(
    client, village_a1, village_b1, township_a, county_user, officer_a, officer_b
):
    wanting = [
        make_laborer(village=village, wants_training=True)
        for village in (village_a1, village_a1, village_b1)
    ]
    make_enrollment(make_training_class(township_a), wanting[0])  # no longer a gap
    [warning] = training_gap_warning(county_user)
    assert (warning.key, warning.count) == ("training.gap", 2)
    assert warning.count == warning_list_count(client, county_user, warning)
    for user, expected in ((officer_a, 1), (officer_b, 1)):
        [warning] = training_gap_warning(user)
        assert warning.count == expected == warning_list_count(client, user, warning)


def test_entrepreneurship_warning_counts_its_list(client, village_a1, county_user, officer_b):
    for _ in range(2):
        make_laborer(village=village_a1, wants_entrepreneurship=True, labor_ability="普通劳动力")
    [warning] = entrepreneurship_warning(county_user)
    assert warning.count == 2 == warning_list_count(client, county_user, warning)
    assert entrepreneurship_warning(officer_b)[0].count == 0


def test_training_section(
    laborer_a, class_a, class_b, officer_a, leader, django_assert_max_num_queries
):
    make_enrollment(class_a, laborer_a, days_attended=10, completed=True, skill="苗绣证书")
    make_enrollment(class_b, laborer_a, days_attended=3)  # another township's class
    # the enrollments with their classes; which classes the user may open
    with django_assert_max_num_queries(2):
        section = training_section(laborer_a, officer_a)
    rows = section.context["enrollments"]
    urls = {r["enrollment"].training_class_id: r["url"] for r in rows}
    assert urls[class_a.pk] == reverse("training:class_detail", args=[class_a.pk])
    assert urls[class_b.pk] == ""  # named, not linked
    assert len(urls) == 2
    assert section.context["skills"] == ["苗绣证书"] and section.context["can_enroll"]
    html = render_to_string(section.template, section.context)
    assert "苗绣证书" in html and "1,000" in html and "报名培训" in html
    assert "报名培训" not in render_to_string(
        section.template, training_section(laborer_a, leader).context
    )


def test_no_empty_sections_for_readers(laborer_a, leader, village_officer):
    assert training_section(laborer_a, leader) is None
    assert training_section(laborer_a, village_officer) is None
    assert entrepreneurship_section(laborer_a, leader) is None


def test_entrepreneurship_section(village_a1, officer_a, django_assert_max_num_queries):
    graduate = make_laborer(
        village=village_a1,
        is_college_graduate=True,
        graduation_year=2019,
        wants_entrepreneurship=True,
        labor_ability="普通劳动力",
    )
    make_loan(graduate, project="电商网店")
    session = GuidanceSession.objects.create(
        mentor=make_mentor(name="王导师"), date=D(2020, 5, 1), mode="一对一", topic="网店运营"
    )
    GuidanceParticipant.objects.create(session=session, laborer=graduate)
    StationOccupancy.objects.create(
        station=make_station("012"), laborer=graduate, business="电商", start_date=D(2020, 3, 1)
    )
    # guidance with sessions and mentors; loans; station occupancies with stations
    with django_assert_max_num_queries(3):
        section = entrepreneurship_section(graduate, officer_a)
    html = render_to_string(section.template, section.context)
    for text in (
        "王导师",
        "网店运营",
        "电商网店",
        "012 号工位",
        "登记创业担保贷款",
        "安排创业工位",
    ):
        assert text in html, text
    assert f"laborer={graduate.pk}" in section.context["station_url"]


def test_sections_and_warnings_on_the_shared_pages(client, officer_a, laborer_a, class_a):
    make_enrollment(class_a, laborer_a, days_attended=10, completed=True, skill="苗绣证书")
    make_laborer(village=laborer_a.household.village, wants_training=True)  # a gap
    client.force_login(officer_a)
    page = client.get(reverse("laborers:laborer_detail", args=[laborer_a.pk])).content.decode()
    assert "技能培训" in page and "苗绣证书" in page and "报名培训" in page
    warnings = client.get(reverse("laborers:warnings")).content.decode()
    gap_url = reverse("training:training_group", args=["gap"])
    assert "有培训需求、今年尚未参加培训的劳动力" in warnings and gap_url in warnings
