"""Writes to the registry that touch more than one row, each in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from laborers.choices import VillageKind
from laborers.models import Township, Village
from xiushan_jobs.lib.text import clean_text, normalize_label
from xiushan_jobs.lib.values import parse_yes_no

_VILLAGE_COLUMNS = {
    "township": {"乡镇（街道）", "乡镇", "街道", "乡镇街道", "所在乡镇（街道）", "乡镇(街道)"},
    "village": {"村（社区）", "村", "社区", "村社区", "所在村（社区）", "村（居）", "村居"},
    "kind": {"类型", "村（社区）类型"},
    "is_supervised": {"市级挂牌督战村"},
    "is_key_poverty": {"县级扶贫重点村"},
    "is_resettlement_site": {"易地扶贫搬迁安置点", "安置点"},
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
