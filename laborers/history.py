"""The change history as people read it: who, when, which fields from what to what.

Built on django-simple-history's historical rows and ``diff_against``; field names are
the models' verbose names, choices their labels, foreign keys the related record's
name, and ID numbers and phones masked as everywhere else. A fixed number of queries
however long the history: one per historical table, one per kind of related record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from laborers.models import EmploymentEpisode, Household, Laborer, Program, Service, Village
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone

ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}
EMPTY = "（空）"
MASKS = {"id_number": mask_id_number, "phone": mask_phone}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: Any
    action: str  # "+", "~", "-"
    subject: str
    changes: list[Change] = field(default_factory=list)
    import_batch: Any = None
    reason: str = ""
    history_id: int = 0

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


class _Labels:
    """Names for foreign-key values met in a set of diffs, each kind loaded in one query."""

    def __init__(self):
        self.wanted: dict[str, set] = defaultdict(set)
        self.names: dict[str, dict] = {}

    def want(self, name: str, value: Any) -> None:
        if value is not None:
            self.wanted[name].add(value)

    def load(self) -> None:
        sources = {
            "household": (Household.objects.labelled(), str),
            "program": (Program.objects.all(), str),
            "officer": (get_user_model().objects.all(), str),
            "village": (Village.objects.select_related("township"), str),
        }
        for name, ids in self.wanted.items():
            queryset, label = sources[name]
            self.names[name] = {o.pk: label(o) for o in queryset.filter(pk__in=ids)}

    def get(self, name: str, value: Any) -> str:
        if value is None:
            return EMPTY
        return self.names.get(name, {}).get(value, f"#{value}（已删除）")


def display(model_field: models.Field, value: Any, labels: _Labels | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.name in MASKS:
        return MASKS[model_field.name](value)
    if isinstance(model_field, models.ForeignKey):
        return labels.get(model_field.name, value) if labels else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def _subject(record: Any, model: type[models.Model]) -> str:
    if model is Laborer:
        return "劳动力信息"
    if model is Household:
        return "户信息"
    if model is EmploymentEpisode:
        return f"就业经历：{record.get_kind_display()} {record.start_date:%Y-%m-%d} 起"
    if model is Service:
        return f"服务：{record.get_kind_display()} {record.date:%Y-%m-%d}"
    return str(model._meta.verbose_name)


def _entries(records: Iterable[Any], model: type[models.Model]) -> list[tuple[Any, Any]]:
    """(record, previous record of the same object) pairs, oldest first."""
    previous: dict[int, Any] = {}
    pairs = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        pairs.append((record, previous.get(record.id)))
        previous[record.id] = record
    return pairs


def build_entries(sources: list[tuple[type[models.Model], models.QuerySet]]) -> list[HistoryEntry]:
    """History entries from historical querysets (one per model), newest first."""
    labels = _Labels()
    raw = []
    for model, queryset in sources:
        records = queryset.select_related("history_user", "import_batch")
        for record, before in _entries(records, model):
            delta = None
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before)
                for change in delta.changes:
                    model_field = model._meta.get_field(change.field)
                    if isinstance(model_field, models.ForeignKey):
                        labels.want(change.field, change.old)
                        labels.want(change.field, change.new)
            raw.append((model, record, delta))
    labels.load()
    entries = []
    for model, record, delta in raw:
        changes = []
        if delta is not None:
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(model_field.verbose_name),
                        display(model_field, change.old, labels),
                        display(model_field, change.new, labels),
                    )
                )
            if not changes:
                continue  # a save that changed nothing people see
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=record.history_type,
                subject=_subject(record, model),
                changes=changes,
                import_batch=record.import_batch,
                reason=record.history_change_reason or "",
                history_id=record.history_id,
            )
        )
    entries.sort(key=lambda e: (e.when, e.history_id), reverse=True)
    return entries


def laborer_history(laborer_id: int) -> list[HistoryEntry]:
    """The laborer's own changes and those of their employment episodes and services."""
    return build_entries(
        [
            (Laborer, Laborer.history.filter(id=laborer_id)),
            (EmploymentEpisode, EmploymentEpisode.history.filter(laborer_id=laborer_id)),
            (Service, Service.history.filter(laborer_id=laborer_id)),
        ]
    )


def household_history(household_id: int) -> list[HistoryEntry]:
    return build_entries([(Household, Household.history.filter(id=household_id))])


def changes_since(model: type[models.Model], pk: int, seen_history: int | None) -> list:
    """What changed a record after the page showing it was read (for a refused save)."""
    records = model.history.filter(id=pk)
    if seen_history is not None:
        # the row the page was read at, as the base of the first diff
        records = records.filter(history_id__gte=seen_history)
    entries = build_entries([(model, records)])
    return [e for e in entries if seen_history is None or e.history_id > seen_history]
