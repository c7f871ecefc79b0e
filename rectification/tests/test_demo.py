import datetime
import io
import random

import pytest

from rectification.demo import seed_rectification
from rectification.models import Evidence, ProgressReport, Status, Task, Transition
from xiushan_jobs.lib.extensions import demo_seeders

pytestmark = pytest.mark.django_db


def _statuses():
    return dict(Task.objects.values_list("measure_number", "status"))


def test_demo_progress_follows_the_business_date(settings):
    assert seed_rectification in demo_seeders
    seed_rectification(rng=random.Random(1), stdout=io.StringIO())
    # On 2020-06-15 (the tests' date) the March to May tasks and item 51 are closed.
    assert _statuses() == {
        49: Status.CLOSED,
        50: Status.CLOSED,
        51: Status.CLOSED,
        59: Status.CLOSED,
        60: Status.CLOSED,
        61: Status.CLOSED,
        57: Status.IN_PROGRESS,
        39: Status.IN_PROGRESS,
        27: Status.IN_PROGRESS,
    }
    assert not ProgressReport.objects.filter(date__gt=datetime.date(2020, 6, 15)).exists()
    assert not Transition.objects.filter(on__gt=datetime.date(2020, 6, 15)).exists()
    # Every closed task went through the rules: a report with evidence before approval.
    for task in Task.objects.filter(status=Status.CLOSED):
        assert Evidence.objects.filter(report__task=task).exists()
    assert Transition.objects.filter(
        to_status=Status.IN_PROGRESS, from_status=Status.PENDING
    ).exists()
    # Dated on their business date, not on the day the seeder ran.
    closed = Transition.objects.get(task__measure_number=49, to_status=Status.CLOSED)
    assert closed.on == datetime.date(2020, 3, 31) and closed.at.date() == datetime.date(
        2020, 3, 31
    )
    assert Task.objects.get(measure_number=49).closed_on == datetime.date(2020, 3, 31)

    count = ProgressReport.objects.count()
    seed_rectification(rng=random.Random(1), stdout=io.StringIO())
    assert ProgressReport.objects.count() == count


def test_demo_at_the_demo_date_leaves_27_overdue(settings):
    settings.XJ_TODAY = datetime.date(2020, 9, 30)
    seed_rectification(rng=random.Random(1), stdout=io.StringIO())
    assert [t.measure_number for t in Task.objects.overdue()] == [27]
    ongoing = Task.objects.with_progress().filter(is_ongoing=True, status=Status.CLOSED)
    assert {t.measure_number: t.next_report_due for t in ongoing} == {
        39: datetime.date(2020, 9, 30),
        57: datetime.date(2020, 12, 31),
    }
