"""Writes to rectification tasks: progress reports with evidence, and the close-out
workflow. Every status change goes through ``_transition`` and leaves a ``Transition`` row.

    未启动 ──first report──▶ 推进中 ──request──▶ 待销号审核 ──approve──▶ 已销号
                              ▲ └──── reject (reason) ◀───┘                │
                              └───────────── reopen (reason) ──────────────┘

Only the county bureau changes tasks (``Task.objects.editable_by``); close-out needs at
least one report carrying evidence, checked both when asked for and when approved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from rectification.evidence import CheckedFile, check_upload
from rectification.models import Evidence, ProgressReport, Status, Task, Transition
from xiushan_jobs.lib.clock import today


class WorkflowError(Exception):
    """A change the task's state does not allow; the message says why, in Chinese."""


def evidence_max_bytes() -> int:
    return settings.RECTIFICATION_EVIDENCE_MAX_MB * 1024 * 1024


def _locked(task: Task, by: Any) -> Task:
    """The task's row, locked for the transaction, after checking that ``by`` may change it."""
    if not Task.objects.editable_by(by).filter(pk=task.pk).exists():
        raise PermissionDenied("只有县就业人才局可以修改整改任务。")
    return Task.objects.select_for_update().get(pk=task.pk)


def _transition(task: Task, *, to: str, by: Any, reason: str = "") -> Transition:
    record = Transition.objects.create(
        task=task, on=today(), by=by, from_status=task.status, to_status=to, reason=reason
    )
    task.status = to
    task.closed_on = today() if to == Status.CLOSED else None
    task._history_user = by
    task.save(update_fields=["status", "closed_on", "updated_at"])
    return record


@transaction.atomic
def report_add(
    *,
    task: Task,
    by: Any,
    date: datetime.date,
    text: str,
    files: Iterable[Any] = (),
) -> ProgressReport:
    """Record a progress report with its evidence files. The first report of a task not
    yet started moves it to 推进中. A closed task takes reports only when it is ongoing
    (the quarterly reports after close-out)."""
    task = _locked(task, by)
    if task.is_closed and not task.is_ongoing:
        raise WorkflowError("该任务已销号，不再报送进展；如需继续整改，请先重新打开任务。")
    if date > today():
        raise WorkflowError("进展日期不能晚于今天。")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("请填写进展情况。")
    checked = [(upload, check_upload(upload, max_bytes=evidence_max_bytes())) for upload in files]
    report = ProgressReport(task=task, date=date, text=text, reporter=by)
    try:
        report.clean_fields(exclude=["task", "reporter"])  # the date's model rule
    except ValidationError as exc:
        raise WorkflowError("；".join(exc.messages)) from None
    report._history_user = by
    report.save()
    saved: list[Evidence] = []
    try:
        for upload, facts in checked:
            saved.append(_evidence_save(report=report, upload=upload, facts=facts, by=by))
        if task.status == Status.NOT_STARTED:
            _transition(task, to=Status.IN_PROGRESS, by=by, reason="报送第一条进展")
    except BaseException:
        # The rows roll back with the transaction; the files are ours to remove.
        for evidence in saved:
            evidence.file.delete(save=False)
        raise
    return report


def _evidence_save(*, report: ProgressReport, upload: Any, facts: CheckedFile, by: Any) -> Evidence:
    evidence = Evidence(
        report=report,
        original_name=facts.name,
        kind=facts.type.category,
        extension=facts.type.extension,
        content_type=facts.type.content_type,
        size=facts.size,
        sha256=facts.sha256,
        uploaded_by=by,
    )
    upload.seek(0)
    # The storage name comes from evidence_upload_to(); the upload's own name is ignored.
    evidence.file.save(facts.name, upload, save=False)
    evidence.save()
    return evidence


def _move(
    task: Task,
    *,
    by: Any,
    action: str,
    expected: str,
    to: str,
    reason: str,
    reason_required: bool = False,
    evidence_required: bool = False,
) -> Transition:
    """One workflow step: lock the task (after checking ``by`` may change it), check the
    reason, its state and evidence, record the transition. ``action`` names the step in
    messages."""
    task = _locked(task, by)
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise WorkflowError(f"{action}必须填写理由。")
    if task.status != expected:
        raise WorkflowError(
            f"只有“{Status(expected).label}”的任务可以{action}，"
            f"该任务当前为“{task.get_status_display()}”。"
        )
    if evidence_required and not Evidence.objects.filter(report__task=task).exists():
        raise WorkflowError(f"{action}需要至少一条附有佐证材料的进展报告，请先报送进展并上传材料。")
    return _transition(task, to=to, by=by, reason=reason)


@transaction.atomic
def closeout_request(*, task: Task, by: Any, reason: str = "") -> Transition:
    """推进中 → 待销号审核, only with evidence."""
    return _move(
        task,
        by=by,
        action="申请销号",
        expected=Status.IN_PROGRESS,
        to=Status.PENDING,
        reason=reason,
        evidence_required=True,
    )


@transaction.atomic
def closeout_approve(*, task: Task, by: Any, reason: str = "") -> Transition:
    """待销号审核 → 已销号, dated with the business date; evidence is checked again (it may
    have been removed in the back office since the request)."""
    return _move(
        task,
        by=by,
        action="批准销号",
        expected=Status.PENDING,
        to=Status.CLOSED,
        reason=reason,
        evidence_required=True,
    )


@transaction.atomic
def closeout_reject(*, task: Task, by: Any, reason: str) -> Transition:
    """待销号审核 → 推进中: the close-out request is sent back, with a reason."""
    return _move(
        task,
        by=by,
        action="退回销号申请",
        expected=Status.PENDING,
        to=Status.IN_PROGRESS,
        reason=reason,
        reason_required=True,
    )


@transaction.atomic
def task_reopen(*, task: Task, by: Any, reason: str) -> Transition:
    """已销号 → 推进中, with a reason (a problem came back, an inspection disagreed)."""
    return _move(
        task,
        by=by,
        action="重新打开",
        expected=Status.CLOSED,
        to=Status.IN_PROGRESS,
        reason=reason,
        reason_required=True,
    )
