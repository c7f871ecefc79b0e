"""信息调度和通报: numbered bulletins on the plan's progress that rank the townships.

A draft is computed live as of its period's end. Issuing gives it the year's next number
and freezes it: the figures, the text and the Word document are kept with it, and later
changes to the records never alter an issued bulletin.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from laborers.models import Township, history
from xiushan_jobs.lib.clock import quarter_end, quarter_start
from xiushan_jobs.lib.fields import PlainTextMixin, PlausibleDateField
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import ScopedQuerySet, role_of


class BulletinQuerySet(ScopedQuerySet):
    """The county writes bulletins and leaders read them all; a township officer reads the
    issued ones that name their township."""

    def visible_to(self, user: Any) -> BulletinQuerySet:
        role = role_of(user)
        if role in (Role.COUNTY, Role.LEADER):
            return self.all()
        if role == Role.TOWNSHIP and user.township_id:
            return self.filter(
                status=Bulletin.Status.ISSUED, named_townships=user.township_id
            ).distinct()
        return self.none()

    def editable_by(self, user: Any) -> BulletinQuerySet:
        if role_of(user) == Role.COUNTY:
            return self.filter(status=Bulletin.Status.DRAFT)
        return self.none()


class Bulletin(PlainTextMixin, models.Model):
    class Period(models.TextChoices):
        MONTH = "month", "月度"
        QUARTER = "quarter", "季度"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("周期", max_length=8, choices=Period.choices)
    period_start = PlausibleDateField("起始日期")
    period_end = PlausibleDateField("截止日期", help_text="数据统计截至这一天。")
    title = models.CharField("标题", max_length=100)
    problems = models.TextField("问题与建议", blank=True)
    next_steps = models.TextField("下步工作", blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveSmallIntegerField("期数", null=True, blank=True, editable=False)
    #: the figures as issued (``bulletins.compile``); empty while a draft
    figures = models.JSONField("印发时数据", null=True, blank=True, editable=False)
    named_townships = models.ManyToManyField(
        Township, verbose_name="通报涉及的乡镇（街道）", blank=True, editable=False
    )
    docx = models.FileField("Word 文档", upload_to="bulletins/%Y/", blank=True, editable=False)
    pdf = models.FileField("PDF", upload_to="bulletins/%Y/", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    issued_at = models.DateTimeField("印发时间", null=True, blank=True, editable=False)

    objects = BulletinQuerySet.as_manager()
    history = history(excluded_fields=["figures"])

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                condition=Q(number__isnull=False),
                name="bulletin_number_unique_in_year",
                violation_error_message="本年度已有这一期通报。",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number or f"{self.title}（草稿）"

    @property
    def doc_number(self) -> str:
        """发文字号, e.g. 秀山就业扶贫通报〔2020〕第 9 期; empty before issue."""
        if self.number is None:
            return ""
        return f"{settings.XJ_COUNTY_SHORT_NAME}就业扶贫通报〔{self.year}〕第 {self.number} 期"

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def period_label(self) -> str:
        if self.period == self.Period.QUARTER:
            return f"{self.year}年第{(self.period_start.month - 1) // 3 + 1}季度"
        return f"{self.year}年{self.period_start.month}月"


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The month or quarter ``day`` falls in."""
    if period == Bulletin.Period.QUARTER:
        return quarter_start(day), quarter_end(day)
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)
