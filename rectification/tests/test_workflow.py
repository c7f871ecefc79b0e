"""The close-out workflow: every transition, every refusal, every change recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from rectification import services
from rectification.models import Status, Transition
from xiushan_jobs.testing import make_report, make_upload, seeded_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return seeded_task(57)  # ongoing, due 2020-06-30


def _in_progress(task, county_user, *, evidence=True):
    make_report(task, county_user, files=[make_upload()] if evidence else [])
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    return task


def _pending(task, county_user):
    _in_progress(task, county_user)
    services.closeout_request(task=task, by=county_user)
    task.refresh_from_db()
    return task


def _closed(task, county_user):
    _pending(task, county_user)
    services.closeout_approve(task=task, by=county_user)
    task.refresh_from_db()
    return task


def _log(task):
    return list(
        Transition.objects.filter(task=task).values_list("from_status", "to_status", "by__username")
    )


def test_first_report_starts_the_task(task, county_user):
    make_report(task, county_user, text="印发差异化补贴标准。")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    transition = Transition.objects.get(task=task)
    assert (transition.from_status, transition.to_status) == (
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
    )
    assert transition.by == county_user
    assert transition.on == datetime.date(2020, 6, 15)
    assert transition.reason == "报送第一条进展"
    # A second report changes nothing.
    make_report(task, county_user)
    assert Transition.objects.filter(task=task).count() == 1


def test_request_approve_close_out(task, county_user):
    _in_progress(task, county_user)
    services.closeout_request(task=task, by=county_user, reason="材料齐全")
    task.refresh_from_db()
    assert task.status == Status.PENDING
    services.closeout_approve(task=task, by=county_user, reason="同意销号")
    task.refresh_from_db()
    assert task.status == Status.CLOSED
    assert task.closed_on == datetime.date(2020, 6, 15)
    assert _log(task) == [
        (Status.NOT_STARTED, Status.IN_PROGRESS, "county"),
        (Status.IN_PROGRESS, Status.PENDING, "county"),
        (Status.PENDING, Status.CLOSED, "county"),
    ]
    assert list(Transition.objects.filter(task=task).values_list("reason", flat=True))[1:] == [
        "材料齐全",
        "同意销号",
    ]


def test_reject_sends_back_with_reason(task, county_user):
    _pending(task, county_user)
    services.closeout_reject(task=task, by=county_user, reason="名单不全")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    last = Transition.objects.filter(task=task).last()
    assert (last.from_status, last.to_status, last.reason) == (
        Status.PENDING,
        Status.IN_PROGRESS,
        "名单不全",
    )


def test_reopen_with_reason_clears_close_out(task, county_user):
    _closed(task, county_user)
    services.task_reopen(task=task, by=county_user, reason="复查发现补贴仍未区分")
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    assert task.closed_on is None
    last = Transition.objects.filter(task=task).last()
    assert (last.from_status, last.to_status, last.reason) == (
        Status.CLOSED,
        Status.IN_PROGRESS,
        "复查发现补贴仍未区分",
    )


def test_close_out_request_without_evidence_is_refused(task, county_user):
    _in_progress(task, county_user, evidence=False)
    with pytest.raises(services.WorkflowError, match="佐证材料"):
        services.closeout_request(task=task, by=county_user)
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS


def test_approval_without_evidence_is_refused(task, county_user):
    """Evidence removed after the request (e.g. in the admin): approval checks again."""
    _pending(task, county_user)
    for report in task.reports.all():
        report.evidence.all().delete()
    with pytest.raises(services.WorkflowError, match="佐证材料"):
        services.closeout_approve(task=task, by=county_user)
    task.refresh_from_db()
    assert task.status == Status.PENDING


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_and_reopen_need_a_reason(task, county_user, reason):
    _pending(task, county_user)
    with pytest.raises(services.WorkflowError, match="理由"):
        services.closeout_reject(task=task, by=county_user, reason=reason)
    services.closeout_approve(task=task, by=county_user)
    with pytest.raises(services.WorkflowError, match="理由"):
        services.task_reopen(task=task, by=county_user, reason=reason)
    task.refresh_from_db()
    assert task.status == Status.CLOSED


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ("not_started", services.closeout_request),
        ("pending", services.closeout_request),
        ("closed", services.closeout_request),
        ("not_started", services.closeout_approve),
        ("in_progress", services.closeout_approve),
        ("closed", services.closeout_approve),
        ("in_progress", services.closeout_reject),
        ("closed", services.closeout_reject),
        ("not_started", services.task_reopen),
        ("in_progress", services.task_reopen),
        ("pending", services.task_reopen),
    ],
)
def test_wrong_state_is_refused(task, county_user, setup, action):
    prepare = {
        "not_started": lambda: task,
        "in_progress": lambda: _in_progress(task, county_user),
        "pending": lambda: _pending(task, county_user),
        "closed": lambda: _closed(task, county_user),
    }[setup]
    prepare()
    before = Transition.objects.filter(task=task).count()
    with pytest.raises(services.WorkflowError, match="只有"):
        action(task=task, by=county_user, reason="理由")
    task.refresh_from_db()
    assert task.status == setup
    assert Transition.objects.filter(task=task).count() == before


@pytest.mark.parametrize("who", ["leader", "officer_a", "village_officer"])
def test_only_the_county_bureau_changes_tasks(request, task, county_user, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        make_report(task, user, files=[make_upload()])
    _pending(task, county_user)
    for action in (services.closeout_approve, services.closeout_reject):
        with pytest.raises(PermissionDenied):
            action(task=task, by=user, reason="理由")
    task.refresh_from_db()
    assert task.status == Status.PENDING
    assert task.reports.count() == 1


def test_closed_task_takes_reports_only_when_ongoing(county_user):
    ongoing, one_off = seeded_task(39), seeded_task(61)
    for task in (ongoing, one_off):
        _closed(task, county_user)
    make_report(ongoing, county_user, text="季度进展")
    ongoing.refresh_from_db()
    assert ongoing.status == Status.CLOSED  # a quarterly report does not reopen the task
    with pytest.raises(services.WorkflowError, match="已销号"):
        make_report(one_off, county_user)
    assert one_off.reports.count() == 1


def test_report_dated_in_the_future_is_refused(task, county_user):
    with pytest.raises(services.WorkflowError, match="晚于今天"):
        make_report(task, county_user, date=datetime.date(2020, 6, 16))
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED and not task.reports.exists()


def test_changes_are_in_the_history(task, county_user):
    """The migration writes no history rows; each workflow change writes one, by its user."""
    _closed(task, county_user)
    records = list(task.history.order_by("history_date").values_list("status", "history_user"))
    assert records == [
        (Status.IN_PROGRESS, county_user.pk),
        (Status.PENDING, county_user.pk),
        (Status.CLOSED, county_user.pk),
    ]
