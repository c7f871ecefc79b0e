"""Warning cases (预警处置): every warning a rule raises becomes a case someone owns, acts on
and closes; households have a responsible helper (帮扶责任人) the case goes to first."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.querysets import CaseQuerySet, HelperQuerySet, HouseholdHelperQuerySet
from laborers.models import Household, Laborer, Township, history
from xiushan_jobs.lib.fields import MobilePhoneField, PlainTextMixin, PlausibleDateField


class HelperUnit(models.TextChoices):
    WORK_TEAM = "驻村工作队", "驻村工作队"
    CADRE = "帮扶干部", "帮扶干部"
    INFO_OFFICER = "村扶贫信息员", "村扶贫信息员"


class Helper(PlainTextMixin, models.Model):
    """帮扶责任人: a user of the system or a named cadre who is not one."""

    township = models.ForeignKey(
        Township, verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="helpers"
    )
    name = models.CharField("姓名", max_length=30)
    phone = MobilePhoneField("联系电话", blank=True)
    unit = models.CharField("身份", max_length=10, choices=HelperUnit.choices)
    employer = models.CharField("工作单位", max_length=60, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="系统用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="helper_profiles",
        help_text="帮扶责任人本人是系统用户时填写：预警直接进入其待办。",
    )

    objects = HelperQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "帮扶责任人"
        verbose_name_plural = "帮扶责任人"
        ordering = ["township", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name", "phone"], name="helper_unique_in_township"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class HouseholdHelper(PlainTextMixin, models.Model):
    """Which helper is responsible for a household (one at a time)."""

    household = models.OneToOneField(
        Household, verbose_name="贫困户", on_delete=models.CASCADE, related_name="helper_link"
    )
    helper = models.ForeignKey(
        Helper, verbose_name="帮扶责任人", on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_on = PlausibleDateField("确定日期")

    objects = HouseholdHelperQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "户的帮扶责任人"
        verbose_name_plural = "户的帮扶责任人"

    def __str__(self) -> str:
        return f"{self.household} → {self.helper}"


class CaseRule(PlainTextMixin, models.Model):
    """A warning rule's handling terms, edited by the county in the admin. The condition
    itself is code (``cases.rules``), the one definition the warnings page also uses."""

    key = models.CharField("规则代码", max_length=40, unique=True, editable=False)
    name = models.CharField("预警名称", max_length=60)
    due_days = models.PositiveSmallIntegerField("限时办结（天）", default=15)
    escalate_after_days = models.PositiveSmallIntegerField(
        "逾期后报县督办（天）", default=7, help_text="逾期先提示乡镇，再过这么多天提示县局。"
    )
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    history = history()

    class Meta:
        verbose_name = "预警处置规则"
        verbose_name_plural = "预警处置规则"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    TO_VERIFY = "待核实", "待核实"
    HELPING = "帮扶中", "帮扶中"
    CLEARED = "已解除", "已解除"
    DISMISSED = "不予处置", "不予处置"

    @classmethod
    def open(cls) -> list[str]:
        return [cls.TO_VERIFY, cls.HELPING]


class DismissalReason(models.TextChoices):
    DECEASED = "去世", "去世"
    MOVED_OUT = "迁出", "迁出"
    INCAPABLE = "丧失劳动能力", "丧失劳动能力"
    OTHER = "其他", "其他（说明）"


class Case(PlainTextMixin, models.Model):
    """One warning for one subject (a laborer, or a household for 零就业家庭), while its
    condition lasts. ``cleared_on`` is empty while the condition holds: at most one such
    case per rule and subject (a dismissed case keeps blocking a new one until then)."""

    rule = models.ForeignKey(CaseRule, verbose_name="预警", on_delete=models.PROTECT)
    household = models.ForeignKey(
        Household, verbose_name="贫困户", on_delete=models.CASCADE, related_name="cases"
    )
    laborer = models.ForeignKey(
        Laborer,
        verbose_name="劳动力",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cases",
    )
    status = models.CharField(
        "状态", max_length=8, choices=CaseStatus.choices, default=CaseStatus.TO_VERIFY
    )
    opened_on = PlausibleDateField("预警日期")
    opened_event = models.CharField("触发", max_length=120, blank=True)
    due_on = PlausibleDateField("办结期限")
    escalate_on = PlausibleDateField("报县督办日期")
    helper = models.ForeignKey(
        Helper,
        verbose_name="帮扶责任人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任用户",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
        help_text="帮扶责任人的系统账号；没有则为村扶贫信息员；都没有则由乡镇处置。",
    )
    cleared_on = PlausibleDateField("解除日期", null=True, blank=True)
    cleared_event = models.CharField("解除原因", max_length=120, blank=True)
    dismissal_reason = models.CharField(
        "不予处置原因", max_length=10, choices=DismissalReason.choices, blank=True
    )
    dismissal_note = models.CharField("不予处置说明", max_length=200, blank=True)
    dismissal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请不予处置",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissal_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准不予处置",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dismissed_on = PlausibleDateField("不予处置日期", null=True, blank=True)
    supervised_on = PlausibleDateField("县局督办日期", null=True, blank=True)

    objects = CaseQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "预警处置"
        verbose_name_plural = "预警处置"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "laborer"],
                condition=Q(cleared_on__isnull=True, laborer__isnull=False),
                name="case_one_active_per_rule_laborer",
            ),
            models.UniqueConstraint(
                fields=["rule", "household"],
                condition=Q(cleared_on__isnull=True, laborer__isnull=True),
                name="case_one_active_per_rule_household",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="case_status_due")]

    def __str__(self) -> str:
        return f"{self.rule.name}：{self.subject_label}"

    @property
    def subject_label(self) -> str:
        if self.laborer_id:
            return self.laborer.name
        return f"户 {self.household.number}"

    @property
    def is_open(self) -> bool:
        return self.status in CaseStatus.open()

    @property
    def dismissal_pending(self) -> bool:
        return self.is_open and bool(self.dismissal_reason)

    def is_overdue(self, day: datetime.date) -> bool:
        return self.is_open and self.due_on < day

    def is_escalated(self, day: datetime.date) -> bool:
        return self.is_open and self.escalate_on <= day

    def days_to_clear(self) -> int | None:
        return (self.cleared_on - self.opened_on).days if self.cleared_on else None


class ActionKind(models.TextChoices):
    VERIFY = "核实", "核实走访"
    NOTE = "记录", "帮扶记录"
    SUPERVISE = "督办", "县局督办"
    DISMISS_REQUEST = "申请", "申请不予处置"
    DISMISS_APPROVE = "批准", "批准不予处置"
    DISMISS_REJECT = "驳回", "驳回不予处置"


class VerifyResult(models.TextChoices):
    CONFIRMED = "属实", "情况属实，开始帮扶"
    CHANGED = "已变化", "情况已变化，需更正登记信息"


class CaseAction(PlainTextMixin, models.Model):
    """What someone did on a case. Services, jobs and placements of the subject are not
    copied here: the case page reads them from the registry."""

    case = models.ForeignKey(
        Case, verbose_name="预警", on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField("类型", max_length=4, choices=ActionKind.choices)
    date = PlausibleDateField("日期")
    result = models.CharField("核实结果", max_length=6, choices=VerifyResult.choices, blank=True)
    text = models.TextField("内容", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    history = history()

    class Meta:
        verbose_name = "处置记录"
        verbose_name_plural = "处置记录"
        ordering = ["date", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"
