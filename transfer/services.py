"""Writes of recruitment events and hires, each in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from laborers.models import EmploymentEpisode, Laborer
from transfer.models import Employer, EventEmployer, Hire, RecruitmentEvent
from xiushan_jobs.lib.extensions import records_changed
from xiushan_jobs.lib.text import clean_text


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
    episode = hired_episode_start(
        laborer=laborer,
        kind=kind,
        province=province,
        employer=employer.name,
        place=employer.location,
        start_date=start_date,
        monthly_income=monthly_income,
        program=event.program,
        note=f"招聘活动录用：{event.title}",
        by=by,
    )
    hire = Hire(event=event, employer=employer, laborer=laborer, episode=episode)
    hire._history_user = by
    hire.save()
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


def hired_episode_start(
    *,
    laborer: Laborer,
    kind: str,
    province: str = "",
    employer: str,
    place: str = "",
    start_date: datetime.date,
    monthly_income: Decimal | None = None,
    program: Any = None,
    note: str,
    by: Any,
) -> EmploymentEpisode:
    """The job a hire starts, the same way for every hire (an event's, a pushed
    vacancy's): a laborer still in another job leaves it the day before; a job that
    started on or after the new start date is a conflict the officer must resolve first.
    Runs inside the caller's transaction."""
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
        employer=employer,
        place=place,
        start_date=start_date,
        monthly_income=monthly_income,
        program=program,
        note=note,
    )
    episode._history_user = by
    episode.full_clean()
    episode.validate_conflicts(ignore=(current.pk,) if current is not None else ())
    episode.save()
    records_changed(laborer_ids={laborer.pk}, event=note)
    return episode


@transaction.atomic
def employer_register(*, name: str, location: str = "", by: Any) -> Employer:
    """The registry entry of the employer called ``name`` (created the first time the
    name is seen): events and vacancies name employers through it."""
    name = clean_text(name)
    employer = Employer.objects.filter(name=name).first()
    if employer is None:
        employer = Employer(name=name, location=clean_text(location))
        employer._history_user = by
        employer.full_clean()
        employer.save()
    return employer


@transaction.atomic
def event_employers_register(*, event: RecruitmentEvent, by: Any) -> None:
    """Link every employer of ``event`` to its registry entry (by name), after the event's
    employers were entered or renamed."""
    for entry in event.employers.all():
        employer = employer_register(name=entry.name, location=entry.location, by=by)
        if entry.employer_id != employer.pk:
            entry.employer = employer
            entry._history_user = by
            entry.save(update_fields=["employer"])
