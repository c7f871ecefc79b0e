"""Writes to the registry that touch more than one row, each in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from laborers.choices import EmploymentIntention, VillageKind
from laborers.models import EmploymentEpisode, Household, Laborer, Service, Township, Village
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import records_changed
from xiushan_jobs.lib.text import clean_text, normalize_label
from xiushan_jobs.lib.values import parse_yes_no

_VILLAGE_COLUMNS = {
    "township": {"乡镇（街道）", "乡镇", "街道", "乡镇街道", "所在乡镇（街道）", "乡镇(街道)"},
    "village": {"村（社区）", "村", "社区", "村社区", "所在村（社区）", "村（居）", "村居"},
    "kind": {"类型", "村（社区）类型"},
    "is_supervised": {"市级挂牌督战村"},
    "is_key_poverty": {"县级扶贫重点村"},
    "is_resettlement_site": {"易地扶贫搬迁安置点", "安置点"},
    "code": {"区划代码", "统计用区划代码", "村（社区）代码", "村代码"},
}
_VILLAGE_ALIASES = {
    normalize_label(alias): key for key, aliases in _VILLAGE_COLUMNS.items() for alias in aliases
}


class VillageRowError(Exception):
    pass


@dataclass
class VillagesImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _village_header(rows: list[list]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:10]):
        columns = {}
        for col, cell in enumerate(row):
            key = _VILLAGE_ALIASES.get(normalize_label(cell))
            if key and key not in columns:
                columns[key] = col
        if "township" in columns and "village" in columns:
            return index, columns
    raise VillageRowError("没有找到表头：需要“乡镇（街道）”和“村（社区）”两列")


@transaction.atomic
def villages_import(*, rows: list[list]) -> VillagesImportResult:
    """Create or update villages by (township, name). Every row is checked before anything
    is written; any error refuses the whole file."""
    header_index, columns = _village_header(rows)
    townships = {t.name: t for t in Township.objects.all()}
    wanted: dict[tuple[int, str], dict] = {}
    codes: dict[str, int] = {}  # code → the row it is first on
    errors = []
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):

        def cell(key: str, row=row):
            col = columns.get(key)
            return row[col] if col is not None and col < len(row) else ""

        township_name = clean_text(cell("township")).replace(" ", "")
        village_name = clean_text(cell("village")).replace(" ", "")
        if not township_name and not village_name:
            continue
        township = townships.get(township_name)
        if township is None:
            errors.append(f"第 {number} 行：没有名为“{township_name}”的乡镇（街道）")
            continue
        if not village_name:
            errors.append(f"第 {number} 行：村（社区）名称为空")
            continue
        values = {}
        kind = clean_text(cell("kind"))
        if "kind" in columns and kind:
            if kind not in VillageKind.values:
                errors.append(f"第 {number} 行：类型应为“村”或“社区”，不是“{kind}”")
                continue
            values["kind"] = kind
        else:
            values["kind"] = (
                VillageKind.COMMUNITY if "社区" in village_name else VillageKind.VILLAGE
            )
        for flag in ("is_supervised", "is_key_poverty", "is_resettlement_site"):
            if flag in columns:
                try:
                    values[flag] = parse_yes_no(cell(flag))
                except ValueError as exc:
                    errors.append(f"第 {number} 行：{exc}")
        if "code" in columns and (code := clean_text(str(cell("code") or "")).replace(" ", "")):
            try:
                Village(code=code).clean()
            except ValidationError as exc:
                errors.append(f"第 {number} 行：{'；'.join(exc.messages)}")
                continue
            if code in codes:
                errors.append(f"第 {number} 行：区划代码 {code} 与第 {codes[code]} 行重复")
                continue
            codes[code] = number
            values["code"] = code
        wanted[(township.pk, village_name)] = values
    if errors:
        shown = "；".join(errors[:20])
        more = f"；另有 {len(errors) - 20} 处错误" if len(errors) > 20 else ""
        raise VillageRowError(shown + more)

    result = VillagesImportResult()
    existing = {(v.township_id, v.name): v for v in Village.objects.all()}
    for (township_id, name), values in wanted.items():
        village = existing.get((township_id, name))
        if village is None:
            Village.objects.create(township_id=township_id, name=name, **values)
            result.created += 1
            continue
        changed = [field for field, value in values.items() if getattr(village, field) != value]
        if changed:
            for field in changed:
                setattr(village, field, values[field])
            village.save(update_fields=changed)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# --- the workspace: laborers, households, employment episodes, services ---------------
# Every write names the user it is done by: the history row records them even outside a
# request (HistoryRequestMiddleware covers requests only).


class EditConflict(Exception):
    """The record changed after the page that edits it was read; nothing was saved."""

    def __init__(self, *, current_version: int | None, newest_history: int | None):
        super().__init__("记录已被他人修改")
        self.current_version = current_version
        self.newest_history = newest_history


class MissingVersion(ValueError):
    """An edit that does not carry the version its page was read at; nothing was saved."""

    def __init__(self):
        super().__init__("提交的内容缺少页面打开时的版本信息，没有保存：请重新打开页面后再修改。")


def _attributed(instance: models.Model, by: Any) -> models.Model:
    instance._history_user = by
    return instance


def touched_ids(instance: models.Model) -> dict[str, set[int]]:
    """The laborer or household whose conditions a saved record may change: a household,
    a laborer, or the laborer of an episode, service, enrollment or loan."""
    if isinstance(instance, Household):
        return {"laborer_ids": set(), "household_ids": {instance.pk}}
    if isinstance(instance, Laborer):
        return {"laborer_ids": {instance.pk}, "household_ids": set()}
    if getattr(instance, "laborer_id", None):
        return {"laborer_ids": {instance.laborer_id}, "household_ids": set()}
    return {"laborer_ids": set(), "household_ids": set()}


def record_touched(instance: models.Model, event: str) -> None:
    """Tell listeners (warning cases) which laborer or household a write touched."""
    touched = touched_ids(instance)
    if touched["laborer_ids"] or touched["household_ids"]:
        records_changed(**touched, event=event)


def _event(instance: models.Model, verb: str) -> str:
    return f"{verb}{instance._meta.verbose_name}"


def _newest_history(model: type[models.Model], pk: int) -> int | None:
    return (
        model.history.filter(id=pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


@transaction.atomic
def record_save_checked(
    *,
    instance: models.Model,
    expected_version: int | None,
    seen_history: int | None,
    by: Any,
) -> models.Model:
    """Save an edited record unless it changed since the page was read.

    The row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite transactions
    here start with ``BEGIN IMMEDIATE``), so of two concurrent saves the second sees the
    first's version and is refused. The history check also catches writers that do not
    bump ``version`` (the admin, for one). A save that does not say what it was read at
    (no version on a versioned record, no history row on the others) is refused too:
    nothing could tell it apart from one made on top of a concurrent change.
    """
    model = type(instance)
    has_version = any(f.name == "version" for f in model._meta.concrete_fields)
    if (expected_version is None) if has_version else (seen_history is None):
        raise MissingVersion()
    locked = model.objects.select_for_update().filter(pk=instance.pk)
    current_version = locked.values_list("version", flat=True).get() if has_version else None
    if not has_version:
        locked.values_list("pk", flat=True).get()  # take the lock, 404s handled by the view
    newest = _newest_history(model, instance.pk)
    stale_version = has_version and current_version != expected_version
    stale_history = seen_history is not None and newest is not None and newest > seen_history
    if stale_version or stale_history:
        raise EditConflict(current_version=current_version, newest_history=newest)
    if has_version:
        instance.version = current_version + 1
    _attributed(instance, by).save()
    record_touched(instance, _event(instance, "修改"))
    return instance


@transaction.atomic
def record_create(*, instance: models.Model, by: Any) -> models.Model:
    _attributed(instance, by).save()
    record_touched(instance, _event(instance, "新增"))
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model, by: Any) -> None:
    """Delete with the user on the history row (cascaded rows take the request's user)."""
    laborer_id = getattr(instance, "laborer_id", None)
    household_id = instance.household_id if isinstance(instance, Laborer) else None
    _attributed(instance, by).delete()
    # an episode or service gone can make its laborer's condition hold again; a member
    # gone changes their household (the laborer's own cases go with the laborer)
    records_changed(
        laborer_ids={laborer_id} if laborer_id else (),
        household_ids={household_id} if household_id else (),
        event=_event(instance, "删除"),
    )


@transaction.atomic
def laborer_mark_surveyed(*, laborer: Laborer, by: Any, day: datetime.date | None = None):
    """本季度已调查更新: only the survey date changes, on the row as it is now."""
    current = Laborer.objects.select_for_update().get(pk=laborer.pk)
    current.last_surveyed_on = day or today()
    current.version += 1
    _attributed(current, by).save()
    records_changed(laborer_ids={current.pk}, event="调查更新")
    return current


@transaction.atomic
def episode_start(
    *, laborer: Laborer, episode: EmploymentEpisode, end_current: bool, by: Any
) -> EmploymentEpisode:
    """Start a new (open) episode; ``end_current`` first ends the open one the day before
    the new one starts (one job a day, as the workshops and recruitment apps do it). The
    laborer's row is locked so two starts cannot race; the episode's own rules and those
    that need other rows (``EmploymentEpisode.conflicts``) are checked under the lock."""
    Laborer.objects.select_for_update().filter(pk=laborer.pk).values_list("pk").get()
    current = EmploymentEpisode.objects.filter(laborer=laborer, end_date__isnull=True).first()
    episode.laborer = laborer
    episode.end_date = None
    if current is not None:
        if not end_current:
            raise ValidationError(f"该劳动力已有一段未结束的就业经历（{current}），请先结束它。")
        current.end_date = episode.start_date - datetime.timedelta(days=1)
        current.full_clean(exclude=["laborer", "program"], validate_constraints=False)
        current.validate_conflicts()
    episode.validate_conflicts(ignore=(current.pk,) if current is not None else ())
    if current is not None:
        _attributed(current, by).save()
    _attributed(episode, by).save()
    records_changed(laborer_ids={laborer.pk}, event=f"登记就业：{episode.describe()}")
    return episode


@transaction.atomic
def episode_end(*, episode: EmploymentEpisode, end_date: datetime.date, by: Any):
    current = EmploymentEpisode.objects.select_for_update().get(pk=episode.pk)
    if current.end_date is not None:
        raise ValidationError(f"这段就业经历已于 {current.end_date:%Y-%m-%d} 结束。")
    current.end_date = end_date
    current.full_clean(exclude=["laborer", "program"], validate_constraints=False)
    current.validate_conflicts()
    _attributed(current, by).save()
    records_changed(laborer_ids={current.laborer_id}, event="结束就业")
    return current


@transaction.atomic
def service_record(*, laborer: Laborer, service: Service, by: Any) -> Service:
    """One targeted service, given by ``by`` (the officer logging it)."""
    service.laborer = laborer
    service.officer = by
    _attributed(service, by).save()
    records_changed(laborer_ids={laborer.pk}, event=f"登记服务：{service.get_kind_display()}")
    return service


@transaction.atomic
def laborers_record_unavailable(
    *, laborers: list[Laborer], labor_ability: str, withdraw_intentions: bool, note: str, by: Any
) -> list[Laborer]:
    """Correct the registry after a verified change on the ground (去世, 迁出, 丧失劳动能力):
    the labor ability, and with ``withdraw_intentions`` the survey intentions, so every
    rule and figure that counts the capable or the willing stops counting them."""
    changed = []
    for laborer in Laborer.objects.select_for_update().filter(pk__in=[p.pk for p in laborers]):
        laborer.labor_ability = labor_ability
        if withdraw_intentions:
            laborer.employment_intention = EmploymentIntention.NONE
            laborer.wants_training = False
            laborer.training_trade = ""
            laborer.wants_entrepreneurship = False
        laborer.note = "；".join(filter(None, [laborer.note, note]))
        laborer.version += 1
        _attributed(laborer, by).save()
        changed.append(laborer)
    records_changed(laborer_ids={p.pk for p in changed}, event=note)
    return changed
