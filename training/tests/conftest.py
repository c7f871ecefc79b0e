"""Classes, trainees and entrepreneurship records in township A (中和街道, village A1),
township B (隘口镇, village B1) and at county level."""

import pytest

from laborers.choices import EmploymentIntention, LaborAbility
from xiushan_jobs.testing import make_laborer, make_training_class


@pytest.fixture(autouse=True)
def _imports_inline(settings):
    """Uploads are checked (and confirmed batches written) inside the request."""
    settings.XJ_IMPORT_INLINE = True


@pytest.fixture
def capable():
    """Keyword arguments of a labor-capable laborer."""
    return {
        "labor_ability": LaborAbility.ORDINARY,
        "employment_intention": EmploymentIntention.IN_COUNTY,
    }


@pytest.fixture
def laborer_a(village_a1, capable):
    return make_laborer(
        village=village_a1, name="杨秀英", wants_training=True, training_trade="苗绣", **capable
    )


@pytest.fixture
def laborer_b(village_b1, capable):
    return make_laborer(
        village=village_b1, name="龙海", wants_training=True, training_trade="苗绣", **capable
    )


@pytest.fixture
def class_a(township_a):
    """A finished 苗绣 class of township A (2020-05-01 … 05-10, 100/50 yuan a day)."""
    return make_training_class(township_a, name="中和街道苗绣培训班")


@pytest.fixture
def class_b(township_b):
    return make_training_class(township_b, name="隘口镇苗绣培训班")


@pytest.fixture
def county_class(db):
    return make_training_class(None, trade="叉车操作", name="县级叉车操作培训班")
