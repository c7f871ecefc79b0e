"""Poverty-alleviation workshops (就业扶贫车间) and public-welfare posts (公益性岗位): the two
local-placement channels of the plan (seed 二(二), 二(六), 二(八)).

A placement *is* an employment episode of the registry (kind 扶贫车间 or 公益性岗位) linked
to its site from this side, because the dependency points workshops → laborers:
``WorkshopPlacement`` and ``PostPlacement`` each hold a one-to-one link to the episode and a
non-null link to the site. Two small tables rather than one with two nullable foreign keys:
each site's ``placements`` is a plain reverse relation, no check constraint is needed to
say "exactly one site", and the laborer page pays one extra (constant) query for it.
Dates, pay and the open/closed state live on the episode, with its history.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, Min, Q

from laborers.models import EmploymentEpisode, Village, history
from workshops import choices
from workshops.querysets import (
    PostPlacementQuerySet,
    PostQuerySet,
    WorkshopPartQuerySet,
    WorkshopPlacementQuerySet,
    WorkshopQuerySet,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.fields import MobilePhoneField, PlainTextMixin, PlausibleDateField
from xiushan_jobs.lib.text import clean_text

CLEANED_TEXT_FIELDS = ("name", "operator_name", "contact_name", "address", "products")


def _placement_bounds(placements: models.QuerySet) -> dict:
    """Earliest start, latest end and number of open placements, in one query."""
    return placements.aggregate(
        first_start=Min("episode__start_date"),
        last_end=Max("episode__end_date"),
        open=models.Count("pk", filter=Q(episode__end_date__isnull=True)),
    )


class Workshop(PlainTextMixin, models.Model):
    name = models.CharField("车间名称", max_length=80)
    operator_kind = models.CharField(
        "创建主体类型", max_length=10, choices=choices.OperatorKind.choices
    )
    operator_name = models.CharField("经营主体", max_length=80)
    contact_name = models.CharField("负责人", max_length=30)
    contact_phone = MobilePhoneField("负责人手机", blank=True)
    village = models.ForeignKey(
        Village,
        verbose_name="所在村（社区）或安置点",
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    address = models.CharField("详细地址", max_length=80, blank=True)
    industry = models.CharField("所属产业", max_length=10, choices=choices.Industry.choices)
    products = models.CharField("主要产品", max_length=80, blank=True)
    established_on = PlausibleDateField("建成日期")
    status = models.CharField(
        "认定状态",
        max_length=4,
        choices=choices.RecognitionStatus.choices,
        default=choices.RecognitionStatus.APPLYING,
    )
    recognised_on = PlausibleDateField("认定日期", null=True, blank=True)
    delisted_on = PlausibleDateField("摘牌日期", null=True, blank=True)
    jobs_offered = models.PositiveIntegerField(
        "就业岗位（个）", help_text="车间提供的全部就业岗位，含非贫困人员岗位。"
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = WorkshopQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "就业扶贫车间"
        verbose_name_plural = "就业扶贫车间"
        ordering = ["village__township__sort_order", "village__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="workshop_unique_name_in_village",
                violation_error_message="同一村（社区）已有同名的扶贫车间。",
            ),
            models.CheckConstraint(
                condition=Q(jobs_offered__gte=1),
                name="workshop_offers_jobs",
                violation_error_message="就业岗位至少为 1 个。",
            ),
            models.CheckConstraint(
                condition=Q(status=choices.RecognitionStatus.APPLYING)
                | Q(recognised_on__isnull=False),
                name="workshop_recognised_has_date",
                violation_error_message="已认定或已摘牌的车间必须填写认定日期。",
            ),
            models.CheckConstraint(
                condition=~Q(status=choices.RecognitionStatus.DELISTED)
                | Q(delisted_on__isnull=False),
                name="workshop_delisted_has_date",
                violation_error_message="已摘牌的车间必须填写摘牌日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def township(self):
        return self.village.township

    @property
    def at_resettlement_site(self) -> bool:
        return self.village.is_resettlement_site

    @property
    def accepts_placements(self) -> bool:
        return self.status != choices.RecognitionStatus.DELISTED

    def clean(self) -> None:
        for field in CLEANED_TEXT_FIELDS:
            setattr(self, field, clean_text(getattr(self, field)))
        errors: dict[str, str] = {}
        day = today()
        if self.established_on and self.established_on > day:
            errors["established_on"] = "建成日期不能晚于今天。"
        if self.status == choices.RecognitionStatus.APPLYING:
            self.recognised_on = None
            self.delisted_on = None
        elif not self.recognised_on:
            errors["recognised_on"] = f"“{self.status}”的车间必须填写认定日期。"
        if self.status == choices.RecognitionStatus.RECOGNISED:
            self.delisted_on = None
        elif self.status == choices.RecognitionStatus.DELISTED and not self.delisted_on:
            errors["delisted_on"] = "已摘牌的车间必须填写摘牌日期。"
        if self.recognised_on:
            if self.recognised_on > day:
                errors["recognised_on"] = "认定日期不能晚于今天。"
            elif self.established_on and self.recognised_on < self.established_on:
                errors["recognised_on"] = "认定日期不能早于建成日期。"
        if self.delisted_on:
            if self.delisted_on > day:
                errors["delisted_on"] = "摘牌日期不能晚于今天。"
            elif self.recognised_on and self.delisted_on < self.recognised_on:
                errors["delisted_on"] = "摘牌日期不能早于认定日期。"
        errors.update(self.placement_conflicts())
        if errors:
            raise ValidationError(errors)

    def placement_conflicts(self) -> dict[str, str]:
        """Changes that would contradict the placements already recorded: fewer jobs than
        poor laborers working here now, an establishment date after a placement began, or
        delisting while people still work here (or before their last day)."""
        if self.pk is None:
            return {}
        bounds = _placement_bounds(WorkshopPlacement.objects.filter(workshop_id=self.pk))
        errors = {}
        if self.jobs_offered is not None and self.jobs_offered < bounds["open"]:
            errors["jobs_offered"] = (
                f"目前有 {bounds['open']} 名贫困劳动力在此就业，"
                f"就业岗位不能少于 {bounds['open']} 个。"
            )
        first = bounds["first_start"]
        if self.established_on and first and self.established_on > first:
            errors["established_on"] = f"已有安置从 {first:%Y-%m-%d} 开始，建成日期不能晚于该日。"
        if self.status == choices.RecognitionStatus.DELISTED:
            if bounds["open"]:
                errors["status"] = (
                    f"还有 {bounds['open']} 名贫困劳动力在此就业：请先为他们办理离岗，再摘牌。"
                )
            elif self.delisted_on and bounds["last_end"] and self.delisted_on < bounds["last_end"]:
                errors["delisted_on"] = (
                    f"已有安置到 {bounds['last_end']:%Y-%m-%d} 才结束，摘牌日期不能早于该日。"
                )
        return errors


class WorkshopFunding(PlainTextMixin, models.Model):
    """Money or equipment a workshop received: integrated agricultural funds (财政涉农资金,
    the plan's 1,000,000 yuan for five workshops) or Shandong assistance (鲁渝援建, mostly
    machines and equipment)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="扶贫车间", on_delete=models.PROTECT, related_name="fundings"
    )
    source = models.CharField("资金来源", max_length=8, choices=choices.FundingSource.choices)
    amount = models.DecimalField(
        "金额（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    date = PlausibleDateField("到位日期")
    equipment = models.CharField(
        "援建设备",
        max_length=200,
        blank=True,
        help_text="鲁渝援建购置的机器设备，如“缝纫机 30 台”。",
    )
    document_number = models.CharField("批复文号", max_length=60, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = WorkshopPartQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "扶贫车间资金支持"
        verbose_name_plural = "扶贫车间资金支持"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="funding_amount_positive",
                violation_error_message="金额必须大于 0。",
            ),
            models.CheckConstraint(
                condition=~Q(source=choices.FundingSource.AGRICULTURAL) | Q(amount__isnull=False),
                name="funding_agricultural_has_amount",
                violation_error_message="财政涉农资金必须填写金额。",
            ),
            models.CheckConstraint(
                condition=~Q(source=choices.FundingSource.SHANDONG) | ~Q(equipment=""),
                name="funding_shandong_has_equipment",
                violation_error_message="鲁渝援建必须填写援建设备。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        self.equipment = clean_text(self.equipment)
        self.document_number = clean_text(self.document_number)
        self.note = clean_text(self.note)
        errors: dict[str, str] = {}
        if self.source == choices.FundingSource.AGRICULTURAL and self.amount is None:
            errors["amount"] = "财政涉农资金必须填写金额。"
        if self.source == choices.FundingSource.SHANDONG and not self.equipment:
            errors["equipment"] = "鲁渝援建必须填写援建设备。"
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "金额必须大于 0。"
        if self.date and self.date > today():
            errors["date"] = "到位日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)


def attachment_path(instance: WorkshopAttachment, filename: str) -> str:
    """A generated name: nothing of what the uploader typed reaches the file system. The
    extension comes from the detected content type (``filename`` is ignored)."""
    suffix = PurePath(filename).suffix.lower()
    return f"workshops/{instance.workshop_id}/{uuid.uuid4().hex}{suffix}"


class WorkshopAttachment(PlainTextMixin, models.Model):
    """A photo or document of a workshop (recognition papers, photos of the site). Files
    are checked by content, stored under generated names and served only through a view
    that checks the workshop is visible to the user."""

    workshop = models.ForeignKey(
        Workshop, verbose_name="扶贫车间", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=2, choices=choices.AttachmentKind.choices)
    title = models.CharField("说明", max_length=80, blank=True)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("内容类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = WorkshopPartQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "扶贫车间照片和文件"
        verbose_name_plural = "扶贫车间照片和文件"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Post(PlainTextMixin, models.Model):
    """A public-welfare post (公益性岗位) with a number of positions, in a village."""

    name = models.CharField("岗位名称", max_length=60)
    kind = models.CharField("岗位类型", max_length=6, choices=choices.PostKind.choices)
    department = models.CharField("开发部门", max_length=4, choices=choices.Department.choices)
    village = models.ForeignKey(
        Village, verbose_name="所在村（社区）", on_delete=models.PROTECT, related_name="posts"
    )
    positions = models.PositiveSmallIntegerField("岗位数（个）")
    monthly_subsidy = models.DecimalField("月补贴（元）", max_digits=8, decimal_places=2)
    funding_source = models.CharField(
        "补贴资金来源", max_length=10, choices=choices.PostFunding.choices
    )
    start_date = PlausibleDateField("岗位开始日期")
    end_date = PlausibleDateField(
        "岗位结束日期", null=True, blank=True, help_text="临时性岗位填写；长期岗位留空。"
    )
    duties = models.CharField("工作内容", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PostQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "公益性岗位"
        verbose_name_plural = "公益性岗位"
        ordering = ["village__township__sort_order", "village__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="post_unique_name_in_village",
                violation_error_message="同一村（社区）已有同名的公益性岗位。",
            ),
            models.CheckConstraint(
                condition=Q(positions__gte=1),
                name="post_has_positions",
                violation_error_message="岗位数至少为 1 个。",
            ),
            models.CheckConstraint(
                condition=Q(monthly_subsidy__gte=0),
                name="post_subsidy_not_negative",
                violation_error_message="月补贴不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="post_end_after_start",
                violation_error_message="岗位结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def township(self):
        return self.village.township

    def in_period_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def period_label(self) -> str:
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else "长期"
        return f"{self.start_date:%Y-%m-%d} 至 {end}"

    def clean(self) -> None:
        self.name = clean_text(self.name)
        self.duties = clean_text(self.duties)
        errors: dict[str, str] = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "岗位结束日期不能早于开始日期。"
        if self.monthly_subsidy is not None and self.monthly_subsidy < 0:
            errors["monthly_subsidy"] = "月补贴不能为负数。"
        if self.start_date and self.start_date.year < 2014:
            errors["start_date"] = "岗位开始日期不合理。"
        errors.update({k: v for k, v in self.placement_conflicts().items() if k not in errors})
        if errors:
            raise ValidationError(errors)

    def placement_conflicts(self) -> dict[str, str]:
        """Changes that would contradict recorded placements: fewer positions than people in
        post, or a period that no longer covers a placement."""
        if self.pk is None:
            return {}
        bounds = _placement_bounds(PostPlacement.objects.filter(post_id=self.pk))
        errors = {}
        if self.positions is not None and self.positions < bounds["open"]:
            errors["positions"] = (
                f"目前有 {bounds['open']} 人在岗，岗位数不能少于 {bounds['open']} 个。"
            )
        first = bounds["first_start"]
        if self.start_date and first and self.start_date > first:
            errors["start_date"] = f"已有安置从 {first:%Y-%m-%d} 开始，岗位开始日期不能晚于该日。"
        if self.end_date:
            if bounds["open"] and self.end_date < today():
                errors["end_date"] = (
                    f"还有 {bounds['open']} 人在岗：请先为他们办理离岗，"
                    "再把岗位结束日期设在今天之前。"
                )
            elif bounds["last_end"] and self.end_date < bounds["last_end"]:
                errors["end_date"] = (
                    f"已有安置到 {bounds['last_end']:%Y-%m-%d} 才结束，岗位结束日期不能早于该日。"
                )
        return errors


class Placement(models.Model):
    """The link from an employment episode to the site it happens at."""

    episode = models.OneToOneField(
        EmploymentEpisode,
        verbose_name="就业经历",
        on_delete=models.CASCADE,
        # episode.workshopplacement / episode.postplacement; lookups of the same names
        related_name="%(class)s",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安置人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("安置登记时间", auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        return self.episode.end_date is None


class WorkshopPlacement(Placement):
    workshop = models.ForeignKey(
        Workshop, verbose_name="扶贫车间", on_delete=models.PROTECT, related_name="placements"
    )

    objects = WorkshopPlacementQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "扶贫车间安置"
        verbose_name_plural = "扶贫车间安置"
        ordering = ["-episode__start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.episode}"

    @property
    def site(self) -> Workshop:
        return self.workshop


class PostPlacement(Placement):
    post = models.ForeignKey(
        Post, verbose_name="公益性岗位", on_delete=models.PROTECT, related_name="placements"
    )

    objects = PostPlacementQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "公益性岗位安置"
        verbose_name_plural = "公益性岗位安置"
        ordering = ["-episode__start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.post} · {self.episode}"

    @property
    def site(self) -> Post:
        return self.post
