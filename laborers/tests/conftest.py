"""Records of the workspace tests: one household in each of village A1, A2 (township A)
and B1 (township B), each with a laborer who has an open job and a service."""

from types import SimpleNamespace

import pytest

from xiushan_jobs.testing import make_episode, make_household, make_laborer, make_service


def _place(village, name):
    household = make_household(village)
    laborer = make_laborer(household, name=name, phone="13800138000")
    episode = make_episode(laborer, employer="秀山物流园区", place="秀山县")
    service = make_service(laborer)
    return SimpleNamespace(household=household, laborer=laborer, episode=episode, service=service)


@pytest.fixture
def world(village_a1, village_a2, village_b1):
    return SimpleNamespace(
        a1=_place(village_a1, "甲一"), a2=_place(village_a2, "甲二"), b1=_place(village_b1, "乙一")
    )
