"""Sites in township A (中和街道, village A1) and township B (隘口镇, village B1)."""

import pytest

from laborers.choices import EmploymentIntention, LaborAbility
from xiushan_jobs.testing import make_laborer, make_post, make_workshop


@pytest.fixture
def workshop_a(village_a1):
    return make_workshop(village_a1, name="凤鸣服装加工扶贫车间", jobs_offered=3)


@pytest.fixture
def workshop_b(village_b1):
    return make_workshop(village_b1, name="坝芒竹编扶贫车间")


@pytest.fixture
def post_a(village_a1):
    return make_post(village_a1, name="凤鸣保洁环卫岗", positions=2)


@pytest.fixture
def post_b(village_b1):
    return make_post(village_b1, name="坝芒护林岗")


@pytest.fixture
def willing():
    """Keyword arguments of a labor-capable laborer who wants work."""
    return {
        "labor_ability": LaborAbility.ORDINARY,
        "employment_intention": EmploymentIntention.IN_COUNTY,
    }


@pytest.fixture
def laborer_a(village_a1, willing):
    return make_laborer(village=village_a1, name="杨秀英", **willing)


@pytest.fixture
def laborer_b(village_b1, willing):
    return make_laborer(village=village_b1, name="龙海", **willing)


@pytest.fixture
def media(media_root):
    """The test's own MEDIA_ROOT (the suite-wide ``media_root`` fixture)."""
    return media_root
