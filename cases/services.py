"""Writes on warning cases: keeping them in step with the rules, and what people do on them.

``cases_sync`` is set-based: for a set of subjects it reads, per rule, which of them the
rule fires for and which have an active case, then opens the missing cases and clears the
ones whose condition ended, with one INSERT and one UPDATE (and their history rows) per
chunk. Its queries grow with the number of rules and chunks of ``CHUNK`` subjects, never
with the number of rows a write touched.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from accounts.models import User
from cases.models import (
    ActionKind,
    Case,
    CaseAction,
    CaseRule,
    CaseStatus,
    DismissalReason,
    Helper,
    HouseholdHelper,
    VerifyResult,
)
from cases.rules import CONDITIONS
from laborers.choices import LaborAbility
from laborers.models import Household, Laborer
from laborers.services import laborers_record_unavailable
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

#: subjects per IN (…) list: SQLite allows 32,766 parameters per statement
CHUNK = 10_000


@dataclass
class SyncResult:
    opened: dict[str, int] = field(default_factory=dict)
    cleared: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.opened.values()) + sum(self.cleared.values())

    def merge(self, other: SyncResult) -> None:
        for key, n in other.opened.items():
            self.opened[key] = self.opened.get(key, 0) + n
        for key, n in other.cleared.items():
            self.cleared[key] = self.cleared.get(key, 0) + n


def _ids(source: Any) -> set[int]:
    if isinstance(source, QuerySet):
        return {next(iter(row.values())) if isinstance(row, dict) else row for row in source}
    return {int(pk) for pk in source if pk is not None}


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _rules() -> list[tuple[CaseRule, Any]]:
    return [
        (rule, CONDITIONS[rule.key])
        for rule in CaseRule.objects.filter(active=True)
        if rule.key in CONDITIONS
    ]


class _Owners:
    """Who a new case goes to: the household's helper (their user if they have one), else
    the village's information officer, else nobody (the township handles it). One query
    per chunk of households, one for the village officers."""

    def __init__(self):
        self.households: dict[int, dict] = {}
        self._village_officers: dict[int, int] | None = None

    def load(self, household_ids: Iterable[int]) -> None:
        missing = [pk for pk in household_ids if pk not in self.households]
        for chunk in _chunks(missing):
            for row in Household.objects.filter(pk__in=chunk).values(
                "pk", "village_id", "helper_link__helper_id", "helper_link__helper__user_id"
            ):
                self.households[row["pk"]] = row

    def village_officer(self, village_id: int) -> int | None:
        if self._village_officers is None:
            self._village_officers = {}
            for pk, village_id_ in (
                User.objects.filter(role=Role.VILLAGE, is_active=True)
                .order_by("-pk")
                .values_list("pk", "village_id")
            ):
                self._village_officers[village_id_] = pk  # the oldest account wins
        return self._village_officers.get(village_id)

    def for_household(self, household_id: int) -> tuple[int | None, int | None]:
        row = self.households[household_id]
        helper_user = row["helper_link__helper__user_id"]
        owner = helper_user or self.village_officer(row["village_id"])
        return row["helper_link__helper_id"], owner


def _open(
    rule: CaseRule,
    subjects: list[tuple[int, int | None]],
    owners: _Owners,
    day: datetime.date,
    event: str,
) -> list[Case]:
    """New cases for ``(household_id, laborer_id)`` pairs."""
    owners.load({household_id for household_id, _ in subjects})
    due = day + datetime.timedelta(days=rule.due_days)
    escalate = due + datetime.timedelta(days=rule.escalate_after_days)
    cases = []
    for household_id, laborer_id in subjects:
        helper_id, owner_id = owners.for_household(household_id)
        cases.append(
            Case(
                rule=rule,
                household_id=household_id,
                laborer_id=laborer_id,
                status=CaseStatus.TO_VERIFY,
                opened_on=day,
                opened_event=event[:120],
                due_on=due,
                escalate_on=escalate,
                helper_id=helper_id,
                owner_id=owner_id,
            )
        )
    return cases


def _clear(cases: list[Case], day: datetime.date, event: str) -> None:
    for case in cases:
        # a dismissed case keeps its status; its condition has ended, so a new warning
        # for the same subject may open later
        if case.status != CaseStatus.DISMISSED:
            case.status = CaseStatus.CLEARED
        case.cleared_on = day
        case.cleared_event = event[:120]


def _write(new: list[Case], cleared: list[Case], event: str) -> None:
    if new:
        bulk.insert_with_history(Case, new, reason=event[:100])
    if cleared:
        bulk.update(Case, cleared, ["status", "cleared_on", "cleared_event"])
        bulk.insert_history(Case, cleared, history_type="~", reason=event[:100])


@transaction.atomic
def cases_sync(
    *,
    laborer_ids: Any = (),
    household_ids: Any = (),
    everything: bool = False,
    event: str = "",
    day: datetime.date | None = None,
) -> SyncResult:
    """Open the cases the rules call for and clear those whose condition ended, for the
    given laborers and households (a changed laborer also re-checks their household, a
    changed household its members), or for ``everything``."""
    day = day or today()
    event = event or "数据更新"
    result = SyncResult()
    rules = _rules()
    owners = _Owners()
    if everything:
        for rule, condition in rules:
            _sync_rule_everywhere(rule, condition, owners, day, event, result)
        return result

    laborers = _ids(laborer_ids)
    households = _ids(household_ids)
    if not laborers and not households:
        return result
    household_of: dict[int, int] = {}
    for chunk in _chunks(laborers):
        household_of.update(Laborer.objects.filter(pk__in=chunk).values_list("pk", "household_id"))
    for chunk in _chunks(households):
        household_of.update(
            Laborer.objects.filter(household_id__in=chunk).values_list("pk", "household_id")
        )
    households |= set(household_of.values())
    laborers = set(household_of)  # existing laborers only, members of changed households too

    by_subject = {"laborer": laborers, "household": households}
    for kind, ids in by_subject.items():
        kind_rules = [(r, c) for r, c in rules if c.subject == kind]
        if not kind_rules:
            continue
        for chunk in _chunks(ids):
            lookup = "laborer_id__in" if kind == "laborer" else "household_id__in"
            active = Case.objects.active().filter(**{lookup: chunk})
            if kind == "household":
                active = active.filter(laborer__isnull=True)
            by_rule: dict[int, dict[int, Case]] = {}
            for case in active:
                subject = case.laborer_id if kind == "laborer" else case.household_id
                by_rule.setdefault(case.rule_id, {})[subject] = case
            new: list[Case] = []
            cleared: list[Case] = []
            for rule, condition in kind_rules:
                firing = set(
                    condition.subjects(day).filter(pk__in=chunk).values_list("pk", flat=True)
                )
                existing = by_rule.get(rule.pk, {})
                to_open = sorted(firing - set(existing))
                gone = [case for subject, case in existing.items() if subject not in firing]
                pairs = (
                    [(household_of[pk], pk) for pk in to_open]
                    if kind == "laborer"
                    else [(pk, None) for pk in to_open]
                )
                new += _open(rule, pairs, owners, day, event)
                _clear(gone, day, event)
                cleared += gone
                result.opened[rule.key] = result.opened.get(rule.key, 0) + len(to_open)
                result.cleared[rule.key] = result.cleared.get(rule.key, 0) + len(gone)
            _write(new, cleared, event)
    return result


def _sync_rule_everywhere(rule, condition, owners, day, event, result) -> None:
    firing = set(condition.subjects(day).values_list("pk", flat=True))
    subject_field = "laborer_id" if condition.subject == "laborer" else "household_id"
    active = dict(Case.objects.active().filter(rule=rule).values_list(subject_field, "pk"))
    to_open = sorted(firing - set(active))
    gone_pks = [pk for subject, pk in active.items() if subject not in firing]
    pairs: list[tuple[int, int | None]] = []
    if condition.subject == "laborer":
        for chunk in _chunks(to_open):
            households = dict(
                Laborer.objects.filter(pk__in=chunk).values_list("pk", "household_id")
            )
            pairs += [(households[pk], pk) for pk in chunk]
    else:
        pairs = [(pk, None) for pk in to_open]
    new = _open(rule, pairs, owners, day, event)
    cleared: list[Case] = []
    for chunk in _chunks(gone_pks):
        cleared += list(Case.objects.filter(pk__in=chunk))
    _clear(cleared, day, event)
    _write(new, cleared, event)
    result.opened[rule.key] = result.opened.get(rule.key, 0) + len(new)
    result.cleared[rule.key] = result.cleared.get(rule.key, 0) + len(cleared)


def on_records_changed(*, laborer_ids: Any, household_ids: Any, event: str) -> None:
    """Registered with ``xiushan_jobs.lib.extensions.register_records_changed``."""
    cases_sync(laborer_ids=laborer_ids, household_ids=household_ids, event=event)


# --- what people do on a case -----------------------------------------------------------


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _act(case: Case, kind: str, by: Any, text: str = "", result: str = "") -> CaseAction:
    action = CaseAction(case=case, kind=kind, date=today(), text=text, result=result, by=by)
    action._history_user = by
    action.save()
    return action


def _save(case: Case, by: Any) -> Case:
    case._history_user = by
    case.save()
    return case


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError(f"该预警已{case.get_status_display()}，不能再登记处置。")


@transaction.atomic
def case_verify(*, case: Case, result: str, text: str, by: Any) -> Case:
    """核实走访: the verification visit. Confirmed: helping starts. Changed: the officer
    corrects the record (the case clears by itself when the condition no longer holds)."""
    case = _locked(case)
    _require_open(case)
    if result not in VerifyResult.values:
        raise ValidationError({"result": "请选择核实结果。"})
    _act(case, ActionKind.VERIFY, by, text, result)
    if result == VerifyResult.CONFIRMED and case.status == CaseStatus.TO_VERIFY:
        case.status = CaseStatus.HELPING
        _save(case, by)
    return case


@transaction.atomic
def case_note(*, case: Case, text: str, by: Any) -> CaseAction:
    case = _locked(case)
    _require_open(case)
    if not text.strip():
        raise ValidationError({"text": "请填写帮扶记录的内容。"})
    if case.status == CaseStatus.TO_VERIFY:
        case.status = CaseStatus.HELPING
        _save(case, by)
    return _act(case, ActionKind.NOTE, by, text.strip())


@transaction.atomic
def case_supervise(*, case: Case, text: str, by: Any) -> Case:
    """督办: the county asks the owner to act, with a comment they see on the case and in
    their to-do list."""
    if role_of(by) != Role.COUNTY:
        raise PermissionDenied("只有县就业人才局可以督办。")
    case = _locked(case)
    _require_open(case)
    if not text.strip():
        raise ValidationError({"text": "请填写督办意见。"})
    case.supervised_on = today()
    _save(case, by)
    _act(case, ActionKind.SUPERVISE, by, text.strip())
    return case


@transaction.atomic
def case_dismiss_request(*, case: Case, reason: str, note: str, by: Any) -> Case:
    case = _locked(case)
    _require_open(case)
    if reason not in DismissalReason.values:
        raise ValidationError({"reason": "请选择不予处置的原因。"})
    if reason == DismissalReason.OTHER and not note.strip():
        raise ValidationError({"note": "原因为“其他”时请写明情况。"})
    case.dismissal_reason = reason
    case.dismissal_note = note.strip()[:200]
    case.dismissal_requested_by = by
    _save(case, by)
    _act(case, ActionKind.DISMISS_REQUEST, by, f"{case.get_dismissal_reason_display()} {note}")
    return case


def _approver(by: Any) -> None:
    if role_of(by) not in (Role.TOWNSHIP, Role.COUNTY):
        raise PermissionDenied("不予处置须由乡镇（街道）或县就业人才局批准。")


_CORRECTIONS = {
    DismissalReason.DECEASED: (LaborAbility.NONE, True),
    DismissalReason.MOVED_OUT: (LaborAbility.NONE, True),
    DismissalReason.INCAPABLE: (LaborAbility.LOST, False),
}


@transaction.atomic
def case_dismiss_approve(*, case: Case, by: Any) -> Case:
    """不予处置, approved by the township: the case is dismissed and the registry is
    corrected to match (去世、迁出: no labor ability and no intentions; 丧失劳动能力: the
    ability), so the figures stop counting the subject."""
    _approver(by)
    case = _locked(case)
    _require_open(case)
    if not case.dismissal_reason:
        raise ValidationError("没有待批准的不予处置申请。")
    case.status = CaseStatus.DISMISSED
    case.dismissal_approved_by = by
    case.dismissed_on = today()
    _save(case, by)
    _act(case, ActionKind.DISMISS_APPROVE, by, case.get_dismissal_reason_display())
    correction = _CORRECTIONS.get(case.dismissal_reason)
    if correction is not None:
        ability, withdraw = correction
        if case.laborer_id:
            targets = [case.laborer]
        else:
            targets = list(Laborer.objects.filter(household_id=case.household_id).labor_capable())
        laborers_record_unavailable(
            laborers=targets,
            labor_ability=ability,
            withdraw_intentions=withdraw,
            note=f"{case.get_dismissal_reason_display()}（预警不予处置核实，{today():%Y-%m-%d}）",
            by=by,
        )
    return case


@transaction.atomic
def case_dismiss_reject(*, case: Case, text: str, by: Any) -> Case:
    _approver(by)
    case = _locked(case)
    _require_open(case)
    if not case.dismissal_reason:
        raise ValidationError("没有待批准的不予处置申请。")
    case.dismissal_reason = ""
    case.dismissal_note = ""
    case.dismissal_requested_by = None
    _save(case, by)
    _act(case, ActionKind.DISMISS_REJECT, by, text.strip())
    return case


# --- helpers ----------------------------------------------------------------------------


@transaction.atomic
def helper_assign(*, helper: Helper, households: Iterable[Household], by: Any) -> int:
    """Make ``helper`` responsible for ``households`` (one, or a village's in bulk)."""
    return households_assign_helpers(assignments={h.pk: helper for h in households}, by=by)


@transaction.atomic
def households_assign_helpers(*, assignments: dict[int, Helper], by: Any) -> int:
    """Set each household's helper (replacing the previous one); their open cases go to
    the new helper too. Bounded queries whatever the number of households. Returns how
    many households changed."""
    household_ids = sorted(assignments)
    if not household_ids:
        return 0
    day = today()
    existing = {
        link.household_id: link
        for chunk in _chunks(household_ids)
        for link in HouseholdHelper.objects.filter(household_id__in=chunk)
    }
    new = [
        HouseholdHelper(household_id=pk, helper=assignments[pk], assigned_on=day)
        for pk in household_ids
        if pk not in existing
    ]
    changed = [
        link for link in existing.values() if link.helper_id != assignments[link.household_id].pk
    ]
    for link in changed:
        link.helper = assignments[link.household_id]
        link.assigned_on = day
    reason = "确定帮扶责任人"
    bulk.insert_with_history(HouseholdHelper, new, user=by, reason=reason)
    if changed:
        bulk.update(HouseholdHelper, changed, ["helper_id", "assigned_on"])
        bulk.insert_history(HouseholdHelper, changed, history_type="~", user=by, reason=reason)
    moved = []
    for chunk in _chunks(household_ids):
        for case in Case.objects.open().filter(household_id__in=chunk):
            helper = assignments[case.household_id]
            if case.helper_id != helper.pk:
                case.helper = helper
                case.owner_id = helper.user_id or case.owner_id
                moved.append(case)
    if moved:
        bulk.update(Case, moved, ["helper_id", "owner_id"])
        bulk.insert_history(Case, moved, history_type="~", user=by, reason=reason)
    return len(new) + len(changed)


@transaction.atomic
def helper_save(*, helper: Helper, by: Any) -> Helper:
    helper.full_clean()
    helper._history_user = by
    helper.save()
    return helper
