"""The registry: townships → villages → households → laborers, with employment episodes
and targeted services. Every model's manager offers ``visible_to(user)``."""

from __future__ import annotations

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from laborers import choices
from laborers.querysets import (
    EpisodeQuerySet,
    HouseholdQuerySet,
    ImportBatchQuerySet,
    LaborerQuerySet,
    ServiceQuerySet,
    TownshipQuerySet,
    VillageQuerySet,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.fields import (
    IdNumberField,
    MobilePhoneField,
    PlainTextMixin,
    PlausibleDateField,
)
from xiushan_jobs.lib.idnumber import parse_id_number
from xiushan_jobs.lib.text import clean_text


class HistoryExtras(models.Model):
    """Extra columns on every historical table: the import batch a change came from.

    Feature apps use it too: ``HistoricalRecords(bases=[HistoryExtras])``.
    """

    import_batch = models.ForeignKey(
        "laborers.ImportBatch",
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def history(**kwargs) -> HistoricalRecords:
    return HistoricalRecords(bases=[HistoryExtras], cascade_delete_history=False, **kwargs)


class Township(PlainTextMixin, models.Model):
    name = models.CharField("名称", max_length=20, unique=True)
    kind = models.CharField("类型", max_length=4, choices=choices.TownshipKind.choices)
    is_deep_poverty_town = models.BooleanField("市级深度贫困镇", default=False)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = TownshipQuerySet.as_manager()

    class Meta:
        verbose_name = "乡镇（街道）"
        verbose_name_plural = "乡镇（街道）"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


#: 户编号: the village's 12-digit division code and a 5-digit sequence (the county's
#: registration system; the demo county numbers its households the same way)
VILLAGE_CODE_LENGTH = 12
HOUSEHOLD_NUMBER_LENGTH = 17
HOUSEHOLD_NUMBER_HINT = (
    f"{HOUSEHOLD_NUMBER_LENGTH} 位数字：村（社区）的 {VILLAGE_CODE_LENGTH} 位区划代码"
    "加 5 位户序号。"
)


class Village(PlainTextMixin, models.Model):
    township = models.ForeignKey(
        Township, verbose_name="乡镇（街道）", on_delete=models.PROTECT, related_name="villages"
    )
    name = models.CharField("名称", max_length=30)
    kind = models.CharField(
        "类型",
        max_length=4,
        choices=choices.VillageKind.choices,
        default=choices.VillageKind.VILLAGE,
    )
    is_supervised = models.BooleanField("市级挂牌督战村", default=False)
    is_key_poverty = models.BooleanField("县级扶贫重点村", default=False)
    is_resettlement_site = models.BooleanField("易地扶贫搬迁安置点", default=False)
    code = models.CharField(
        "区划代码",
        max_length=VILLAGE_CODE_LENGTH,
        blank=True,
        help_text="12 位统计用区划代码；本村（社区）的户编号以它开头。",
    )

    objects = VillageQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "村（社区）"
        verbose_name_plural = "村（社区）"
        ordering = ["township__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="village_unique_in_township"),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="village_code_unique",
                violation_error_message="该区划代码已属于另一个村（社区）。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.township.name} {self.name}"

    def clean(self) -> None:
        self.code = clean_text(self.code).replace(" ", "")
        county = settings.XJ_COUNTY_CODE
        if self.code and not (
            len(self.code) == VILLAGE_CODE_LENGTH
            and self.code.isdigit()
            and self.code.startswith(county)
        ):
            raise ValidationError(
                {"code": f"区划代码应为 {VILLAGE_CODE_LENGTH} 位数字、以本县代码 {county} 开头。"}
            )

    @property
    def household_number_prefix(self) -> str:
        """What every household number of this village starts with: its code, or the
        county's code while the village's is not recorded."""
        return self.code or settings.XJ_COUNTY_CODE


def household_number_error(number: str, village: Village | None) -> str:
    """Why ``number`` cannot be a household number in ``village`` ("" when it can): a
    number of another length or with another prefix would never match later sheets."""
    if not (number.isascii() and number.isdigit()):
        return f"户编号“{number}”应全部为数字（{HOUSEHOLD_NUMBER_HINT}）"
    if len(number) != HOUSEHOLD_NUMBER_LENGTH:
        return (
            f"户编号“{number}”是 {len(number)} 位，应为 {HOUSEHOLD_NUMBER_LENGTH} 位"
            f"（{HOUSEHOLD_NUMBER_HINT}）"
        )
    if village is not None and not number.startswith(village.household_number_prefix):
        prefix = village.household_number_prefix
        whose = f"{village.name}的区划代码" if village.code else "本县代码"
        return f"户编号“{number}”应以{whose} {prefix} 开头。"
    return ""


class Program(PlainTextMixin, models.Model):
    """A labor-transfer or placement program an employment episode can point to."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    partner = models.CharField("协作方", max_length=60, blank=True)
    description = models.TextField("说明", blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "劳务转移项目"
        verbose_name_plural = "劳务转移项目"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Household(PlainTextMixin, models.Model):
    village = models.ForeignKey(
        Village, verbose_name="村（社区）", on_delete=models.PROTECT, related_name="households"
    )
    number = models.CharField("户编号", max_length=30, unique=True, help_text=HOUSEHOLD_NUMBER_HINT)
    poverty_status = models.CharField(
        "脱贫状态",
        max_length=4,
        choices=choices.PovertyStatus.choices,
        default=choices.PovertyStatus.IN_POVERTY,
    )
    poverty_exit_year = models.PositiveSmallIntegerField("脱贫年度", null=True, blank=True)
    relocated = models.BooleanField("易地扶贫搬迁户", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = HouseholdQuerySet.as_manager()
    history = history(excluded_fields=["version"])

    class Meta:
        verbose_name = "贫困户"
        verbose_name_plural = "贫困户"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poverty_status=choices.PovertyStatus.IN_POVERTY)
                | Q(poverty_exit_year__isnull=False),
                name="household_lifted_has_year",
                violation_error_message="已脱贫的户必须填写脱贫年度。",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def head(self) -> str:
        """The head of household's name, from ``labelled()`` when the row came from it (a
        query otherwise: fine for one household, use ``labelled()`` for lists)."""
        if "head_name" not in self.__dict__:
            self.head_name = (
                None
                if self.pk is None
                else (
                    self.members.filter(relationship=choices.Relationship.HEAD)
                    .order_by("pk")
                    .values_list("name", flat=True)
                    .first()
                )
            )
        return self.head_name or ""

    @property
    def short_label(self) -> str:
        """张三户, or the number while the household has no head."""
        return f"{self.head}户" if self.head else f"户 {self.number}"

    @property
    def label(self) -> str:
        """How people name a household: 户主's name and village first, the number last
        (officers know families by name; the 17-digit number is for matching sheets)."""
        head = f"{self.head}户" if self.head else "（未登记户主）"
        village = self.village.name if self.village_id else ""
        return " · ".join(part for part in (head, village, self.number) if part)

    def clean(self) -> None:
        self.number = clean_text(self.number).replace(" ", "")
        errors = {}
        if error := household_number_error(self.number, self.village if self.village_id else None):
            errors["number"] = error
        if self.poverty_status == choices.PovertyStatus.LIFTED and not self.poverty_exit_year:
            errors["poverty_exit_year"] = "已脱贫的户必须填写脱贫年度。"
        if self.poverty_status == choices.PovertyStatus.IN_POVERTY:
            self.poverty_exit_year = None
        if self.poverty_exit_year and not 2014 <= self.poverty_exit_year <= today().year:
            errors["poverty_exit_year"] = f"脱贫年度应在 2014 至 {today().year} 年之间。"
        if errors:
            raise ValidationError(errors)


class Laborer(PlainTextMixin, models.Model):
    #: The fields people edit, in the groups every form, admin page and export shows.
    #: (sex and birth date are derived from the ID number; the household is chosen apart.)
    PROFILE_FIELDS = ("name", "id_number", "phone", "relationship", "education")
    GROUP_FIELDS = (
        "labor_ability",
        "is_college_graduate",
        "graduation_year",
        "in_employment_preparation",
        "is_disabled",
    )
    SURVEY_FIELDS = (
        "employment_intention",
        "wants_training",
        "training_trade",
        "wants_entrepreneurship",
        "entrepreneurship_plan",
        "prior_work_place",
        "prior_employer",
        "departure_date",
        "last_surveyed_on",
        "note",
    )

    household = models.ForeignKey(
        Household, verbose_name="户", on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField("姓名", max_length=30, db_index=True)
    id_number = IdNumberField("身份证号码", unique=True)
    sex = models.CharField("性别", max_length=1, choices=choices.Sex.choices, editable=False)
    birth_date = PlausibleDateField("出生日期", editable=False)
    phone = MobilePhoneField("联系电话", blank=True, db_index=True)
    relationship = models.CharField(
        "与户主关系",
        max_length=8,
        choices=choices.Relationship.choices,
        default=choices.Relationship.HEAD,
    )
    education = models.CharField(
        "文化程度", max_length=8, choices=choices.Education.choices, blank=True
    )
    labor_ability = models.CharField(
        "劳动能力",
        max_length=10,
        choices=choices.LaborAbility.choices,
        default=choices.LaborAbility.ORDINARY,
    )
    # special groups (relocated comes from the household)
    is_college_graduate = models.BooleanField("贫困高校毕业生", default=False)
    graduation_year = models.PositiveSmallIntegerField("毕业年份", null=True, blank=True)
    in_employment_preparation = models.BooleanField(
        "就业准备中", default=False, help_text="升学、参加培训、备考或求职准备等就业活动准备。"
    )
    is_disabled = models.BooleanField("残疾人", default=False)
    # survey fields (seed 二(一): 原务工地点、企业、外出时间；就业意愿、培训需求、创业需求)
    employment_intention = models.CharField(
        "就业意愿", max_length=8, choices=choices.EmploymentIntention.choices, blank=True
    )
    wants_training = models.BooleanField("有培训需求", default=False)
    training_trade = models.CharField("意向培训工种", max_length=30, blank=True)
    wants_entrepreneurship = models.BooleanField("有创业意愿", default=False)
    #: what the laborer wants to start, as the survey sheet answered 创业需求 (养殖, 开网店…)
    entrepreneurship_plan = models.CharField("意向创业项目", max_length=60, blank=True)
    prior_work_place = models.CharField("原务工地点", max_length=60, blank=True)
    prior_employer = models.CharField("原务工企业", max_length=60, blank=True)
    departure_date = PlausibleDateField("外出时间", null=True, blank=True)
    last_surveyed_on = PlausibleDateField("最近调查更新日期", null=True, blank=True, db_index=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False)

    objects = LaborerQuerySet.as_manager()
    history = history(excluded_fields=["version"])

    class Meta:
        verbose_name = "贫困劳动力"
        verbose_name_plural = "贫困劳动力"
        ordering = ["id"]
        permissions = [("reveal_personal_data", "查看完整身份证号码和电话")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_college_graduate=True) | Q(graduation_year__isnull=True),
                name="laborer_graduation_year_only_for_graduates",
                violation_error_message="只有贫困高校毕业生填写毕业年份。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None) -> None:
        self.name = clean_text(self.name).replace(" ", "")
        super().clean_fields(exclude)

    def clean(self) -> None:
        """Cross-field rules, deriving sex and birth date from the ID number. The ID number
        and phone fields normalise and validate themselves (xiushan_jobs/lib/fields.py).

        Forms, the admin and the survey import all call ``full_clean``: one set of rules.
        """
        errors: dict[str, str] = {}
        with contextlib.suppress(ValidationError):  # reported by the field's own validator
            self.set_id_number(self.id_number)
        if self.is_college_graduate:
            if self.graduation_year and not 1990 <= self.graduation_year <= today().year + 1:
                errors["graduation_year"] = "毕业年份不合理。"
        else:
            self.graduation_year = None
        if not self.wants_training:
            self.training_trade = ""
        if not self.wants_entrepreneurship:
            self.entrepreneurship_plan = ""
        texts = ("training_trade", "entrepreneurship_plan", "prior_work_place", "prior_employer")
        for field in texts:
            setattr(self, field, clean_text(getattr(self, field)))
        if self.departure_date and self.departure_date > today():
            errors["departure_date"] = "外出时间不能晚于今天。"
        if self.last_surveyed_on and self.last_surveyed_on > today():
            errors["last_surveyed_on"] = "调查更新日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)

    def set_id_number(self, value: object) -> None:
        facts = parse_id_number(value, today=today())
        self.id_number = facts.number
        self.birth_date = facts.birth_date
        self.sex = facts.sex

    def age_on(self, day: datetime.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_labor_capable(self) -> bool:
        return self.labor_ability in choices.LaborAbility.capable()

    @property
    def has_intention(self) -> bool:
        """With an employment, training or entrepreneurship intention (target 9)."""
        return (
            self.employment_intention in choices.EmploymentIntention.willing()
            or self.wants_training
            or self.wants_entrepreneurship
        )


class EmploymentEpisode(PlainTextMixin, models.Model):
    """Where and how a laborer works, from start to end. The open episode (no end date)
    is the laborer's current employment; a laborer has at most one open episode."""

    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.CASCADE, related_name="episodes"
    )
    kind = models.CharField("就业类型", max_length=8, choices=choices.EmploymentKind.choices)
    province = models.CharField(
        "务工省份", max_length=10, choices=choices.PROVINCE_CHOICES, blank=True
    )
    employer = models.CharField("就业单位", max_length=80, blank=True)
    place = models.CharField("务工地点", max_length=80, blank=True)
    start_date = PlausibleDateField("开始日期")
    end_date = PlausibleDateField("结束日期", null=True, blank=True)
    monthly_income = models.DecimalField(
        "月收入（元）", max_digits=9, decimal_places=2, null=True, blank=True
    )
    program = models.ForeignKey(
        Program,
        verbose_name="转移就业项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="episodes",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EpisodeQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "就业经历"
        verbose_name_plural = "就业经历"
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["laborer"],
                condition=Q(end_date__isnull=True),
                name="episode_one_open_per_laborer",
                violation_error_message="该劳动力已有一段未结束的就业经历，请先结束它。",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="episode_end_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=~Q(kind=choices.EmploymentKind.OUTSIDE) | ~Q(province=""),
                name="episode_outside_has_province",
                violation_error_message="市外务工必须填写务工省份。",
            ),
        ]
        indexes = [models.Index(fields=["laborer", "end_date"], name="episode_laborer_end")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.employer = clean_text(self.employer)
        self.place = clean_text(self.place)
        if self.kind == choices.EmploymentKind.OUTSIDE:
            if not self.province:
                errors["province"] = "市外务工必须填写务工省份。"
            elif self.province == "重庆市":
                errors["province"] = "重庆市内务工请选择“县内务工”或“市内县外务工”。"
        elif self.kind in (choices.EmploymentKind.IN_COUNTY, choices.EmploymentKind.IN_CITY):
            self.province = "重庆市"
        if self.start_date and self.start_date > today():
            errors["start_date"] = "开始日期不能晚于今天。"
        if self.end_date:
            if self.end_date > today():
                errors["end_date"] = "结束日期不能晚于今天。"
            elif self.start_date and self.end_date < self.start_date:
                errors["end_date"] = "结束日期不能早于开始日期。"
        if self.monthly_income is not None and self.monthly_income < 0:
            errors["monthly_income"] = "月收入不能为负数。"
        if errors:
            raise ValidationError(errors)

    def describe(self) -> str:
        """类型，单位，起止日期: how messages name an episode."""
        employer = f"，{self.employer}" if self.employer else ""
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else "至今"
        return f"{self.get_kind_display()}{employer}，{self.start_date:%Y-%m-%d} 至 {end}"

    def overlapping(self, *, ignore: tuple[int, ...] = ()) -> EmploymentEpisode | None:
        """Another episode of the same laborer sharing a day with this one (an open
        episode runs to today and beyond); ``ignore`` names episodes about to end."""
        return EmploymentEpisode.objects.overlapping(
            self.laborer_id, self.start_date, self.end_date, exclude=(self.pk, *ignore)
        ).first()

    def conflicts(self, *, ignore: tuple[int, ...] = ()) -> dict[str, str]:
        """The rules that need other rows, so ``clean()`` (run per row by imports) leaves
        them out: no overlap with the laborer's other episodes (one job at a time, as the
        registry counts employment), and the rules of the app that owns the episode (a
        placement's site: its kind, period and capacity), registered through
        ``xiushan_jobs.lib.extensions.register_episode_check``. Checked wherever an episode
        is started, corrected or ended."""
        from xiushan_jobs.lib.extensions import episode_checks

        errors: dict[str, str] = {}
        if self.laborer_id is None or self.start_date is None:
            return errors
        clash = self.overlapping(ignore=ignore)
        if clash is not None:
            field = "start_date" if clash.start_date <= self.start_date else "end_date"
            errors[field] = (
                f"与该劳动力已有的就业经历（{clash.describe()}）时间重叠："
                "同一时间只登记一段就业，请核实日期或先更正那段经历。"
            )
        for check in episode_checks:
            for field, message in check(self).items():
                errors.setdefault(field, message)
        return errors

    def validate_conflicts(self, *, ignore: tuple[int, ...] = ()) -> None:
        """``conflicts()`` as a ValidationError, for services that write the episode."""
        if problems := self.conflicts(ignore=ignore):
            raise ValidationError(problems)


class Service(PlainTextMixin, models.Model):
    """One targeted service (针对性服务) given to a laborer."""

    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField("服务类型", max_length=8, choices=choices.ServiceKind.choices)
    date = PlausibleDateField("服务日期")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="服务人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services_given",
    )
    channel = models.CharField(
        "服务方式", max_length=8, choices=choices.ServiceChannel.choices, blank=True
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ServiceQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "针对性服务"
        verbose_name_plural = "针对性服务"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["laborer", "date"], name="service_laborer_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if self.date and self.date > today():
            raise ValidationError({"date": "服务日期不能晚于今天。"})
        if self.date and self.date.year < 2014:
            raise ValidationError({"date": "服务日期不合理。"})
        self.note = clean_text(self.note)


class ImportBatch(models.Model):
    """One uploaded spreadsheet and what became of it."""

    class Kind(models.TextChoices):
        SURVEY = "survey", "村级调查表"
        ENROLLMENT = "enrollment", "培训签到表"
        HELPERS = "helpers", "帮扶责任人名单"
        VACANCY = "vacancy", "用人单位岗位表"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        PREVIEW = "preview", "待确认"
        CONFIRMED = "confirmed", "已确认，等待写入"
        APPLYING = "applying", "写入中"
        APPLIED = "applied", "已导入"
        REFUSED = "refused", "已拒绝"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.SURVEY)
    #: what the upload was for besides its file, as the importer's parameters form gave it
    #: (e.g. the training class a sign-in sheet belongs to); empty for the survey
    params = models.JSONField("导入参数", default=dict, blank=True)
    #: cells corrected on the preview page, Excel row → 0-based position → text; applied
    #: over the uploaded file every time it is read (check, apply, annotated workbook)
    corrections = models.JSONField("预览中修改的单元格", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField("阶段", max_length=20, blank=True)
    progress_done = models.PositiveIntegerField("已处理", default=0)
    progress_total = models.PositiveIntegerField("总数", default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    township = models.ForeignKey(
        Township, verbose_name="乡镇（街道）", null=True, blank=True, on_delete=models.PROTECT
    )
    village = models.ForeignKey(
        Village, verbose_name="村（社区）", null=True, blank=True, on_delete=models.PROTECT
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    rows = models.PositiveIntegerField("数据行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    skipped = models.PositiveIntegerField("跳过", default=0)
    errors = models.PositiveIntegerField("错误", default=0)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # the import pipeline (laborers/imports): report, duplicate uploads, the worker
    report = models.FileField("检查报告", upload_to="imports/reports/%Y/%m/", blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="与此前导入的文件相同",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField("开始处理", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进度", null=True, blank=True)
    applied_at = models.DateTimeField("写入时间", null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="importbatch_status_created")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"
