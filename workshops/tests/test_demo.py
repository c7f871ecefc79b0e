"""The demo seeder: realistic sites, every workshop and post episode of the demo registry
linked to a site of its own township (workshops) or village (posts), capacities kept."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode
from workshops import selectors
from workshops.models import Post, PostPlacement, Workshop, WorkshopFunding, WorkshopPlacement

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def demo(county_user):
    call_command("import_villages", str(FIXTURES / "villages.csv"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", laborers=4000, seed=7, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_every_workshop_and_post_episode_is_linked_to_a_site_nearby(demo):
    assert "扶贫车间" in demo and "公益性岗位" in demo
    episodes = EmploymentEpisode.objects.filter(
        kind__in=[EmploymentKind.WORKSHOP, EmploymentKind.WELFARE_POST]
    )
    assert episodes.exists()
    assert not episodes.filter(workshopplacement__isnull=True, postplacement__isnull=True).exists()
    assert not WorkshopPlacement.objects.exclude(
        workshop__village__township=F("episode__laborer__household__village__township")
    ).exists()
    assert not PostPlacement.objects.exclude(
        post__village=F("episode__laborer__household__village")
    ).exists()
    assert not WorkshopPlacement.objects.exclude(episode__kind=EmploymentKind.WORKSHOP).exists()
    assert not PostPlacement.objects.exclude(episode__kind=EmploymentKind.WELFARE_POST).exists()
    # the episodes name their site
    placement = WorkshopPlacement.objects.select_related("episode", "workshop").first()
    assert placement.episode.employer == placement.workshop.name
    assert placement.episode.history.filter(history_type="~").exists()


def test_sites_are_valid_and_never_over_capacity(demo):
    for model in (Workshop, Post, WorkshopFunding):
        for obj in model.objects.all():
            obj.full_clean()  # every rule of the forms holds, placements included
    assert not Workshop.objects.with_headcount().filter(headcount__gt=F("jobs_offered")).exists()
    assert not Post.objects.with_headcount().filter(headcount__gt=F("positions")).exists()
    assert not WorkshopPlacement.objects.filter(
        episode__start_date__lt=F("workshop__established_on")
    ).exists()
    assert not PostPlacement.objects.filter(
        Q(episode__start_date__lt=F("post__start_date"))
        | Q(episode__end_date__gt=F("post__end_date"))
    ).exists()


def test_demo_figures_look_like_the_plan(demo, county_user):
    statuses = set(Workshop.objects.values_list("status", flat=True))
    assert statuses == {"申报中", "已认定", "已摘牌"}
    assert 8 <= selectors.workshops_built(user=county_user).count <= 12  # target 4: 10
    funded = selectors.workshops_with_agricultural_funds(user=county_user)
    assert funded.count == 5  # target 5: five workshops …
    assert selectors.agricultural_funds_total(user=county_user) == 1000000  # … 1,000,000 yuan
    assert WorkshopFunding.objects.filter(source="鲁渝援建").count() == 5
    assert set(Post.objects.values_list("kind", flat=True)) >= {"保洁环卫", "护林", "护路"}
