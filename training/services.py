"""Writes of training classes, enrollments, guidance sessions, loans and work stations, each
in one transaction, with the acting user on the history rows.

The rules live on the models (``clean``: dates, statuses, rectification item 57 on the
subsidy rates) and here where they need more than one row: a non-poor trainee's ID number
must not be a registered poor laborer's, a class with trainees is not deleted, a guidance
session is also a targeted service (创业指导) of each of its laborers, and a work station
holds one graduate at a time (its row is locked while checking, so two officers assigning
the last free station at once are serialised).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from laborers.choices import ServiceChannel, ServiceKind
from laborers.models import Laborer, Service
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceParticipant,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.lib.extensions import records_changed


class InUse(Exception):
    """A record others depend on cannot be deleted; the message says what to do instead."""


def _save(obj, by: Any, **kwargs: Any):
    obj._history_user = by
    obj.full_clean()
    obj.save(**kwargs)
    return obj


def _delete(obj, by: Any) -> None:
    obj._history_user = by
    obj.delete()


def _trainee_changed(record: Any, event: str) -> None:
    if record.laborer_id:
        records_changed(laborer_ids={record.laborer_id}, event=event)


# --- training classes ------------------------------------------------------------------------


@transaction.atomic
def class_save(*, training_class: TrainingClass, by: Any) -> TrainingClass:
    """Create or change a class. ``full_clean`` applies the date and status rules, the
    subsidy rules of rectification item 57, and what the trainees' records require."""
    if training_class.pk:
        # Serialise against enrollments being recorded while the class changes.
        TrainingClass.objects.select_for_update().filter(pk=training_class.pk).first()
    _save(training_class, by)
    # a cancelled class no longer counts as training for its trainees
    records_changed(
        laborer_ids=training_class.enrollments.filter(laborer__isnull=False).values("laborer_id"),
        event=f"修改培训班：{training_class.name}",
    )
    return training_class


@transaction.atomic
def class_delete(*, training_class: TrainingClass, by: Any) -> None:
    count = training_class.enrollments.count()
    if count:
        raise InUse(
            f"“{training_class.name}”已有 {count} 名学员，不能删除："
            "停办的培训班请把状态改为“已取消”（须先清除出勤和结业登记）。"
        )
    _delete(training_class, by)


# --- enrollments --------------------------------------------------------------------------------


@transaction.atomic
def enrollment_add(
    *,
    training_class: TrainingClass,
    by: Any,
    laborer: Laborer | None = None,
    name: str = "",
    id_number: str = "",
    phone: str = "",
    **fields: Any,
) -> Enrollment:
    """Enroll a registered poor laborer (``laborer``) or a non-poor trainee (``name``,
    ``id_number``, optional ``phone``). The views pass only laborers the user may change."""
    enrollment = Enrollment(
        training_class=training_class,
        laborer=laborer,
        name=name if laborer is None else "",
        id_number=id_number if laborer is None else "",
        phone=phone if laborer is None else "",
        **fields,
    )
    who = laborer.name if laborer is not None else "该学员"
    try:
        with transaction.atomic():
            _save(enrollment, by)
    except IntegrityError:  # a race lost to the unique constraint
        raise ValidationError(f"{who}已是本班学员。") from None
    _trainee_changed(enrollment, f"报名培训：{training_class.name}")
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, by: Any) -> Enrollment:
    """Save attendance, completion and certificate (and a non-poor trainee's identity)."""
    try:
        with transaction.atomic():
            _save(enrollment, by)
    except IntegrityError:
        raise ValidationError("该身份证号码已是本班学员。") from None
    _trainee_changed(enrollment, "修改培训登记")
    return enrollment


@transaction.atomic
def enrollment_remove(*, enrollment: Enrollment, by: Any) -> None:
    _delete(enrollment, by)
    _trainee_changed(enrollment, "取消培训报名")


# --- mentors and guidance -------------------------------------------------------------------------


@transaction.atomic
def mentor_save(*, mentor: Mentor, by: Any) -> Mentor:
    return _save(mentor, by)


@transaction.atomic
def mentor_delete(*, mentor: Mentor, by: Any) -> None:
    count = mentor.sessions.count()
    if count:
        raise InUse(f"{mentor.name}已有 {count} 次指导记录，不能删除：退出导师库请取消“在库”。")
    _delete(mentor, by)


def _service_note(session: GuidanceSession) -> str:
    return f"创业导师{session.mentor.name}{session.mode}{session.kind}：{session.topic}"[:200]


