"""Keeping the municipal survey system in step (动态更新).

A ``SyncProfile`` is the municipal system's import layout, kept as data: column names,
order, code lists and required columns (``survey_sync.columns``). A ``SyncRun`` records
one file written for it: who, when, which area, whole or changes only, how many rows, and
the rows left out because the municipal system would refuse them. The next "changes only"
file starts where the last run of the same area (or the county's) was taken.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from laborers.models import Township
from survey_sync.columns import DEFAULT_COLUMNS, column_errors
from xiushan_jobs.lib.fields import PlainTextMixin
from xiushan_jobs.lib.scope import ScopedQuerySet


def default_columns() -> list[dict]:
    return [dict(column) for column in DEFAULT_COLUMNS]


class SyncProfile(PlainTextMixin, models.Model):
    name = models.CharField("名称", max_length=60, unique=True)
    columns = models.JSONField(
        "列设置",
        default=default_columns,
        help_text=(
            "按市级系统导入模板的顺序列出各列：source（数据来源）、header（列名）、"
            "required（市级系统必填，可选）、codes（值到代码的对照，可选）。"
        ),
    )
    is_default = models.BooleanField("默认", default=False)
    note = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "市级系统导入格式"
        verbose_name_plural = "市级系统导入格式"
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_sync_profile",
                violation_error_message="只能有一个默认格式。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = column_errors(self.columns)
        if errors:
            raise ValidationError({"columns": errors})


class SyncRunQuerySet(ScopedQuerySet):
    # County-wide runs (no township) are the county's; a township's are its officers'.
    township_lookup = "township"


class SyncRun(models.Model):
    class Mode(models.TextChoices):
        FULL = "full", "全部"
        DELTA = "delta", "仅变化部分"

    profile = models.ForeignKey(
        SyncProfile, verbose_name="导入格式", on_delete=models.PROTECT, related_name="runs"
    )
    township = models.ForeignKey(
        Township,
        verbose_name="范围",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="空：全县。",
    )
    mode = models.CharField("方式", max_length=8, choices=Mode.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT
    )
    #: the moment the rows were read; the next "changes only" file starts here
    taken_at = models.DateTimeField("数据截至", db_index=True)
    #: where this file's changes started (the previous run's ``taken_at``); empty: whole
    since = models.DateTimeField("变化起点", null=True, blank=True)
    rows = models.PositiveIntegerField("写入行数", default=0)
    removed = models.PositiveIntegerField("注销行数", default=0)
    #: laborers left out because the municipal system would refuse them: the next
    #: "changes only" file offers them again, fixed or not
    refused_ids = models.JSONField("未写入的劳动力", default=list, blank=True)
    file = models.FileField("文件", upload_to="sync/%Y/%m/")

    objects = SyncRunQuerySet.as_manager()

    class Meta:
        verbose_name = "同步记录"
        verbose_name_plural = "同步记录"
        ordering = ["-taken_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.area_label} {self.get_mode_display()} {self.taken_at:%Y-%m-%d %H:%M}"

    @property
    def area_label(self) -> str:
        return self.township.name if self.township_id else "全县"

    @property
    def refused(self) -> int:
        return len(self.refused_ids)
