"""Writes of recruitment events and hires, each in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from laborers.models import EmploymentEpisode, Laborer
from transfer.models import EventEmployer, Hire, RecruitmentEvent
from xiushan_jobs.lib.extensions import records_changed


@transaction.atomic
def hire_record(
    *,
    event: RecruitmentEvent,
    employer: EventEmployer,
    laborer: Laborer,
    kind: str,
    start_date: datetime.date,
    province: str = "",
    monthly_income: Decimal | None = None,
    by: Any,
) -> Hire:
    """Record that ``laborer`` was hired by ``employer`` at ``event``: the laborer's new
    employment episode (pointing at the event's program) and the hire, together.

    A laborer still in another job leaves it the day before the new one starts; a job that
    started on or after the new start date is a conflict the officer must resolve first.
    The employer's positions are never exceeded (its row is locked while counting).
    """
    if employer.event_id != event.pk:
        raise ValidationError({"employer": "该用人单位不属于本次招聘活动。"})
    employer = EventEmployer.objects.select_for_update().get(pk=employer.pk)
    if Hire.objects.filter(event=event, laborer=laborer).exists():
        raise ValidationError("该劳动力已在本次招聘活动中登记录用。")
    if employer.hires.count() >= employer.positions:
        raise ValidationError(
            {"employer": f"{employer.name} 的 {employer.positions} 个岗位已全部录满。"}
        )
    if start_date < event.date:
        raise ValidationError({"start_date": "上岗日期不能早于招聘活动日期。"})
    current = (
        EmploymentEpisode.objects.select_for_update()
        .filter(laborer=laborer, end_date__isnull=True)
        .first()
    )
    if current is not None:
        if current.start_date >= start_date:
            raise ValidationError(
                f"{laborer.name} 当前的就业（{current}）开始于 {current.start_date:%Y-%m-%d}，"
                "不早于本次上岗日期；请先在劳动力页面核实并结束原就业。"
            )
        current.end_date = start_date - datetime.timedelta(days=1)
        current._history_user = by
        current.full_clean()
        current.save(update_fields=["end_date", "updated_at"])
    episode = EmploymentEpisode(
        laborer=laborer,
        kind=kind,
        province=province,
        employer=employer.name,
        place=employer.location,
        start_date=start_date,
        monthly_income=monthly_income,
        program=event.program,
        note=f"招聘活动录用：{event.title}",
    )
    episode._history_user = by
    episode.full_clean()
    episode.validate_conflicts(ignore=(current.pk,) if current is not None else ())
    episode.save()
    hire = Hire(event=event, employer=employer, laborer=laborer, episode=episode)
    hire._history_user = by
    hire.save()
    records_changed(laborer_ids={laborer.pk}, event=f"招聘录用：{employer.name}")
    return hire


@transaction.atomic
def hire_withdraw(*, hire: Hire, by: Any) -> None:
    """Undo a hire recorded by mistake: the hire and the episode it created go."""
    episode = hire.episode
    hire._history_user = by
    hire.delete()
    episode._history_user = by
    episode.delete()
    records_changed(laborer_ids={hire.laborer_id}, event="撤销录用")