@transaction.atomic
def session_save(
    *, session: GuidanceSession, laborers: Iterable[Laborer], by: Any
) -> GuidanceSession:
    """Create or change a guidance session and who took part. Each participant's session
    is also a targeted service (创业指导, seed 主要目标: at least three per laborer), created,
    moved or removed with it."""
    laborers = list({laborer.pk: laborer for laborer in laborers}.values())
    errors = session.participant_errors(len(laborers))
    if session.mentor_id and not session.mentor.is_active and session._state.adding:
        errors.setdefault("mentor", f"{session.mentor.name}已退出导师库，不能再安排指导。")
    try:
        session.full_clean()
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    session._history_user = by
    session.save()
    current = {p.laborer_id: p for p in session.participants.select_related("service")}
    wanted = {laborer.pk for laborer in laborers}
    for laborer_id, participant in current.items():
        if laborer_id not in wanted:
            service = participant.service
            _delete(participant, by)
            if service is not None:
                _delete(service, by)
    note = _service_note(session)
    for participant in current.values():
        service = participant.service
        if (
            participant.laborer_id in wanted
            and service is not None
            and (service.date, service.note) != (session.date, note)
        ):
            service.date, service.note = session.date, note
            _save(service, by)
    for laborer in laborers:
        if laborer.pk in current:
            continue
        service = _save(
            Service(
                laborer=laborer,
                kind=ServiceKind.ENTREPRENEURSHIP,
                date=session.date,
                officer=by if getattr(by, "pk", None) else None,
                channel=ServiceChannel.ON_SITE,
                note=note,
            ),
            by,
        )
        _save(GuidanceParticipant(session=session, laborer=laborer, service=service), by)
    records_changed(laborer_ids=wanted | set(current), event="创业指导")
    return session


@transaction.atomic
def session_delete(*, session: GuidanceSession, by: Any) -> None:
    """A session recorded by mistake goes with the services it created."""
    laborer_ids = set(session.participants.values_list("laborer_id", flat=True))
    for participant in session.participants.select_related("service"):
        service = participant.service
        _delete(participant, by)
        if service is not None:
            _delete(service, by)
    _delete(session, by)
    records_changed(laborer_ids=laborer_ids, event="删除创业指导")


# --- loans ---------------------------------------------------------------------------------------


@transaction.atomic
def loan_save(*, loan: BusinessLoan, by: Any) -> BusinessLoan:
    _save(loan, by)
    _trainee_changed(loan, "登记创业担保贷款")
    return loan


@transaction.atomic
def loan_delete(*, loan: BusinessLoan, by: Any) -> None:
    _delete(loan, by)
    _trainee_changed(loan, "删除创业担保贷款")


# --- work stations -------------------------------------------------------------------------------


@transaction.atomic
def station_save(*, station: WorkStation, by: Any) -> WorkStation:
    return _save(station, by)


@transaction.atomic
def station_delete(*, station: WorkStation, by: Any) -> None:
    count = station.occupancies.count()
    if count:
        raise InUse(f"{station}已有 {count} 条入驻记录，不能删除：不再使用的工位请取消“在用”。")
    _delete(station, by)


@transaction.atomic
def occupancy_start(
    *,
    station: WorkStation,
    laborer: Laborer,
    start_date: datetime.date,
    business: str,
    note: str = "",
    by: Any,
) -> StationOccupancy:
    """A poor college graduate moves into a free station. The station row is locked before
    the overlap check, so the same station is never given to two people at once."""
    station = WorkStation.objects.select_for_update().get(pk=station.pk)
    if not station.is_active:
        raise ValidationError(f"{station}已撤销，不能安排入驻。")
    occupancy = StationOccupancy(
        station=station, laborer=laborer, start_date=start_date, business=business, note=note
    )
    try:
        with transaction.atomic():
            return _save(occupancy, by)
    except IntegrityError:
        raise ValidationError("该工位或该毕业生已有进行中的入驻：请刷新后重试。") from None


@transaction.atomic
def occupancy_end(
    *, occupancy: StationOccupancy, end_date: datetime.date, by: Any
) -> StationOccupancy:
    if occupancy.end_date is not None:
        raise ValidationError(f"该入驻已于 {occupancy.end_date:%Y-%m-%d} 退出。")
    occupancy.end_date = end_date
    return _save(occupancy, by)


@transaction.atomic
def occupancy_delete(*, occupancy: StationOccupancy, by: Any) -> None:
    _delete(occupancy, by)
