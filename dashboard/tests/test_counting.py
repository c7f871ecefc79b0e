"""The counting engine: parts counted by area in two queries, totals equal to each part's
own ``count()``, whatever the shape of its queryset."""

import datetime

import pytest
from django.db import connection
from django.db.models import Q

from dashboard.counting import TOWNSHIP, VILLAGE, count_parts
from dashboard.metrics import LABORER_TOWNSHIP, Part, laborer_base
from laborers.models import Laborer
from transfer.models import EventEmployer
from xiushan_jobs.testing import make_laborer, make_recruitment_event, make_service

pytestmark = pytest.mark.django_db

D = datetime.date


def statements(n: int) -> int:
    """``n`` counting statements; on PostgreSQL they run in a transaction (a savepoint and
    its release inside a test) after setting their own JIT and work_mem."""
    return n + 3 if connection.vendor == "postgresql" else n


@pytest.fixture
def people(village_a1, village_a2, village_b1):
    for village, n in ((village_a1, 3), (village_a2, 2), (village_b1, 4)):
        for i in range(n):
            laborer = make_laborer(village=village, is_college_graduate=i == 0)
            for _ in range(i):  # several services: a join that repeats rows
                make_service(laborer, date=D(2020, 3, 1))


def test_conditions_and_querysets_counted_together(
    people, county_user, township_a, township_b, village_a1, django_assert_num_queries
):
    base = laborer_base(county_user)
    served = Laborer.objects.filter(services__date__year=2020).distinct()  # joined, distinct
    parts = [
        Part("all", base, LABORER_TOWNSHIP, condition=Q()),
        Part(
            "graduates",
            base.filter(is_college_graduate=True),
            LABORER_TOWNSHIP,
            condition=Q(is_college_graduate=True),
        ),
        Part("served", served, LABORER_TOWNSHIP),  # a queryset: joins the pass as pk IN
    ]
    with django_assert_num_queries(statements(1)):
        everyone, graduates, with_services = count_parts(parts, base=base)
    assert (everyone.total, graduates.total, with_services.total) == (9, 3, 6)
    assert everyone.by_area == {township_a.pk: 5, township_b.pk: 4}
    assert with_services.total == served.count()
    villages = count_parts(parts, base=base, by=VILLAGE, township_id=township_a.pk)
    assert villages[0].by_area == {village_a1.pk: 3, village_a1.pk + 1: 2}
    assert villages[2].of(village_a1.pk) == 2


def test_other_models_and_sums_in_one_union(
    people, county_user, township_a, django_assert_num_queries
):
    make_recruitment_event(None, "hechuan", employers=[("甲", 10, 4), ("乙", 6, 0)])
    make_recruitment_event(township_a, "hechuan", employers=[("丙", 3, 3)])
    employers = EventEmployer.objects.all()
    parts = [
        Part("positions", employers, None, sum_field="graduate_positions"),
        Part("employers", employers, None),
        Part("by township", employers.filter(event__township__isnull=False), "event__township"),
    ]
    with django_assert_num_queries(statements(1)):
        positions, count, by_township = count_parts(parts)
    assert (positions.total, positions.by_area) == (7, {None: 7})
    assert count.total == 3
    assert by_township.by_area == {township_a.pk: 1}
    with pytest.raises(ValueError):
        count_parts(parts[:1], township_id=township_a.pk)  # positions belong to no township
    assert count_parts([]) == []
    assert [c.total for c in count_parts(parts, by=TOWNSHIP)] == [7, 3, 1]
