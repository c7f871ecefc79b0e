"""Rectification tasks (整改任务): inspection and assessment feedback the county must fix by
a deadline and close out (销号), with progress reports, evidence files and a log of every
status transition.

Writes go through ``rectification/services.py``; the status changes only there.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from laborers.models import history
from rectification.querysets import (
    EvidenceQuerySet,
    ReportQuerySet,
    TaskQuerySet,
    TransitionQuerySet,
)
from xiushan_jobs.lib.clock import quarter_end, quarter_label, quarter_start, today
from xiushan_jobs.lib.fields import PlainTextMixin, PlausibleDateField


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    PENDING = "pending", "待销号审核"
    CLOSED = "closed", "已销号"


class Source(PlainTextMixin, models.Model):
    """Where tasks come from: one inspection or assessment's feedback, i.e. one appendix
    of the plan. Next year's feedback is a new source."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="如“附件 1”，用于列表和台账。")
    document_title = models.CharField(
        "任务分解表标题", max_length=200, blank=True, help_text="台账导出时的表头标题。"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "整改来源"
        verbose_name_plural = "整改来源"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Task(PlainTextMixin, models.Model):
    source = models.ForeignKey(
        Source, verbose_name="来源", on_delete=models.PROTECT, related_name="tasks"
    )
    category = models.CharField("问题类别", max_length=200)
    subcategory = models.CharField("问题子类", max_length=200, blank=True)
    problem_number = models.PositiveSmallIntegerField("问题序号", null=True, blank=True)
    problem = models.TextField("问题", blank=True, help_text="反馈问题的概括。")
    finding = models.TextField("具体表现", blank=True, help_text="巡视或考核发现的具体情况。")
    measure_number = models.PositiveSmallIntegerField("整改措施序号")
    measure = models.TextField("整改措施")
    deadline = PlausibleDateField("整改期限", help_text="逾期判断所用的日期。")
    deadline_text = models.CharField(
        "整改时限（原文）", max_length=100, help_text="如“2020年6月底前完成，并长期坚持”。"
    )
    is_ongoing = models.BooleanField(
        "长期坚持",
        default=False,
        help_text="销号后仍须每季度报送进展（时限原文含“并长期坚持”）。",
    )
    leader = models.CharField("责任领导", max_length=50, blank=True)
    lead_unit = models.CharField("牵头单位", max_length=100)
    responsible_units = models.CharField("责任单位", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    transcription_note = models.TextField(
        "录入说明",
        blank=True,
        help_text="原文缺损、按推断补录的内容在此说明，页面上随任务显示。",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED, editable=False
    )
    closed_on = PlausibleDateField("销号日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TaskQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "整改任务"
        verbose_name_plural = "整改任务"
        ordering = ["source__sort_order", "measure_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "measure_number"],
                name="task_measure_unique_in_source",
                violation_error_message="同一来源下已有该整改措施序号的任务。",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_on__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_on__isnull=True)),
                name="task_closed_has_date",
                violation_error_message="已销号的任务必须有销号日期，其他状态不能有。",
            ),
        ]

    def __str__(self) -> str:
        return f"（{self.measure_number}）{self.measure[:30]}"

    @property
    def title(self) -> str:
        """The measure's lead sentence: the appendix tables start each measure with it."""
        head = self.measure.split("。", 1)[0]
        return head if len(head) <= 40 else head[:40] + "…"

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_overdue(self) -> bool:
        return not self.is_closed and self.deadline < today()

    @property
    def days_overdue(self) -> int:
        return (today() - self.deadline).days if self.is_overdue else 0

    @property
    def problem_label(self) -> str:
        """The problem as the appendix table states it, one part per line."""
        parts = [self.category, self.subcategory]
        if self.problem_number is not None or self.problem:
            number = f"问题 {self.problem_number}：" if self.problem_number is not None else ""
            parts.append(f"{number}{self.problem}")
        if self.finding:
            parts.append(f"具体表现：{self.finding}")
        return "\n".join(part for part in parts if part)

    # --- quarterly reports of ongoing tasks after close-out -----------------------------
    def _last_report_date(self) -> datetime.date | None:
        if hasattr(self, "last_report_date"):  # annotated by TaskQuerySet.with_progress()
            return self.last_report_date
        return self.reports.aggregate(last=models.Max("date"))["last"]

    @property
    def next_report_due(self) -> datetime.date | None:
        """For a closed ongoing task: the day the next quarterly report is due, the end of
        the quarter after the last report (or the close-out). ``None`` otherwise."""
        if not (self.is_ongoing and self.is_closed and self.closed_on):
            return None
        last = max(filter(None, [self._last_report_date(), self.closed_on]))
        return quarter_end(quarter_end(last) + datetime.timedelta(days=1))

    @property
    def next_report_quarter(self) -> str:
        due = self.next_report_due
        return quarter_label(quarter_start(due)) if due else ""

    @property
    def quarterly_report_missing(self) -> bool:
        due = self.next_report_due
        return due is not None and due < today()


class ProgressReport(PlainTextMixin, models.Model):
    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="reports"
    )
    date = PlausibleDateField("进展日期")
    text = models.TextField("进展情况")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        on_delete=models.PROTECT,
        related_name="rectification_reports",
    )
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    objects = ReportQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["date", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.text[:20]}"


class EvidenceKind(models.TextChoices):
    IMAGE = "image", "图片"
    PDF = "pdf", "PDF"
    WORD = "word", "Word 文档"
    EXCEL = "excel", "Excel 表格"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """A generated name: nothing of the user's file name reaches the storage path."""
    return f"rectification/evidence/{today():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """A file attached to a progress report. Its type was checked by content (see
    ``rectification/evidence.py``); the name the user gave is kept for display only."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="进展", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("原文件名", max_length=120)
    kind = models.CharField("类型", max_length=8, choices=EvidenceKind.choices)
    extension = models.CharField("扩展名", max_length=5)
    content_type = models.CharField("MIME 类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_inline(self) -> bool:
        """Images and PDFs open in the browser; Office files download."""
        return self.kind in (EvidenceKind.IMAGE, EvidenceKind.PDF)


class Transition(PlainTextMixin, models.Model):
    """One status change of a task: who, when, from, to, and why."""

    task = models.ForeignKey(
        Task, verbose_name="整改任务", on_delete=models.CASCADE, related_name="transitions"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    on = PlausibleDateField("业务日期", help_text="变更时的业务日期（见 XJ_TODAY）。")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        related_name="rectification_transitions",
    )
    from_status = models.CharField("原状态", max_length=12, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=12, choices=Status.choices)
    reason = models.TextField("说明", blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
