"""Recruitment events (招聘会、专场招聘、线上招聘、远程面试) and the hires they produce.

A hire creates the laborer's employment episode, pointing at the event's program, so the
labor-transfer targets count hires through the same episodes as every other job.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from laborers.models import EmploymentEpisode, Laborer, Program, Township, history
from xiushan_jobs.lib.fields import PlainTextMixin, PlausibleDateField
from xiushan_jobs.lib.scope import CountyOrTownshipQuerySet, ScopedQuerySet
from xiushan_jobs.lib.text import clean_text


class EventKind(models.TextChoices):
    TOWN_FAIR = "场镇招聘", "场镇招聘"
    SPECIAL = "专场招聘", "专场招聘"
    ONLINE = "线上招聘", "线上招聘"
    REMOTE_INTERVIEW = "远程面试", "远程面试"


class RecruitmentEventQuerySet(CountyOrTownshipQuerySet):
    """County-level events (no township) are open to every township: officers bring their
    laborers to them. A township's own events are its own."""


class RecruitmentEvent(PlainTextMixin, models.Model):
    title = models.CharField("名称", max_length=80)
    kind = models.CharField("类型", max_length=8, choices=EventKind.choices)
    date = PlausibleDateField("日期")
    place = models.CharField("地点", max_length=80, blank=True)
    township = models.ForeignKey(
        Township,
        verbose_name="举办乡镇（街道）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitment_events",
        help_text="空表示县级活动。",
    )
    organizer = models.CharField("主办单位", max_length=80)
    program = models.ForeignKey(
        Program,
        verbose_name="协作项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recruitment_events",
        help_text="如合川区对口帮扶的定向招聘、鲁渝劳务协作专场。",
    )
    attendees = models.PositiveIntegerField("参会人数", default=0)
    poor_attendees = models.PositiveIntegerField("其中贫困劳动力", default=0)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RecruitmentEventQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "招聘活动"
        verbose_name_plural = "招聘活动"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poor_attendees__lte=models.F("attendees")),
                name="event_poor_attendees_within_attendees",
                violation_error_message="贫困劳动力参会人数不能多于参会总人数。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        self.title = clean_text(self.title)
        self.place = clean_text(self.place)
        self.organizer = clean_text(self.organizer)
        if self.date and self.date.year < 2014:
            raise ValidationError({"date": "日期不合理。"})
        if self.poor_attendees > self.attendees:
            raise ValidationError({"poor_attendees": "贫困劳动力参会人数不能多于参会总人数。"})


class EmployerQuerySet(ScopedQuerySet):
    """The county's registry of employers (用人单位名录): county-wide reference data every
    role reads, kept by the county bureau in the admin."""

    def key_electronics(self) -> EmployerQuerySet:
        return self.filter(is_key_electronics=True)


class Employer(PlainTextMixin, models.Model):
    """用人单位: one registry of employers for recruitment events, vacancies and the
    plan's targets alike, so an employer's events, vacancies, pushes and hires add up under
    one name, with the designations the targets count by. A job is at a listed employer
    when its 就业单位 is the listed name (both are cleaned of stray and full-width spaces
    when saved)."""

    name = models.CharField("单位名称", max_length=80, unique=True)
    location = models.CharField("所在地", max_length=60, blank=True)
    is_key_electronics = models.BooleanField(
        "重庆重点电子企业",
        default=False,
        help_text="县就业人才局认定的重庆重点电子企业：到这些企业就业的贫困劳动力计入目标 12。",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = EmployerQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "用人单位名录"
        verbose_name_plural = "用人单位名录"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = clean_text(self.name)
        self.location = clean_text(self.location)


class EventEmployer(PlainTextMixin, models.Model):
    """An employer at an event with the positions it offered."""

    event = models.ForeignKey(
        RecruitmentEvent,
        verbose_name="招聘活动",
        on_delete=models.CASCADE,
        related_name="employers",
    )
    name = models.CharField("用人单位", max_length=80)
    #: the registry entry named ``name`` (``employer_register`` keeps the two together)
    employer = models.ForeignKey(
        Employer,
        verbose_name="单位登记",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_entries",
    )
    location = models.CharField("工作地点", max_length=60, blank=True)
    positions = models.PositiveIntegerField("提供岗位数")
    graduate_positions = models.PositiveIntegerField("其中面向贫困高校毕业生", default=0)

    history = history()

    class Meta:
        verbose_name = "参会用人单位"
        verbose_name_plural = "参会用人单位"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(graduate_positions__lte=models.F("positions")),
                name="employer_graduate_positions_within_positions",
                violation_error_message="面向高校毕业生的岗位数不能多于岗位总数。",
            ),
            models.UniqueConstraint(fields=["event", "name"], name="employer_unique_per_event"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = clean_text(self.name)
        self.location = clean_text(self.location)
        if self.graduate_positions > self.positions:
            raise ValidationError(
                {"graduate_positions": "面向高校毕业生的岗位数不能多于岗位总数。"}
            )
        _raise_any(self.hire_conflicts())

    def hire_conflicts(self) -> dict[str, str]:
        """Changes that would contradict the hires recorded (as workshops and posts refuse
        fewer jobs than people placed): fewer positions than people already hired."""
        if self.pk is None or self.positions is None:
            return {}
        hired = Hire.objects.filter(employer_id=self.pk).count()
        if self.positions < hired:
            return {
                "positions": f"{self.name or '该用人单位'}已录用 {hired} 人，"
                f"提供岗位数不能少于 {hired} 个：如录用有误，请先撤销录用。"
            }
        return {}


def _raise_any(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


class HireQuerySet(ScopedQuerySet):
    township_lookup = "laborer__household__village__township"
    village_lookup = "laborer__household__village"


class Hire(models.Model):
    """A laborer hired at an event. Its employment episode is the job itself."""

    event = models.ForeignKey(
        RecruitmentEvent, verbose_name="招聘活动", on_delete=models.PROTECT, related_name="hires"
    )
    employer = models.ForeignKey(
        EventEmployer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="hires"
    )
    laborer = models.ForeignKey(
        Laborer, verbose_name="劳动力", on_delete=models.PROTECT, related_name="hires"
    )
    # Deleting the job (e.g. an episode entered by mistake) withdraws the hire with it.
    episode = models.OneToOneField(
        EmploymentEpisode,
        verbose_name="就业经历",
        on_delete=models.CASCADE,
        related_name="hire",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = HireQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = "招聘录用"
        verbose_name_plural = "招聘录用"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "laborer"], name="hire_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.laborer} → {self.employer}"
