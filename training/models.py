"""Skills training (技能培训: seed 二(三), 二(八), 二(九)) and entrepreneurship support
(创业扶持: seed 二(四)).

Training: a ``TrainingClass`` of a ``Trade`` (an editable list) has ``Enrollment`` rows, each
either a registered poor laborer or a non-poor trainee known by name and ID number (real
classes mix both). Subsidies follow rectification item 57 (appendix 2): each class sets a
daily rate for poor and for non-poor trainees, the poor rate higher, and a class paid from
East-West cooperation funds pays non-poor trainees nothing. The rule is a model rule
(``clean``) and a database constraint, so forms, the admin and imports all obey it.

Entrepreneurship: a pool of ``Mentor``\\s giving ``GuidanceSession``\\s to laborers,
guaranteed business loans (``BusinessLoan``), and free incubation ``WorkStation``\\s for poor
college graduates with their ``StationOccupancy`` periods.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from laborers.models import Laborer, Program, Service, Township, history
from training import choices
from training.choices import RECTIFICATION_57, ClassStatus, FundingSource, LoanStatus
from training.querysets import (
    BusinessLoanQuerySet,
    CountyResourceQuerySet,
    EnrollmentQuerySet,
    GuidanceParticipantQuerySet,
    GuidanceSessionQuerySet,
    StationOccupancyQuerySet,
    TradeQuerySet,
    TrainingClassQuerySet,
    WorkStationQuerySet,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.fields import (
    IdNumberField,
    MobilePhoneField,
    PlainTextMixin,
    PlausibleDateField,
)
from xiushan_jobs.lib.text import clean_text

MONEY = {"max_digits": 8, "decimal_places": 2}
EARLIEST = datetime.date(2014, 1, 1)

SUBSIDY_MUST_DIFFER = (
    f"贫困学员与非贫困学员的补贴标准必须区别对待，贫困学员应高于非贫困学员"
    f"（{RECTIFICATION_57}：不撒“胡椒面”、不搞“一刀切”）。"
)
EAST_WEST_NO_NON_POOR = (
    f"东西部扶贫协作资金不得用于非贫困户补助（{RECTIFICATION_57}）：本班由东西部扶贫协作资金"
    "支付，非贫困学员补贴标准应为 0。"
)
EAST_WEST_NON_POOR_NOTE = (
    f"东西部扶贫协作资金不得用于非贫困户补助（{RECTIFICATION_57}），该学员不发放培训补贴。"
)


def _clean_texts(obj: models.Model, *names: str) -> None:
    for name in names:
        setattr(obj, name, clean_text(getattr(obj, name)))


# --- training ------------------------------------------------------------------------------


class Trade(PlainTextMixin, models.Model):
    """工种: the county's list of training trades, edited by the bureau in the admin."""

    name = models.CharField("工种", max_length=30, unique=True)
    description = models.CharField("说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = TradeQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "培训工种"
        verbose_name_plural = "培训工种"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = clean_text(self.name).replace(" ", "")


class TrainingClass(PlainTextMixin, models.Model):
    #: The fields people fill in, in the order every form and export shows them.
    EDITABLE_FIELDS = (
        "name",
        "trade",
        "format",
        "program",
        "funding_source",
        "township",
        "organizer",
        "place",
        "start_date",
        "end_date",
        "hours",
        "planned_trainees",
        "status",
        "poor_daily_subsidy",
        "non_poor_daily_subsidy",
        "note",
    )
    name = models.CharField("培训班名称", max_length=80)
    trade = models.ForeignKey(
        Trade, verbose_name="工种", on_delete=models.PROTECT, related_name="classes"
    )
    format = models.CharField("办班方式", max_length=8, choices=choices.TrainingFormat.choices)
    organizer = models.CharField("承办单位", max_length=80, help_text="培训机构或承办部门。")
    program = models.ForeignKey(
        Program,
        verbose_name="协作项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_classes",
        help_text="鲁渝劳务协作、合川区对口帮扶；空表示本县自办。",
    )
    funding_source = models.CharField(
        "资金来源", max_length=12, choices=choices.FundingSource.choices
    )
    township = models.ForeignKey(
        Township,
        verbose_name="举办乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_classes",
        help_text="空表示县级培训班，各乡镇均可组织劳动力参加。",
    )
    place = models.CharField("培训地点", max_length=80)
    start_date = PlausibleDateField("开班日期")
    end_date = PlausibleDateField("结业日期")
    hours = models.PositiveSmallIntegerField("课时")
    planned_trainees = models.PositiveIntegerField("计划培训人数", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=4, choices=ClassStatus.choices, default=ClassStatus.PLANNED
    )
    poor_daily_subsidy = models.DecimalField(
        "贫困学员补贴（元/天）", **MONEY, help_text="建档立卡贫困劳动力每参训一天的补贴。"
    )
    non_poor_daily_subsidy = models.DecimalField(
        "非贫困学员补贴（元/天）",
        **MONEY,
        help_text="须低于贫困学员标准；东西部扶贫协作资金支付的班级为 0（整改第57项）。",
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TrainingClassQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="class_ends_after_start",
                violation_error_message="结业日期不能早于开班日期。",
            ),
            models.CheckConstraint(
                condition=Q(non_poor_daily_subsidy__gte=0)
                & Q(poor_daily_subsidy__gt=F("non_poor_daily_subsidy")),
                name="class_subsidy_favours_the_poor",
                violation_error_message=SUBSIDY_MUST_DIFFER,
            ),
            models.CheckConstraint(
                condition=~Q(funding_source=FundingSource.EAST_WEST) | Q(non_poor_daily_subsidy=0),
                name="class_east_west_funds_pay_only_the_poor",
                violation_error_message=EAST_WEST_NO_NON_POOR,
            ),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"], name="class_dates")]

    def __str__(self) -> str:
        return self.name

    @property
    def days(self) -> int:
        """Calendar days from the first to the last day of the class."""
        if not (self.start_date and self.end_date):
            return 0
        return (self.end_date - self.start_date).days + 1

    @property
    def is_east_west_funded(self) -> bool:
        return self.funding_source == FundingSource.EAST_WEST

    @property
    def is_county_level(self) -> bool:
        return self.township_id is None

    def daily_rate(self, *, poor: bool) -> Decimal:
        """What a trainee is owed per day attended: the poor rate, the non-poor rate, or
        nothing for a non-poor trainee paid from East-West cooperation funds (item 57)."""
        if poor:
            return self.poor_daily_subsidy
        if self.is_east_west_funded:
            return Decimal(0)
        return self.non_poor_daily_subsidy

    def subsidy_errors(self) -> dict[str, str]:
        """Rectification item 57 on this class's rates: differentiated, the poor higher,
        and no East-West cooperation money for non-poor trainees."""
        poor, non_poor = self.poor_daily_subsidy, self.non_poor_daily_subsidy
        if poor is None or non_poor is None:
            return {}
        errors = {}
        if poor < 0:
            errors["poor_daily_subsidy"] = "补贴标准不能为负数。"
        if non_poor < 0:
            errors["non_poor_daily_subsidy"] = "补贴标准不能为负数。"
        if errors:
            return errors
        if self.is_east_west_funded and non_poor > 0:
            errors["non_poor_daily_subsidy"] = EAST_WEST_NO_NON_POOR
        elif poor <= non_poor:
            errors["poor_daily_subsidy"] = SUBSIDY_MUST_DIFFER
        return errors

    def clean(self) -> None:
        _clean_texts(self, "name", "organizer", "place")
        errors: dict[str, str] = {}
        day = today()
        if self.start_date and self.start_date < EARLIEST:
            errors["start_date"] = "开班日期不合理。"
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = "结业日期不能早于开班日期。"
            elif self.days > 366:
                errors["end_date"] = "一期培训班不超过一年：请分期登记。"
        if self.status == ClassStatus.RUNNING and self.start_date and self.start_date > day:
            errors["status"] = f"开班日期 {self.start_date:%Y-%m-%d} 还没到，状态应为“筹备中”。"
        if self.status == ClassStatus.FINISHED and self.end_date and self.end_date > day:
            errors["status"] = f"结业日期 {self.end_date:%Y-%m-%d} 还没到，不能标记为“已结业”。"
        if self.hours is not None and self.hours < 1:
            errors["hours"] = "课时至少为 1。"
        errors.update(self.subsidy_errors())
        errors.update(self.enrollment_conflicts())
        if errors:
            raise ValidationError(errors)

    def enrollment_conflicts(self) -> dict[str, str]:
        """Changes that would contradict what was recorded of the trainees: completions in
        a class no longer finished, attendance in a class not started, or more days
        attended than the class now lasts. One aggregate query."""
        if self.pk is None:
            return {}
        recorded = Enrollment.objects.filter(training_class_id=self.pk).aggregate(
            completed=models.Count("pk", filter=Q(completed=True)),
            attended=models.Count("pk", filter=Q(days_attended__gt=0)),
            most_days=models.Max("days_attended"),
        )
        errors = {}
        if recorded["completed"] and self.status != ClassStatus.FINISHED:
            errors["status"] = (
                f"已有 {recorded['completed']} 名学员登记结业，状态只能是“已结业”："
                "如确需更改，请先修改学员的结业登记。"
            )
        elif recorded["attended"] and self.status not in ClassStatus.started():
            errors["status"] = (
                f"已有 {recorded['attended']} 名学员登记了出勤天数，班级不能改为"
                f"“{self.status}”：如确需更改，请先修改学员的出勤天数。"
            )
        most = recorded["most_days"] or 0
        if self.start_date and self.end_date and most > self.days:
            errors["end_date"] = f"已有学员出勤 {most} 天，培训期（{self.days} 天）不能短于该天数。"
        return errors


class Enrollment(PlainTextMixin, models.Model):
    """A trainee of a class: a registered poor laborer (``laborer``), or a non-poor trainee
    known by name and ID number (and phone)."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班", on_delete=models.PROTECT, related_name="enrollments"
    )
    laborer = models.ForeignKey(
        Laborer,
        verbose_name="贫困劳动力",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    name = models.CharField("姓名（非贫困学员）", max_length=30, blank=True)
    id_number = IdNumberField("身份证号码（非贫困学员）", blank=True, db_index=True)
    phone = MobilePhoneField("联系电话（非贫困学员）", blank=True)
    days_attended = models.PositiveSmallIntegerField("出勤天数", default=0)
    completed = models.BooleanField("结业", default=False)
    skill = models.CharField(
        "取得证书或掌握技能",
        max_length=60,
        blank=True,
        help_text="如“中式烹调师（五级）职业技能等级证书”或“掌握苗绣基本针法”；结业后填写。",
    )
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnrollmentQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "培训学员"
        verbose_name_plural = "培训学员"
        ordering = ["training_class", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "laborer"],
                condition=Q(laborer__isnull=False),
                name="enrollment_laborer_once_per_class",
                violation_error_message="该劳动力已是本班学员。",
            ),
            models.UniqueConstraint(
                fields=["training_class", "id_number"],
                condition=Q(laborer__isnull=True),
                name="enrollment_trainee_once_per_class",
                violation_error_message="该身份证号码已是本班学员。",
            ),
            models.CheckConstraint(
                condition=(Q(laborer__isnull=False) & Q(name="") & Q(id_number=""))
                | (Q(laborer__isnull=True) & ~Q(name="") & ~Q(id_number="")),
                name="enrollment_poor_or_named_trainee",
                violation_error_message="非贫困学员须填写姓名和身份证号码；贫困劳动力不另填。",
            ),
            models.CheckConstraint(
                condition=Q(skill="") | Q(completed=True),
                name="enrollment_skill_after_completion",
                violation_error_message="结业后才能登记取得的证书或技能。",
            ),
        ]
        indexes = [models.Index(fields=["laborer", "training_class"], name="enrollment_laborer")]

    def __str__(self) -> str:
        return f"{self.trainee_name} · {self.training_class}"

    @property
    def is_poor(self) -> bool:
        return self.laborer_id is not None

    @property
    def trainee_name(self) -> str:
        return self.laborer.name if self.laborer_id else self.name

    @property
    def trainee_id_number(self) -> str:
        return self.laborer.id_number if self.laborer_id else self.id_number

    @property
    def daily_rate(self) -> Decimal:
        return self.training_class.daily_rate(poor=self.is_poor)

    @property
    def subsidy(self) -> Decimal:
        return self.daily_rate * self.days_attended

    @property
    def subsidy_note(self) -> str:
        """Why a trainee is owed nothing although they attended (item 57), else empty."""
        if not self.is_poor and self.training_class.is_east_west_funded:
            return EAST_WEST_NON_POOR_NOTE
        return ""

    def clean_fields(self, exclude=None) -> None:
        self.name = clean_text(self.name).replace(" ", "")
        super().clean_fields(exclude)

    def check_rules(self) -> dict[str, str]:
        """The rules of one enrollment, without a query (the class must be loaded): imports
        run them on every row, ``clean`` adds the one check that needs the registry."""
        _clean_texts(self, "skill", "certificate_number", "note")
        errors: dict[str, str] = {}
        if self.laborer_id:
            self.name, self.id_number, self.phone = "", "", ""
        else:
            if not self.name:
                errors["name"] = "非贫困学员须填写姓名。"
            if not self.id_number:
                errors["id_number"] = "非贫困学员须填写身份证号码。"
        if self.skill and not self.completed:
            errors["skill"] = "结业后才能登记取得的证书或技能：请同时勾选“结业”。"
        if self.certificate_number and not self.skill:
            errors["certificate_number"] = "填写证书编号时，请同时填写取得的证书或技能。"
        klass = self.training_class if self.training_class_id else None
        if klass is None:
            return errors
        if klass.status == ClassStatus.CANCELLED:
            errors["__all__"] = "培训班已取消，不能登记或修改学员。"
            return errors
        if self.days_attended and klass.status not in ClassStatus.started():
            errors["days_attended"] = "培训班尚未开班（筹备中），出勤天数应为 0。"
        elif self.days_attended > klass.days:
            errors["days_attended"] = (
                f"出勤天数不能超过培训期 {klass.days} 天"
                f"（{klass.start_date:%Y-%m-%d} 至 {klass.end_date:%Y-%m-%d}）。"
            )
        if self.completed and klass.status != ClassStatus.FINISHED:
            errors["completed"] = "培训班结业（状态为“已结业”）后才能登记学员结业。"
        return errors

    def clean(self) -> None:
        errors = self.check_rules()
        if (
            not self.laborer_id
            and self.id_number
            and "id_number" not in errors
            and Laborer.objects.filter(id_number=self.id_number).exists()
        ):
            errors["id_number"] = REGISTERED_AS_POOR
        if errors:
            raise ValidationError(errors)


REGISTERED_AS_POOR = (
    "该身份证号码已登记为建档立卡贫困劳动力：请按贫困劳动力报名（按贫困学员标准计算补贴），"
    "不能作为非贫困学员登记。"
)


# --- entrepreneurship ---------------------------------------------------------------------


class Mentor(PlainTextMixin, models.Model):
    """创业导师库 (seed 二(四)): a county-level pool the bureau maintains."""

    name = models.CharField("姓名", max_length=30)
    specialty = models.CharField(
        "指导领域", max_length=40, help_text="如电子商务、种植养殖、乡村旅游。"
    )
    organization = models.CharField("工作单位", max_length=80, blank=True)
    title = models.CharField("职称或职务", max_length=40, blank=True)
    phone = MobilePhoneField("联系电话", blank=True)
    is_active = models.BooleanField(
        "在库", default=True, help_text="退出导师库的导师不再安排指导。"
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)

    objects = CountyResourceQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "创业导师"
        verbose_name_plural = "创业导师"
        ordering = ["-is_active", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.specialty}）"

    def clean(self) -> None:
        self.name = clean_text(self.name).replace(" ", "")
        _clean_texts(self, "specialty", "organization", "title")


class GuidanceSession(PlainTextMixin, models.Model):
    """One guidance (创业指导) by a mentor: one laborer (一对一) or several (多对一)."""

    mentor = models.ForeignKey(
        Mentor, verbose_name="创业导师", on_delete=models.PROTECT, related_name="sessions"
    )
    date = PlausibleDateField("指导日期")
    mode = models.CharField("指导方式", max_length=4, choices=choices.GuidanceMode.choices)
    kind = models.CharField(
        "指导内容",
        max_length=4,
        choices=choices.GuidanceKind.choices,
        default=choices.GuidanceKind.EXPERT,
    )
    topic = models.CharField("主题", max_length=120)
    place = models.CharField("地点", max_length=80, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = GuidanceSessionQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "创业指导"
        verbose_name_plural = "创业指导"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.topic}"

    def clean(self) -> None:
        _clean_texts(self, "topic", "place")
        errors = {}
        if self.date and self.date > today():
            errors["date"] = "指导日期不能晚于今天。"
        elif self.date and self.date < EARLIEST:
            errors["date"] = "指导日期不合理。"
        if errors:
            raise ValidationError(errors)

    def participant_errors(self, count: int) -> dict[str, str]:
        """一对一 is one laborer; 多对一 several."""
        if count < 1:
            return {"laborers": "请至少选择一名接受指导的劳动力。"}
        if self.mode == choices.GuidanceMode.ONE_TO_ONE and count != 1:
            return {"mode": f"“一对一”指导只有一名劳动力（已选 {count} 名）：请改为“多对一”。"}
        if self.mode == choices.GuidanceMode.MANY_TO_ONE and count < 2:
            return {"mode": "“多对一”指导至少有两名劳动力：只有一名时请选择“一对一”。"}
        return {}


class GuidanceParticipant(models.Model):
    """A laborer at a guidance session. The session is also one targeted service
    (创业指导) of the laborer, kept in step by ``training.services``."""

    session = models.ForeignKey(
        GuidanceSession,
        verbose_name="创业指导",
        on_delete=models.CASCADE,
        related_name="participants",
    )
    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.PROTECT, related_name="guidance"
    )
    service = models.OneToOneField(
        Service,
        verbose_name="对应的针对性服务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guidance_participant",
    )

    objects = GuidanceParticipantQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "接受创业指导的劳动力"
        verbose_name_plural = "接受创业指导的劳动力"
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "laborer"], name="guidance_laborer_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.laborer} · {self.session}"


class BusinessLoan(PlainTextMixin, models.Model):
    """创业担保贷款 (seed 二(四)): from application to repayment."""

    #: The fields people fill in (the laborer is chosen apart), in the order the form and
    #: the back office's import/export show them.
    EDITABLE_FIELDS = (
        "bank",
        "amount",
        "project",
        "status",
        "applied_on",
        "disbursed_on",
        "due_on",
        "repaid_on",
        "note",
    )

    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.PROTECT, related_name="business_loans"
    )
    bank = models.CharField("承贷银行", max_length=40)
    amount = models.DecimalField("贷款金额（元）", max_digits=10, decimal_places=2)
    project = models.CharField("创业项目", max_length=80)
    applied_on = PlausibleDateField("申请日期")
    disbursed_on = PlausibleDateField("发放日期", null=True, blank=True)
    due_on = PlausibleDateField("到期日期", null=True, blank=True)
    repaid_on = PlausibleDateField("还清日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=4, choices=LoanStatus.choices, default=LoanStatus.APPLIED
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = BusinessLoanQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "创业担保贷款"
        verbose_name_plural = "创业担保贷款"
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="loan_amount_positive",
                violation_error_message="贷款金额应大于 0。",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=LoanStatus.disbursed())
                | (Q(disbursed_on__isnull=False) & Q(due_on__isnull=False)),
                name="loan_disbursed_has_dates",
                violation_error_message="已发放的贷款须填写发放日期和到期日期。",
            ),
            models.CheckConstraint(
                condition=~Q(status=LoanStatus.REPAID) | Q(repaid_on__isnull=False),
                name="loan_repaid_has_date",
                violation_error_message="已还清的贷款须填写还清日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.laborer} {self.bank} {self.amount}"

    @property
    def is_past_due(self) -> bool:
        """Paid out, not repaid, due date passed (as ``BusinessLoanQuerySet.past_due``)."""
        return (
            self.status in (LoanStatus.DISBURSED, LoanStatus.OVERDUE)
            and self.due_on is not None
            and self.due_on < today()
        )

    def clean(self) -> None:
        _clean_texts(self, "bank", "project")
        errors: dict[str, str] = {}
        day = today()
        status = self.status
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = "贷款金额应大于 0。"
        if self.applied_on:
            if self.applied_on > day:
                errors["applied_on"] = "申请日期不能晚于今天。"
            elif self.applied_on < EARLIEST:
                errors["applied_on"] = "申请日期不合理。"
        if status in (LoanStatus.APPLIED, LoanStatus.DECLINED):
            self.disbursed_on = self.due_on = self.repaid_on = None
        else:
            if not self.disbursed_on:
                errors["disbursed_on"] = f"“{status}”的贷款须填写发放日期。"
            elif self.disbursed_on > day:
                errors["disbursed_on"] = "发放日期不能晚于今天。"
            elif self.applied_on and self.disbursed_on < self.applied_on:
                errors["disbursed_on"] = "发放日期不能早于申请日期。"
            if not self.due_on:
                errors["due_on"] = f"“{status}”的贷款须填写到期日期。"
            elif self.disbursed_on and self.due_on <= self.disbursed_on:
                errors["due_on"] = "到期日期应晚于发放日期。"
        if status == LoanStatus.REPAID:
            if not self.repaid_on:
                errors["repaid_on"] = "已还清的贷款须填写还清日期。"
            elif self.repaid_on > day:
                errors["repaid_on"] = "还清日期不能晚于今天。"
            elif self.disbursed_on and self.repaid_on < self.disbursed_on:
                errors["repaid_on"] = "还清日期不能早于发放日期。"
        elif status in (LoanStatus.DISBURSED, LoanStatus.OVERDUE):
            self.repaid_on = None
        if status == LoanStatus.OVERDUE and self.due_on and self.due_on >= day:
            errors["status"] = f"到期日期 {self.due_on:%Y-%m-%d} 还没过，不能标记为“逾期”。"
        if errors:
            raise ValidationError(errors)


class WorkStation(PlainTextMixin, models.Model):
    """A free entrepreneurship work station (免费创业工位) for poor college graduates, at
    an incubation base (seed 二(四): 提供免费创业工位 80 个)."""

    base = models.CharField("孵化基地", max_length=60)
    number = models.CharField("工位编号", max_length=20)
    address = models.CharField("地址", max_length=80, blank=True)
    opened_on = PlausibleDateField("投入使用日期")
    is_active = models.BooleanField("在用", default=True, help_text="撤销的工位不再安排入驻。")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = WorkStationQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "创业工位"
        verbose_name_plural = "创业工位"
        ordering = ["base", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["base", "number"],
                name="station_number_unique_in_base",
                violation_error_message="该孵化基地已有相同编号的工位。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.number} 号工位"

    def clean(self) -> None:
        _clean_texts(self, "base", "address", "note")
        self.number = clean_text(self.number).replace(" ", "")
        if self.opened_on and self.opened_on > today():
            raise ValidationError({"opened_on": "投入使用日期不能晚于今天。"})
        if self.pk and self.opened_on:
            first = (
                StationOccupancy.objects.filter(station_id=self.pk)
                .order_by("start_date")
                .values_list("start_date", flat=True)
                .first()
            )
            if first and first < self.opened_on:
                raise ValidationError(
                    {"opened_on": f"已有入驻从 {first:%Y-%m-%d} 开始，投入使用日期不能晚于该日。"}
                )


GRADUATES_ONLY = (
    "免费创业工位面向贫困高校毕业生（秀山县2020年就业扶贫实施方案 二(四)）："
    "{name}不是登记的贫困高校毕业生。"
)


class StationOccupancy(PlainTextMixin, models.Model):
    """A poor college graduate at a work station, from ``start_date`` to ``end_date``
    (open while still there)."""

    station = models.ForeignKey(
        WorkStation, verbose_name="创业工位", on_delete=models.PROTECT, related_name="occupancies"
    )
    laborer = models.ForeignKey(
        Laborer,
        verbose_name="入驻的贫困高校毕业生",
        on_delete=models.PROTECT,
        related_name="station_occupancies",
    )
    business = models.CharField("创业项目", max_length=80)
    start_date = PlausibleDateField("入驻日期")
    end_date = PlausibleDateField("退出日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = StationOccupancyQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "创业工位入驻"
        verbose_name_plural = "创业工位入驻"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station"],
                condition=Q(end_date__isnull=True),
                name="occupancy_one_open_per_station",
                violation_error_message="该工位已有人入驻：请先办理原入驻者退出。",
            ),
            models.UniqueConstraint(
                fields=["laborer"],
                condition=Q(end_date__isnull=True),
                name="occupancy_one_open_per_laborer",
                violation_error_message="该毕业生已入驻其他工位：请先办理退出。",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="occupancy_ends_after_start",
                violation_error_message="退出日期不能早于入驻日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.laborer} @ {self.station}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= today()

    def clean(self) -> None:
        _clean_texts(self, "business", "note")
        errors: dict[str, str] = {}
        day = today()
        if self.laborer_id and not self.laborer.is_college_graduate:
            errors["laborer"] = GRADUATES_ONLY.format(name=self.laborer.name)
        if self.start_date:
            if self.start_date > day:
                errors["start_date"] = "入驻日期不能晚于今天。"
            elif self.station_id and self.start_date < self.station.opened_on:
                errors["start_date"] = (
                    f"该工位 {self.station.opened_on:%Y-%m-%d} 投入使用，入驻不能早于该日。"
                )
        if self.end_date:
            if self.end_date > day:
                errors["end_date"] = "退出日期不能晚于今天（尚未退出请留空）。"
            elif self.start_date and self.end_date < self.start_date:
                errors["end_date"] = "退出日期不能早于入驻日期。"
        if not errors and self.station_id and self.laborer_id and self.start_date:
            errors.update(self.overlap_errors())
        if errors:
            raise ValidationError(errors)

    def overlap_errors(self) -> dict[str, str]:
        """One station holds one graduate at a time, and a graduate one station."""
        start, end = self.start_date, self.end_date
        overlapping = StationOccupancy.objects.exclude(pk=self.pk).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)
        )
        if end is not None:
            overlapping = overlapping.filter(start_date__lte=end)
        other = overlapping.filter(station_id=self.station_id).select_related("laborer").first()
        if other:
            until = f"{other.end_date:%Y-%m-%d}" if other.end_date else "至今"
            return {
                "start_date": f"该工位 {other.start_date:%Y-%m-%d} 至 {until} 已有人入驻："
                "请选择其他工位或调整日期。"
            }
        mine = overlapping.filter(laborer_id=self.laborer_id).select_related("station").first()
        if mine:
            return {"laborer": f"{self.laborer.name}同期已入驻{mine.station}。"}
        return {}
