"""A laborer the survey sheet answered 就业意愿 with 有/是 (willing, the place not stated)
counts as willing in every metric and warning that asks, through the one definition
``EmploymentIntention.willing()``."""

import pytest

from laborers.choices import EmploymentIntention, LaborAbility
from laborers.warning_rules import rule_counts
from workshops.selectors import hard_to_employ_queryset
from xiushan_jobs.testing import make_episode, make_household, make_laborer

from .conftest import TEST_DAY, measure, names

pytestmark = pytest.mark.django_db
UNSTATED = {
    "labor_ability": LaborAbility.ORDINARY,
    "employment_intention": EmploymentIntention.PLACE_UNSTATED,
}


def test_willing_with_the_place_unstated_counts_as_willing(village_a1, county_user):
    moved = make_household(village_a1, relocated=True)
    make_episode(make_laborer(moved, name="U1", **UNSTATED))  # ✓ employed
    make_laborer(moved, name="U2", **UNSTATED)  # · willing, idle
    make_laborer(
        moved,
        name="N1",
        labor_ability=LaborAbility.ORDINARY,
        employment_intention=EmploymentIntention.NONE,
    )  # ✗ not willing

    assert measure("willing_employed", county_user) == (1, 2)
    assert names("willing_employed", county_user, "denominator") == {"U1", "U2"}
    assert measure("relocated_employed", county_user) == (1, 2)
    assert rule_counts(county_user, TEST_DAY)["relocated_unemployed"] == 1
    assert set(hard_to_employ_queryset(county_user).values_list("name", flat=True)) == {"U2"}
