"""The rows of a drill-down page: a metric part's own queryset, one page at a time, shown
with columns that suit its model (laborers, households, workshops, employers at events),
each row linking to the record's own page. Personal data masked, as on every list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Model, QuerySet
from django.urls import NoReverseMatch, reverse

from laborers.models import Household, Laborer
from laborers.selectors import with_current_job
from xiushan_jobs.lib.idnumber import mask_id_number


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    mono: bool = False
    num: bool = False


@dataclass(frozen=True)
class Layout:
    headers: tuple[str, ...]
    #: the page's rows, from their primary keys (one query, whatever the page size)
    load: Callable[[list[int]], QuerySet]
    row: Callable[[Model, datetime.date], list[Cell]]


def _age(laborer: Laborer, day: datetime.date) -> str:
    return str(laborer.age_on(day))


def _laborer_row(laborer: Laborer, day: datetime.date) -> list[Cell]:
    village = laborer.household.village
    job = "未就业"
    if laborer.current_kind:
        job = laborer.current_kind + (
            f" · {laborer.current_employer}" if laborer.current_employer else ""
        )
    groups = []
    if laborer.is_college_graduate:
        groups.append("高校毕业生")
    if laborer.household.relocated:
        groups.append("搬迁户")
    return [
        Cell(laborer.name, reverse("laborers:laborer_detail", args=[laborer.pk])),
        Cell(mask_id_number(laborer.id_number), mono=True),
        Cell(_age(laborer, day), num=True),
        Cell(f"{village.township.name} {village.name}"),
        Cell(laborer.employment_intention or "—"),
        Cell(job),
        Cell("、".join(groups) or "—"),
    ]


def _household_row(household: Household, day: datetime.date) -> list[Cell]:
    village = household.village
    return [
        Cell(household.short_label, reverse("laborers:household_detail", args=[household.pk])),
        Cell(household.number, mono=True),
        Cell(f"{village.township.name} {village.name}"),
        Cell(str(household.member_count), num=True),
        Cell(household.poverty_status),
        Cell("是" if household.relocated else "否"),
    ]


def _workshop_row(workshop, day: datetime.date) -> list[Cell]:
    village = workshop.village
    return [
        Cell(workshop.name, reverse("workshops:workshop_detail", args=[workshop.pk])),
        Cell(f"{village.township.name} {village.name}"),
        Cell(workshop.get_status_display()),
        Cell(f"{workshop.established_on:%Y-%m-%d}" if workshop.established_on else "—"),
        Cell(str(workshop.jobs_offered), num=True),
    ]


def _employer_row(employer, day: datetime.date) -> list[Cell]:
    event = employer.event
    return [
        Cell(event.title, reverse("transfer:event_detail", args=[event.pk])),
        Cell(f"{event.date:%Y-%m-%d}"),
        Cell(employer.name),
        Cell(employer.location or "—"),
        Cell(str(employer.positions), num=True),
        Cell(str(employer.graduate_positions), num=True),
    ]


def _funding_row(funding, day: datetime.date) -> list[Cell]:
    workshop = funding.workshop
    village = workshop.village
    return [
        Cell(workshop.name, reverse("workshops:workshop_detail", args=[workshop.pk])),
        Cell(f"{village.township.name} {village.name}"),
        Cell(funding.get_source_display()),
        Cell(f"{funding.amount:,.2f}" if funding.amount is not None else "—", num=True),
        Cell(f"{funding.date:%Y-%m-%d}"),
        Cell(funding.document_number or "—"),
    ]


def _generic_row(obj, day: datetime.date) -> list[Cell]:
    url = ""
    if hasattr(obj, "get_absolute_url"):
        try:
            url = obj.get_absolute_url()
        except NoReverseMatch:
            url = ""
    return [Cell(str(obj), url)]


def _layouts() -> dict[type[Model], Layout]:
    from transfer.models import EventEmployer
    from workshops.models import Workshop, WorkshopFunding

    return {
        Laborer: Layout(
            (
                "姓名",
                "身份证号码",
                "年龄",
                "乡镇（街道）/村（社区）",
                "就业意愿",
                "当前就业",
                "特殊群体",
            ),
            lambda ids: with_current_job(
                Laborer.objects.filter(pk__in=ids).select_related("household__village__township")
            ),
            _laborer_row,
        ),
        Household: Layout(
            ("户主", "户编号", "乡镇（街道）/村（社区）", "成员", "脱贫状态", "易地扶贫搬迁"),
            lambda ids: (
                Household.objects.filter(pk__in=ids)
                .labelled()
                .annotate(member_count=Count("members"))
            ),
            _household_row,
        ),
        Workshop: Layout(
            ("扶贫车间", "乡镇（街道）/村（社区）", "认定状态", "建成日期", "提供岗位"),
            lambda ids: Workshop.objects.filter(pk__in=ids).select_related("village__township"),
            _workshop_row,
        ),
        WorkshopFunding: Layout(
            (
                "扶贫车间",
                "乡镇（街道）/村（社区）",
                "资金来源",
                "金额（元）",
                "到位日期",
                "批复文号",
            ),
            lambda ids: WorkshopFunding.objects.filter(pk__in=ids).select_related(
                "workshop__village__township"
            ),
            _funding_row,
        ),
        EventEmployer: Layout(
            ("招聘活动", "日期", "用人单位", "工作地点", "岗位", "面向贫困高校毕业生"),
            lambda ids: EventEmployer.objects.filter(pk__in=ids).select_related("event"),
            _employer_row,
        ),
    }


def layout_for(model: type[Model]) -> Layout:
    layouts = _layouts()
    if model in layouts:
        return layouts[model]
    return Layout(
        (str(model._meta.verbose_name),),
        lambda ids: model._default_manager.filter(pk__in=ids),
        _generic_row,
    )


def page_rows(model: type[Model], ids: list[int], day: datetime.date) -> list[list[Cell]]:
    """The rows of one page in the order of ``ids``."""
    layout = layout_for(model)
    objects = {obj.pk: obj for obj in layout.load(ids)}
    return [layout.row(objects[pk], day) for pk in ids if pk in objects]
