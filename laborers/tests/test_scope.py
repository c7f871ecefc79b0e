"""The security backbone: every model's visible_to(user) for every role."""

import pytest

from accounts.models import User
from laborers.models import (
    EmploymentEpisode,
    Household,
    ImportBatch,
    Laborer,
    Service,
    Township,
    Village,
)
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.testing import make_episode, make_laborer, make_service, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(village_a1, village_a2, village_b1, county_user):
    """One laborer (with an episode, a service and an import batch) in each village."""
    laborers = {v.name: make_laborer(village=v) for v in (village_a1, village_a2, village_b1)}
    for laborer in laborers.values():
        make_episode(laborer)
        make_service(laborer)
        ImportBatch.objects.create(
            user=county_user,
            township=laborer.household.village.township,
            village=laborer.household.village,
            file_name="x.xlsx",
            sha256="0" * 64,
        )
    return laborers


MODELS = [Laborer, Household, EmploymentEpisode, Service, ImportBatch]


def _villages_of(model, queryset):
    lookup = model.objects.all().village_lookup
    return set(queryset.values_list(f"{lookup}__name", flat=True))


@pytest.mark.parametrize("model", MODELS)
def test_county_and_leader_see_everything(model, world, county_user, leader):
    for user in (county_user, leader):
        assert _villages_of(model, model.objects.visible_to(user)) == {"凤鸣村", "太平村", "坝芒村"}


@pytest.mark.parametrize("model", MODELS)
def test_township_officer_sees_own_township_only(model, world, officer_a, officer_b):
    assert _villages_of(model, model.objects.visible_to(officer_a)) == {"凤鸣村", "太平村"}
    assert _villages_of(model, model.objects.visible_to(officer_b)) == {"坝芒村"}


@pytest.mark.parametrize("model", MODELS)
def test_village_officer_sees_own_village_only(model, world, village_officer):
    assert _villages_of(model, model.objects.visible_to(village_officer)) == {"凤鸣村"}


@pytest.mark.parametrize("model", MODELS)
def test_users_without_role_or_inactive_see_nothing(model, world, officer_a):
    nobody = User.objects.create_user("nobody", password="x")
    assert not model.objects.visible_to(nobody).exists()
    officer_a.is_active = False
    assert not model.objects.visible_to(officer_a).exists()


def test_superuser_without_role_counts_as_county(world):
    admin = User.objects.create_superuser("root", password="x")
    assert Laborer.objects.visible_to(admin).count() == 3


def test_geography_scoping(world, officer_a, village_officer, village_a1):
    assert list(Township.objects.visible_to(officer_a)) == [officer_a.township]
    assert list(Township.objects.visible_to(village_officer)) == [village_a1.township]
    assert set(Village.objects.visible_to(officer_a).values_list("name", flat=True)) == {
        "凤鸣村",
        "太平村",
    }
    assert list(Village.objects.visible_to(village_officer)) == [village_a1]


def test_editable_by(world, county_user, leader, officer_a, village_officer):
    assert Laborer.objects.editable_by(county_user).count() == 3
    assert Laborer.objects.editable_by(officer_a).count() == 2
    assert Laborer.objects.editable_by(village_officer).count() == 1
    assert not Laborer.objects.editable_by(leader).exists()
    # Households belong to the township: village officers edit laborers and services only.
    assert not Household.objects.editable_by(village_officer).exists()
    assert Service.objects.editable_by(village_officer).count() == 1


def test_village_officer_township_follows_the_village(village_b1):
    user = make_user("v", Role.VILLAGE, village=village_b1)
    assert user.township == village_b1.township
