"""A laborer enrolled in a class or holding a loan cannot be deleted: the confirmation page
says so, and why, before anything is posted."""

import pytest
from django.urls import reverse

from laborers.models import Laborer
from xiushan_jobs.testing import make_enrollment, make_laborer, make_loan, make_training_class

pytestmark = pytest.mark.django_db


def test_enrollments_and_loans_block_the_deletion_and_are_named(client, officer_a, village_a1):
    laborer = make_laborer(village=village_a1, name="田小芳")
    make_enrollment(make_training_class(), laborer)
    make_loan(laborer)
    client.force_login(officer_a)
    url = reverse("laborers:laborer_delete", args=[laborer.pk])
    page = client.get(url).content.decode()
    assert "田小芳还有1 条创业担保贷款、1 条培训学员" in page
    assert "确认删除" not in page
    client.post(url)
    assert Laborer.objects.filter(pk=laborer.pk).exists()
