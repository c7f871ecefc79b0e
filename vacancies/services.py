"""Writes of vacancies, pushes and answers, each in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from laborers.choices import ServiceKind
from laborers.models import Laborer, Service
from laborers.services import service_record
from transfer.services import employer_register, hired_episode_start
from vacancies.matching import vacancy_matches
from vacancies.models import Answer, Push, PushedLaborer, Vacancy
from xiushan_jobs.lib.clock import today


def _attributed(instance, by):
    instance._history_user = by
    return instance


@transaction.atomic
def vacancy_save(*, vacancy: Vacancy, by: Any, employer_name: str = "") -> Vacancy:
    """Create or change a vacancy (validated as a whole first). ``employer_name`` names the
    employer in the one registry shared with recruitment events (added when new)."""
    if employer_name:
        vacancy.employer = employer_register(name=employer_name, by=by)
    if vacancy.pk is None:
        vacancy.created_by = by
    vacancy.full_clean()
    _attributed(vacancy, by).save()
    return vacancy


@transaction.atomic
def push_record(
    *,
    vacancy: Vacancy,
    laborers: Sequence[Laborer],
    channel: str,
    date: datetime.date,
    note: str = "",
    by: Any,
) -> Push:
    """One push of ``vacancy`` to the chosen ``laborers``: each gets a 岗位推荐 service (it
    counts toward the three services of target 9) and a pushed-laborer row awaiting an
    answer. Only candidates the user may offer the vacancy to are accepted (in the user's
    area, willing, capable, without a job, meeting the requirements, not told before);
    anyone else refuses the whole push, naming them."""
    if not laborers:
        raise ValidationError("请至少选择一名劳动力。")
    if date > today():
        raise ValidationError({"date": "推送日期不能晚于今天。"})
    if date < vacancy.valid_from - datetime.timedelta(days=30):
        raise ValidationError({"date": "推送日期早于岗位发布日期。"})
    chosen = {laborer.pk: laborer for laborer in laborers}
    # locked so two officers pushing the same people at once cannot both succeed
    Laborer.objects.select_for_update().filter(pk__in=chosen).values_list("pk").count()
    scores = {
        match.laborer.pk: match
        for match in vacancy_matches(
            vacancy=vacancy, user=by, day=date, among=list(chosen), limit=len(chosen)
        )
    }
    refused = [laborer.name for pk, laborer in chosen.items() if pk not in scores]
    if refused:
        raise ValidationError(
            f"以下劳动力不能推送这个岗位（不在您的辖区、已就业、无就业意愿、不符合岗位要求"
            f"或已推送过）：{'、'.join(refused)}"
        )
    push = _attributed(
        Push(vacancy=vacancy, channel=channel, date=date, note=note.strip(), officer=by), by
    )
    push.full_clean()
    push.save()
    for laborer in chosen.values():
        service = service_record(
            laborer=laborer,
            service=Service(
                kind=ServiceKind.JOB_RECOMMENDATION,
                date=date,
                channel=channel,
                note=f"岗位推送：{vacancy}"[:200],
            ),
            by=by,
        )
        match = scores[laborer.pk]
        _attributed(
            PushedLaborer(
                push=push,
                vacancy=vacancy,
                laborer=laborer,
                service=service,
                score=match.score,
                reasons=match.reason_text[:200],
            ),
            by,
        ).save()
    return push


@transaction.atomic
def push_answer_record(
    *,
    recipient: PushedLaborer,
    answer: str,
    day: datetime.date,
    remote_interview: bool = False,
    decline_reason: str = "",
    start_date: datetime.date | None = None,
    monthly_income: Decimal | None = None,
    by: Any,
) -> PushedLaborer:
    """Record what a pushed laborer answered. 已面试 with a remote interview also records a
    远程面试 service; 已录用 starts the laborer's job exactly as a hire at an event does
    (``transfer.services.hired_episode_start``), pointing at the vacancy's program, which
    clears the warnings about the laborer being without work. The vacancy's places are
    never exceeded (its row is locked while counting)."""
    recipient = (
        PushedLaborer.objects.select_for_update()
        .select_related("vacancy__employer", "laborer")
        .get(pk=recipient.pk)
    )
    vacancy = recipient.vacancy
    if recipient.answer == Answer.HIRED:
        raise ValidationError("已登记录用：如登记有误，请在劳动力页面更正就业经历。")
    if answer not in Answer.values or answer == Answer.PENDING:
        raise ValidationError({"answer": "请选择答复。"})
    if day > today():
        raise ValidationError({"day": "答复日期不能晚于今天。"})
    if day < recipient.push.date:
        raise ValidationError({"day": "答复日期不能早于推送日期。"})
    decline_reason = decline_reason.strip()
    if answer == Answer.DECLINED and not decline_reason:
        raise ValidationError(
            {"decline_reason": "不愿意时请填写原因（如工资低、离家远、需照顾家人）。"}
        )
    recipient.answer = answer
    recipient.answered_on = day
    recipient.decline_reason = decline_reason if answer == Answer.DECLINED else ""
    if answer in (Answer.INTERVIEWED, Answer.HIRED) and remote_interview:
        if not recipient.remote_interview:
            service_record(
                laborer=recipient.laborer,
                service=Service(
                    kind=ServiceKind.REMOTE_INTERVIEW,
                    date=day,
                    note=f"远程面试：{vacancy}"[:200],
                ),
                by=by,
            )
        recipient.remote_interview = True
    if answer == Answer.HIRED:
        locked = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        taken = PushedLaborer.objects.filter(vacancy=locked, answer=Answer.HIRED).count()
        if taken >= locked.places:
            raise ValidationError(f"{vacancy} 的 {locked.places} 个名额已全部录满。")
        start_date = start_date or day
        if start_date > today():
            raise ValidationError({"start_date": "上岗日期不能晚于今天。"})
        kind, province = vacancy.employment_kind_and_province()
        recipient.episode = hired_episode_start(
            laborer=recipient.laborer,
            kind=kind,
            province=province,
            employer=vacancy.employer.name,
            place=vacancy.place_label()[:80],
            start_date=start_date,
            monthly_income=monthly_income,
            program=vacancy.program,
            note=f"岗位推送录用：{vacancy.title}"[:200],
            by=by,
        )
    recipient.full_clean()
    _attributed(recipient, by).save()
    return recipient
