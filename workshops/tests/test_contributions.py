"""What the app adds to shared pages: navigation, the warning, the laborer detail section."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from workshops.contributions import laborer_section, unplaced_warning
from workshops.services import placement_end, placement_start
from xiushan_jobs.lib import extensions
from xiushan_jobs.testing import make_laborer, make_post

pytestmark = pytest.mark.django_db
D = datetime.date


def test_registered_in_the_shared_registries():
    labels = {item.label: item for item in extensions.nav_items}
    assert labels["扶贫车间"].url_name == "workshops:workshop_list"
    assert labels["公益性岗位"].url_name == "workshops:post_list"
    assert unplaced_warning in extensions.warning_providers
    assert laborer_section in extensions.laborer_sections
    assert any(f.__module__ == "workshops.demo" for f in extensions.demo_seeders)


def test_nav_items_appear_for_every_role(client, leader):
    client.force_login(leader)
    page = client.get(reverse("workshops:post_list")).content.decode()
    assert f'href="{reverse("workshops:workshop_list")}"' in page
    assert 'aria-current="page">公益性岗位' in page


def test_warning_is_scoped(village_a1, village_b1, willing, officer_a, officer_b, county_user):
    make_laborer(village=village_a1, **willing)
    make_laborer(village=village_b1, **willing)
    make_laborer(village=village_b1, **willing)
    [warning] = unplaced_warning(county_user)
    assert (warning.key, warning.count) == ("workshops.unplaced", 3)
    assert warning.url == reverse("workshops:laborer_group", args=["unplaced"])
    assert unplaced_warning(officer_a)[0].count == 1
    assert unplaced_warning(officer_b)[0].count == 2


def test_laborer_section_lists_placements_current_first(
    workshop_a, post_a, laborer_a, officer_a, django_assert_max_num_queries
):
    first = placement_start(site=workshop_a, laborer=laborer_a, start_date=D(2020, 3, 1))
    placement_end(placement=first, end_date=D(2020, 4, 30))
    placement_start(site=post_a, laborer=laborer_a, start_date=D(2020, 5, 1))
    # workshop placements, post placements, which of their sites the user sees (two)
    with django_assert_max_num_queries(4):
        section = laborer_section(laborer_a, officer_a)
    rows = section.context["placements"]
    assert [(r["kind"], r["site"].name) for r in rows] == [
        ("公益性岗位", "凤鸣保洁环卫岗"),
        ("扶贫车间", "凤鸣服装加工扶贫车间"),
    ]
    assert rows[0]["url"] == reverse("workshops:post_detail", args=[post_a.pk])
    assert section.context["can_place"]
    assert section.context["place_url"] == reverse("workshops:laborer_place", args=[laborer_a.pk])
    html = render_to_string(section.template, section.context)
    assert "凤鸣保洁环卫岗" in html and "在岗" in html and "安置到扶贫车间或公益性岗位" in html


def test_laborer_section_for_readers(laborer_a, leader, village_officer, village_b1, county_user):
    # nothing to show and nothing they may do: no section
    assert laborer_section(laborer_a, leader) is None
    assert laborer_section(laborer_a, village_officer) is None
    # a site the reader cannot open is named but not linked
    post_b = make_post(village_b1, name="坝芒护林岗")
    placement_start(site=post_b, laborer=laborer_a, start_date=D(2020, 5, 1))
    [row] = laborer_section(laborer_a, village_officer).context["placements"]
    assert row["site"] == post_b and row["url"] == ""
    assert laborer_section(laborer_a, county_user).context["placements"][0]["url"]
