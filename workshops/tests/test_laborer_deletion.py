"""Deleting a laborer says, before it happens, that their workshop and post placements go
with their jobs."""

import datetime
import re

import pytest
from django.urls import reverse

from laborers.models import Laborer
from workshops.models import PostPlacement, WorkshopPlacement
from workshops.services import placement_start

pytestmark = pytest.mark.django_db


def test_the_confirmation_page_counts_the_placements_deleted_with_the_laborer(
    client, officer_a, workshop_a, laborer_a
):
    placement = placement_start(
        site=workshop_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1)
    )
    client.force_login(officer_a)
    url = reverse("laborers:laborer_delete", args=[laborer_a.pk])
    page = client.get(url).content.decode()
    # the warning cases the laborer owns are listed in the same line
    line = re.search(r"将一并删除：([^<]*)。", page).group(1).split("、")
    assert {"1 条就业经历", "1 条扶贫车间安置"} <= set(line)
    client.post(url)
    assert not Laborer.objects.filter(pk=laborer_a.pk).exists()
    assert not WorkshopPlacement.objects.filter(pk=placement.pk).exists()


def test_a_laborer_without_records_deletes_nothing_else(client, officer_a, laborer_a):
    client.force_login(officer_a)
    page = client.get(reverse("laborers:laborer_delete", args=[laborer_a.pk])).content.decode()
    assert "没有其他记录会一并删除。" in page
    assert not PostPlacement.objects.exists()
