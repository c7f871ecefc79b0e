"""Overdue and quarterly reporting, against the fixed business date (2020-06-15 in tests)."""

import datetime

import pytest
from django.urls import reverse

from rectification import selectors, services
from rectification.models import Task
from rectification.warnings import rectification_warnings
from xiushan_jobs.lib.extensions import warning_providers
from xiushan_jobs.testing import make_report, make_upload, seeded_task

pytestmark = pytest.mark.django_db

d = datetime.date


def _numbers(queryset):
    return sorted(task.measure_number for task in queryset)


def _close(task, user, on, settings):
    settings.XJ_TODAY = on
    make_report(task, user, date=on, files=[make_upload()])
    services.closeout_request(task=task, by=user)
    services.closeout_approve(task=task, by=user)
    task.refresh_from_db()
    return task


def test_overdue_on_the_fixed_date(county_user):
    # 2020-06-15: deadlines 3/31 (49, 50, 59, 60), 5/31 (61) and 6/10 (51) have passed.
    expected = [49, 50, 51, 59, 60, 61]
    assert _numbers(Task.objects.overdue()) == expected
    assert _numbers(t for t in Task.objects.all() if t.is_overdue) == expected
    assert seeded_task(49).days_overdue == 76
    assert seeded_task(57).days_overdue == 0


def test_overdue_moves_with_the_business_date(settings):
    settings.XJ_TODAY = d(2020, 3, 31)
    assert _numbers(Task.objects.overdue()) == []  # due today is not late
    settings.XJ_TODAY = d(2020, 7, 1)
    assert _numbers(Task.objects.overdue()) == [27, 39, 49, 50, 51, 57, 59, 60, 61]


def test_closed_tasks_are_not_overdue_but_pending_ones_are(county_user):
    task = seeded_task(49)
    make_report(task, county_user, files=[make_upload()])
    services.closeout_request(task=task, by=county_user)
    assert 49 in _numbers(Task.objects.overdue())  # waiting for approval is not closed
    services.closeout_approve(task=task, by=county_user)
    assert 49 not in _numbers(Task.objects.overdue())
    task.refresh_from_db()
    assert not task.is_overdue


def test_ongoing_task_asks_for_a_report_every_quarter(county_user, settings):
    task = _close(seeded_task(57), county_user, d(2020, 6, 28), settings)
    assert task.next_report_due == d(2020, 9, 30)
    assert task.next_report_quarter == "2020年第3季度"

    settings.XJ_TODAY = d(2020, 9, 30)
    assert not task.quarterly_report_missing
    assert _numbers(Task.objects.quarterly_report_missing()) == []

    settings.XJ_TODAY = d(2020, 10, 1)
    assert task.quarterly_report_missing
    assert _numbers(Task.objects.quarterly_report_missing()) == [57]

    # A late report is dated in the fourth quarter: it is that quarter's report.
    make_report(task, county_user, date=d(2020, 10, 1), text="第三季度补报")
    task = Task.objects.with_progress().get(pk=task.pk)
    assert task.next_report_due == d(2021, 3, 31)
    assert not task.quarterly_report_missing
    assert _numbers(Task.objects.quarterly_report_missing()) == []


def test_a_report_inside_the_quarter_keeps_the_task_current(county_user, settings):
    task = _close(seeded_task(39), county_user, d(2020, 6, 29), settings)
    settings.XJ_TODAY = d(2020, 8, 20)
    make_report(task, county_user, date=d(2020, 8, 20))
    assert Task.objects.with_progress().get(pk=task.pk).next_report_due == d(2020, 12, 31)
    settings.XJ_TODAY = d(2020, 12, 31)
    assert _numbers(Task.objects.quarterly_report_missing()) == []
    settings.XJ_TODAY = d(2021, 1, 1)
    assert _numbers(Task.objects.quarterly_report_missing()) == [39]


def test_one_off_tasks_owe_no_quarterly_report(county_user, settings):
    task = _close(seeded_task(61), county_user, d(2020, 5, 29), settings)
    settings.XJ_TODAY = d(2021, 6, 1)
    assert task.next_report_due is None and not task.quarterly_report_missing
    assert _numbers(Task.objects.quarterly_report_missing()) == []


def test_summary_counts_agree_with_the_lists(county_user, leader, settings):
    _close(seeded_task(57), county_user, d(2020, 6, 28), settings)
    settings.XJ_TODAY = d(2020, 10, 8)
    summary = selectors.task_summary(leader)
    assert summary["total"] == 9
    assert summary["closed"] == 1 and summary["not_started"] == 8
    assert summary["overdue"] == len(selectors.overdue_tasks(leader)) == 8
    assert (
        summary["quarterly_missing"] == len(selectors.quarterly_report_missing_tasks(leader)) == 1
    )


def test_selectors_see_nothing_for_users_without_a_role(django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert selectors.task_summary(nobody)["total"] == 0
    assert not selectors.overdue_tasks(nobody).exists()


@pytest.mark.parametrize("who", ["county_user", "leader"])
def test_warnings_link_to_lists_of_exactly_the_counted_tasks(
    request, client, county_user, who, settings
):
    _close(seeded_task(57), county_user, d(2020, 6, 28), settings)
    settings.XJ_TODAY = d(2020, 10, 8)
    user = request.getfixturevalue(who)
    assert rectification_warnings in warning_providers
    warnings = {w.key: w for w in rectification_warnings(user)}
    assert warnings["rectification_overdue"].count == 8
    assert warnings["rectification_overdue"].severity == "danger"
    assert warnings["rectification_quarterly_report"].count == 1
    client.force_login(user)
    for warning in warnings.values():
        assert warning.url.startswith(reverse("rectification:list") + "?")
        page = client.get(warning.url).context["page"]
        assert page.paginator.count == warning.count


def test_township_and_village_officers_get_no_rectification_warnings(officer_a, village_officer):
    assert rectification_warnings(officer_a) == []
    assert rectification_warnings(village_officer) == []
