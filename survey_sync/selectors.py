"""Which laborers a sync file carries, and what the municipal system would refuse."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from laborers.models import EmploymentEpisode, Household, Laborer, Township
from laborers.selectors import with_current_job
from survey_sync.columns import SOURCES
from survey_sync.models import SyncProfile, SyncRun
from xiushan_jobs.lib.idnumber import mask_id_number


def previous_run(*, township: Township | None, profile: SyncProfile) -> SyncRun | None:
    """The run a "changes only" file of this area starts from: the area's own last run or
    the county's last whole-county run, whichever was taken later (a county-wide file
    carried the township's rows too)."""
    runs = SyncRun.objects.filter(profile=profile)
    if township is None:
        runs = runs.filter(township__isnull=True)
    else:
        runs = runs.filter(Q(township=township) | Q(township__isnull=True))
    return runs.order_by("-taken_at", "-pk").first()


def _in_area(queryset: QuerySet, user: Any, township: Township | None) -> QuerySet:
    queryset = queryset.visible_to(user)
    if township is not None:
        queryset = queryset.filter(household__village__township=township)
    return queryset


def changed_since(since: datetime.datetime) -> Q:
    """Laborers whose own record, household or employment changed after ``since``, by the
    history every write leaves (pages, admin and imports alike)."""
    laborer_history = Laborer.history.model.objects.filter(history_date__gt=since)
    household_history = Household.history.model.objects.filter(history_date__gt=since)
    episode_history = EmploymentEpisode.history.model.objects.filter(history_date__gt=since)
    return (
        Q(pk__in=laborer_history.values("id"))
        | Q(household__in=household_history.values("id"))
        | Q(pk__in=episode_history.values("laborer_id"))
    )


def sync_laborers(
    *, user: Any, township: Township | None, since: datetime.datetime | None, carry: list[int]
) -> QuerySet[Laborer]:
    """The laborers a file carries: every one in the area, or (``since`` set) those changed
    since, plus ``carry`` (left out of the previous file)."""
    queryset = _in_area(Laborer.objects.all(), user, township)
    if since is not None:
        queryset = queryset.filter(changed_since(since) | Q(pk__in=carry))
    return (
        with_current_job(queryset)
        .select_related("household__village__township")
        .order_by(
            "household__village__township__sort_order",
            "household__village__name",
            "household__number",
            "pk",
        )
    )


def removed_since(*, user: Any, township: Township | None, since: datetime.datetime) -> list:
    """Laborers deleted after ``since`` whose household is still in the area: the municipal
    system is told to remove them (last state before deletion)."""
    households = _in_area(Household.objects.all(), user, None)
    if township is not None:
        households = households.filter(village__township=township)
    deleted = (
        Laborer.history.model.objects.filter(history_date__gt=since, history_type="-")
        .filter(household_id__in=households.values("pk"))
        .exclude(id__in=Laborer.objects.values("pk"))
        .order_by("id", "-history_date")
    )
    seen: set[int] = set()
    rows = []
    for record in deleted:
        if record.id not in seen:
            seen.add(record.id)
            rows.append(record)
    return rows


@dataclass
class Problem:
    laborer: Laborer
    messages: list[str]

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.laborer.id_number)


@dataclass
class Checked:
    """Every row of a file, written in the profile's layout, or refused with reasons."""

    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    written_ids: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value


def check_rows(laborers: QuerySet[Laborer], profile: SyncProfile) -> Checked:
    columns = profile.columns
    checked = Checked(headers=[column["header"] for column in columns])
    for laborer in laborers.iterator(2000):
        row, messages = [], []
        for column in columns:
            value = _cell(SOURCES[column["source"]].read(laborer))
            codes = column.get("codes")
            if value == "":
                if column.get("required"):
                    messages.append(f"缺少“{column['header']}”")
            elif codes is not None:
                if str(value) not in codes:
                    messages.append(f"“{column['header']}”为“{value}”，不在市级系统代码表中")
                else:
                    value = codes[str(value)]
            row.append(value)
        if messages:
            checked.problems.append(Problem(laborer, messages))
        else:
            checked.rows.append(row)
            checked.written_ids.append(laborer.pk)
    return checked


def iter_removed_rows(records: list) -> Iterator[list[Any]]:
    for record in records:
        yield [record.name, record.id_number, record.history_date.date()]
