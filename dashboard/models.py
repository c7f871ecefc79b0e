"""The plan's targets as data, and daily snapshots of what the metrics measured.

A ``Target`` is one figure of a year's plan (2020: the twenty of DOMAIN.md, loaded by the
first migration): what the plan says, the figure and its deadline, which the county bureau
edits in the admin, and the metric (``dashboard.metrics``) that computes its current value
from records. Next year's plan is new rows with ``plan_year`` 2021.

A ``MetricSnapshot`` is what a metric measured on a date, county-wide (``township`` empty)
or for one township: the trend on the cards and the quarter-end figures the plan reports.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from dashboard import metrics
from laborers.models import Township, history
from xiushan_jobs.lib.clock import quarter_end, quarter_start
from xiushan_jobs.lib.fields import PlainTextMixin, PlausibleDateField
from xiushan_jobs.lib.scope import ScopedQuerySet


class Unit(models.TextChoices):
    PERSON = "人", "人"
    ITEM = "个", "个"
    HOUSEHOLD = "户", "户"
    PERCENT = "%", "%"


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "不少于（达到或超过目标值）"
    AT_MOST = "at_most", "不超过（保持在目标值以下，如清零）"


class TargetQuerySet(ScopedQuerySet):
    """County-wide records: every role reads them, only the county bureau changes them
    (in the admin)."""

    def of_plan_year(self, year: int) -> TargetQuerySet:
        return self.filter(plan_year=year, is_active=True)


class Target(PlainTextMixin, models.Model):
    plan_year = models.PositiveSmallIntegerField("计划年度", help_text="如 2020。")
    number = models.PositiveSmallIntegerField("序号", help_text="在本年度目标中的顺序。")
    title = models.CharField("目标", max_length=60, help_text="卡片上的简短名称。")
    source_section = models.CharField(
        "出处", max_length=40, help_text="方案中的位置，如“一（三）主要目标”“二（五）”。"
    )
    source_text = models.TextField("方案原文", help_text="目标所依据的方案原句。")
    figure = models.DecimalField(
        "目标值",
        max_digits=10,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0))],
        help_text="比例类目标填百分数（如 100），数量类目标填人数或个数。",
    )
    unit = models.CharField("单位", max_length=2, choices=Unit.choices)
    comparison = models.CharField(
        "达标方向", max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    deadline = PlausibleDateField("完成时限")
    repeats_quarterly = models.BooleanField(
        "此后按季度",
        default=False,
        help_text="完成时限之后每季度重新考核，季度末为当期时限（如劳动力信息按季度更新）。",
    )
    judged_on_deadline = models.BooleanField(
        "按时限当日考核",
        default=False,
        help_text="过了完成时限后，按时限当日的情况判断是否完成（如“3 月底前全部务工就业”）；"
        "不勾选则按当前情况判断（如零就业家庭“动态清零”并长期坚持）。",
    )
    metric = models.CharField(
        "计算方法",
        max_length=60,
        choices=metrics.metric_choices,
        help_text="计算当前值的指标的固定键名（见 dashboard/metrics.py 与 docs/targets.md）。",
    )
    in_township_table = models.BooleanField(
        "列入乡镇对比表", default=False, help_text="在看板的乡镇（街道）对比表中作为一列。"
    )
    is_active = models.BooleanField("启用", default=True)
    note = models.TextField("口径说明", blank=True, help_text="补充说明，显示在目标明细页。")

    objects = TargetQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = "年度目标"
        ordering = ["plan_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "number"],
                name="target_number_unique_in_year",
                violation_error_message="本年度已有这个序号的目标。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_year}年目标{self.number}：{self.title}"

    def clean(self) -> None:
        spec = metrics.METRICS.get(self.metric)
        if spec is None:
            return  # the field's own choices report it
        if spec.is_rate and self.unit != Unit.PERCENT:
            raise ValidationError({"unit": "这个计算方法得出比例，单位应为 %。"})
        if not spec.is_rate and self.unit == Unit.PERCENT:
            raise ValidationError({"unit": "这个计算方法得出数量，单位不能为 %。"})
        if self.unit == Unit.PERCENT and self.figure is not None and self.figure > 100:
            raise ValidationError({"figure": "比例类目标值不能超过 100。"})
        if self.deadline and self.plan_year and self.deadline.year < self.plan_year:
            raise ValidationError({"deadline": "完成时限不能早于计划年度。"})

    @property
    def spec(self) -> metrics.Metric:
        return metrics.METRICS[self.metric]

    @property
    def is_rate(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def at_most(self) -> bool:
        return self.comparison == Comparison.AT_MOST

    def judged_at(self, day: datetime.date) -> datetime.date:
        """The date whose position decides the target on ``day``: the deadline once it has
        passed, for a target judged on its deadline; otherwise ``day`` itself."""
        if self.judged_on_deadline and not self.repeats_quarterly and day > self.deadline:
            return self.deadline
        return day

    def period_on(self, day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The period the target is judged over on ``day``: from the plan year's start to
        the deadline; for a quarterly target past its first deadline, the current quarter."""
        if self.repeats_quarterly and day > self.deadline:
            return quarter_start(day), quarter_end(day)
        return datetime.date(self.plan_year, 1, 1), self.deadline


class MetricSnapshotQuerySet(ScopedQuerySet):
    # County rows (no township) are the county-wide users'; officers see their township's.
    township_lookup = "township"


class MetricSnapshot(models.Model):
    date = PlausibleDateField("日期", db_index=True)
    target = models.ForeignKey(
        Target, verbose_name="目标", on_delete=models.CASCADE, related_name="snapshots"
    )
    township = models.ForeignKey(
        Township,
        verbose_name="乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空表示全县。",
    )
    value = models.DecimalField(
        "当前值", max_digits=12, decimal_places=1, null=True, help_text="比例为百分数。"
    )
    numerator = models.PositiveIntegerField("数量（分子）")
    denominator = models.PositiveIntegerField("分母", null=True, blank=True)
    figure = models.DecimalField("当时目标值", max_digits=10, decimal_places=1)
    status = models.CharField("当时状态", max_length=10)
    reconstructed = models.BooleanField(
        "按记录日期推算",
        default=False,
        help_text="开始记录快照以前的季度末：按各项记录的日期推算当日的数字，而不是当日记录的。",
    )
    taken_at = models.DateTimeField("记录时间", auto_now=True)

    objects = MetricSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = "指标快照"
        ordering = ["-date", "target__number", "township__sort_order"]
        constraints = [
            # NULL township (the county) is one row per date and target on both databases:
            # a unique constraint alone would let NULLs repeat.
            models.UniqueConstraint(
                fields=["date", "target", "township"],
                condition=Q(township__isnull=False),
                name="snapshot_unique_township_row",
            ),
            models.UniqueConstraint(
                fields=["date", "target"],
                condition=Q(township__isnull=True),
                name="snapshot_unique_county_row",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.target.title} {self.township or '全县'}"
