"""岗位信息推送: employers' vacancies, who they were pushed to, and what each said.

A ``Vacancy`` (招聘岗位) outlives any recruitment event; its employer is the one registry
of employers (``transfer.Employer``). A ``Push`` is one action of an officer telling
several laborers about a vacancy (by phone, WeChat, a visit or SMS); each laborer told is a
``PushedLaborer`` with a 岗位推荐 service and, later, their answer. A hire answers through
the same job-starting service as a hire at an event.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from laborers.choices import PROVINCE_CHOICES, SHANDONG, Education, LaborAbility, Sex
from laborers.models import EmploymentEpisode, Laborer, Program, Service, Township, history
from training.models import Trade
from transfer.models import Employer, RecruitmentEvent
from vacancies.querysets import PushedLaborerQuerySet, PushQuerySet, VacancyQuerySet
from xiushan_jobs.lib.fields import PlainTextMixin, PlausibleDateField
from xiushan_jobs.lib.text import clean_text

#: education levels from lowest to highest, for "at least" requirements
EDUCATION_ORDER = list(Education.values)


class WorkArea(models.TextChoices):
    IN_COUNTY = "县内", "县内"
    IN_CITY = "市内县外", "重庆市内县外"
    SHANDONG = "山东", "山东省（鲁渝协作）"
    ELSEWHERE = "其他", "其他省市"


class AbilityRequired(models.TextChoices):
    """The least labor ability the work asks for."""

    ANY = "any", "有劳动能力即可（含弱劳动力）"
    ORDINARY = "ordinary", "普通劳动力及以上"
    SKILLED = "skilled", "技能劳动力"

    def abilities(self) -> list[str]:
        capable = LaborAbility.capable()
        if self == AbilityRequired.SKILLED:
            return [LaborAbility.SKILLED]
        if self == AbilityRequired.ORDINARY:
            return [LaborAbility.SKILLED, LaborAbility.ORDINARY]
        return capable


class ReservedFor(models.TextChoices):
    NONE = "", "不限"
    POOR = "poor", "贫困劳动力专岗"
    GRADUATES = "graduates", "贫困高校毕业生专岗"


class Vacancy(PlainTextMixin, models.Model):
    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField("岗位名称", max_length=60)
    trade = models.ForeignKey(
        Trade,
        verbose_name="工种",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text="与培训工种一致时，受过该工种培训或想学该工种的劳动力优先。",
    )
    places = models.PositiveIntegerField("招聘人数")
    work_area = models.CharField("工作地点", max_length=8, choices=WorkArea.choices)
    work_township = models.ForeignKey(
        Township,
        verbose_name="县内工作乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies_located",
    )
    province = models.CharField(
        "省份（其他省市）", max_length=10, choices=PROVINCE_CHOICES, blank=True
    )
    work_place = models.CharField("详细地点", max_length=80, blank=True)
    pay_min = models.PositiveIntegerField("月薪下限（元）", null=True, blank=True)
    pay_max = models.PositiveIntegerField("月薪上限（元）", null=True, blank=True)
    age_min = models.PositiveSmallIntegerField("最低年龄", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("最高年龄", null=True, blank=True)
    education_min = models.CharField(
        "最低文化程度", max_length=8, choices=Education.choices, blank=True
    )
    ability_required = models.CharField(
        "劳动能力要求",
        max_length=10,
        choices=AbilityRequired.choices,
        default=AbilityRequired.ORDINARY,
    )
    sex = models.CharField(
        "性别要求",
        max_length=1,
        choices=Sex.choices,
        blank=True,
        help_text="只在法律允许限定性别的岗位填写（如井下、高空等禁忌劳动范围）。",
    )
    contact_name = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    valid_from = PlausibleDateField("有效期自")
    valid_to = PlausibleDateField("有效期至")
    reserved_for = models.CharField(
        "专岗", max_length=10, choices=ReservedFor.choices, blank=True, default=ReservedFor.NONE
    )
    program = models.ForeignKey(
        Program,
        verbose_name="协作项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    event = models.ForeignKey(
        RecruitmentEvent,
        verbose_name="发布于招聘活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
    )
    township = models.ForeignKey(
        Township,
        verbose_name="登记乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
        help_text="空表示县级登记，各乡镇（街道）均可推送。",
    )
    description = models.TextField("岗位说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = VacancyQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "招聘岗位"
        verbose_name_plural = "招聘岗位"
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["valid_to", "valid_from"], name="vacancy_validity")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="vacancy_valid_to_after_from",
                violation_error_message="有效期结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="vacancy_places_positive",
                violation_error_message="招聘人数至少为 1。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.title = clean_text(self.title)
        self.work_place = clean_text(self.work_place)
        self.contact_name = clean_text(self.contact_name)
        self.contact_phone = clean_text(self.contact_phone).replace(" ", "")
        if self.work_area == WorkArea.IN_COUNTY:
            if self.work_township_id is None:
                errors["work_township"] = "县内岗位请选择工作所在的乡镇（街道）。"
            self.province = "重庆市"
        else:
            self.work_township = None
            if self.work_area == WorkArea.IN_CITY:
                self.province = "重庆市"
            elif self.work_area == WorkArea.SHANDONG:
                self.province = SHANDONG
            elif self.work_area == WorkArea.ELSEWHERE:
                if not self.province:
                    errors["province"] = "其他省市的岗位请选择省份。"
                elif self.province in ("重庆市", SHANDONG):
                    errors["province"] = "重庆市、山东省的岗位请选择对应的工作地点类型。"
        if self.pay_min and self.pay_max and self.pay_min > self.pay_max:
            errors["pay_max"] = "月薪上限不能低于下限。"
        if self.age_min and self.age_max and self.age_min > self.age_max:
            errors["age_max"] = "最高年龄不能低于最低年龄。"
        if self.age_min is not None and not 16 <= self.age_min <= 65:
            errors["age_min"] = "最低年龄应在 16 至 65 岁之间（不得招用未满 16 周岁的未成年人）。"
        if self.age_max is not None and not 16 <= self.age_max <= 70:
            errors["age_max"] = "最高年龄应在 16 至 70 岁之间。"
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "有效期结束日期不能早于开始日期。"
        if errors:
            raise ValidationError(errors)

    # --- how it reads ----------------------------------------------------------------------
    def place_label(self) -> str:
        if self.work_area == WorkArea.IN_COUNTY and self.work_township_id:
            where = f"秀山县{self.work_township.name}"
        elif self.work_area == WorkArea.ELSEWHERE:
            where = self.province
        else:
            where = self.get_work_area_display()
        return f"{where} {self.work_place}".strip()

    def pay_label(self) -> str:
        if self.pay_min and self.pay_max:
            return f"{self.pay_min}–{self.pay_max} 元/月"
        if self.pay_min:
            return f"{self.pay_min} 元/月起"
        if self.pay_max:
            return f"最高 {self.pay_max} 元/月"
        return "面议"

    def requirement_label(self) -> str:
        parts = []
        if self.age_min or self.age_max:
            parts.append(f"{self.age_min or 16}–{self.age_max or 60} 岁")
        if self.education_min:
            parts.append(f"{self.education_min}及以上")
        if self.ability_required != AbilityRequired.ANY:
            parts.append(self.get_ability_required_display())
        if self.sex:
            parts.append(f"限{self.get_sex_display()}性")
        return "，".join(parts) or "无特殊要求"

    def employment_kind_and_province(self) -> tuple[str, str]:
        """The kind of employment episode a hire into this vacancy starts."""
        from laborers.choices import EmploymentKind

        if self.work_area == WorkArea.IN_COUNTY:
            return EmploymentKind.IN_COUNTY, "重庆市"
        if self.work_area == WorkArea.IN_CITY:
            return EmploymentKind.IN_CITY, "重庆市"
        return EmploymentKind.OUTSIDE, self.province or SHANDONG


class PushChannel(models.TextChoices):
    PHONE = "电话", "电话"
    WECHAT = "微信", "微信"
    VISIT = "入户走访", "入户走访"
    SMS = "短信", "短信"


class Push(PlainTextMixin, models.Model):
    """One push: an officer telling the laborers they picked about one vacancy."""

    vacancy = models.ForeignKey(
        Vacancy, verbose_name="岗位", on_delete=models.PROTECT, related_name="pushes"
    )
    channel = models.CharField("推送方式", max_length=8, choices=PushChannel.choices)
    date = PlausibleDateField("推送日期")
    note = models.CharField("备注", max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="推送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PushQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "岗位推送"
        verbose_name_plural = "岗位推送"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()} {self.vacancy}"


class Answer(models.TextChoices):
    """The states of a pushed laborer, in funnel order."""

    PENDING = "pending", "待回复"
    INTERESTED = "interested", "有意向"
    INTERVIEWED = "interviewed", "已面试"
    HIRED = "hired", "已录用"
    DECLINED = "declined", "不愿意"


class PushedLaborer(PlainTextMixin, models.Model):
    push = models.ForeignKey(
        Push, verbose_name="推送", on_delete=models.CASCADE, related_name="recipients"
    )
    # the push's vacancy, kept here so a laborer is told about a vacancy once
    vacancy = models.ForeignKey(
        Vacancy, verbose_name="岗位", on_delete=models.PROTECT, related_name="recipients"
    )
    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.PROTECT, related_name="vacancy_pushes"
    )
    score = models.PositiveSmallIntegerField("匹配分", default=0)
    reasons = models.CharField("匹配理由", max_length=200, blank=True)
    service = models.OneToOneField(
        Service,
        verbose_name="岗位推荐服务",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancy_push",
    )
    answer = models.CharField(
        "答复", max_length=12, choices=Answer.choices, default=Answer.PENDING, db_index=True
    )
    answered_on = PlausibleDateField("答复日期", null=True, blank=True)
    remote_interview = models.BooleanField("远程面试", default=False)
    decline_reason = models.CharField("不愿意的原因", max_length=100, blank=True)
    episode = models.OneToOneField(
        EmploymentEpisode,
        verbose_name="录用后的就业经历",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancy_push",
    )

    objects = PushedLaborerQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "推送对象"
        verbose_name_plural = "推送对象"
        ordering = ["push", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "laborer"],
                name="pushed_laborer_once_per_vacancy",
                violation_error_message="该劳动力已推送过这个岗位。",
            ),
            models.CheckConstraint(
                condition=~Q(answer="declined") | ~Q(decline_reason=""),
                name="pushed_declined_has_reason",
                violation_error_message="不愿意时请填写原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.laborer} · {self.vacancy}"
