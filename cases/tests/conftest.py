import pytest

from xiushan_jobs.testing import make_household


@pytest.fixture
def household_a1(village_a1):
    return make_household(village_a1)
