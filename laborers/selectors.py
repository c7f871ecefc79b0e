"""Reads for pages: counts per area, computed in a constant number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer, Service, Township, Village
from laborers.querysets import household_head_name
from laborers.warning_rules import (
    flagged_rules,
    service_year_start,
    survey_due_since,
    warning_flags,
)
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def area_breakdown(user: Any) -> dict[str, Any]:
    """Laborers, employed laborers and households per township (county-wide users) or per
    village (township and village officers), with totals. Two queries whatever the size."""
    by_village = role_of(user) in (Role.TOWNSHIP, Role.VILLAGE)
    key = "household__village" if by_village else "household__village__township"
    laborers = (
        Laborer.objects.visible_to(user)
        .values(key)
        .annotate(
            laborers=Count("pk", distinct=True),
            # The LEFT JOIN gives laborers without episodes a NULL end date too.
            employed=Count(
                "pk",
                filter=Q(episodes__isnull=False, episodes__end_date__isnull=True),
                distinct=True,
            ),
            households=Count("household", distinct=True),
        )
    )
    counts = {row[key]: row for row in laborers}
    areas = (
        Village.objects.visible_to(user).select_related("township")
        if by_village
        else Township.objects.visible_to(user)
    )
    rows = []
    for area in areas:
        row = counts.get(area.pk, {})
        rows.append(
            {
                "area": area,
                "laborers": row.get("laborers", 0),
                "employed": row.get("employed", 0),
                "households": row.get("households", 0),
            }
        )
    totals = {name: sum(r[name] for r in rows) for name in ("laborers", "employed", "households")}
    return {"rows": rows, "totals": totals, "by_village": by_village}


# --- the workspace's pages -------------------------------------------------------------
def _open_episode():
    return EmploymentEpisode.objects.filter(laborer=OuterRef("pk"), end_date__isnull=True)


def with_current_job(queryset: QuerySet) -> QuerySet:
    """The open episode's kind, employer and place, for the rows of one page."""
    current = _open_episode()
    return queryset.annotate(
        current_kind=Subquery(current.values("kind")[:1]),
        current_employer=Subquery(current.values("employer")[:1]),
        current_place=Subquery(current.values("place")[:1]),
        current_province=Subquery(current.values("province")[:1]),
        current_start=Subquery(current.values("start_date")[:1]),
    )


def with_services_this_year(queryset: QuerySet, day: datetime.date) -> QuerySet:
    services = Service.objects.filter(laborer=OuterRef("pk"), date__gte=service_year_start(day))
    counted = services.order_by().values("laborer").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        services_this_year=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )


def laborer_totals(queryset: QuerySet) -> dict[str, int]:
    """How many laborers a (filtered) list holds, employed among them, and households:
    one query. The open episode is LEFT JOINed (at most one per laborer, a unique index
    says so), which both databases run faster than an EXISTS per row."""
    totals = (
        queryset.order_by()
        .annotate(
            open_job=FilteredRelation("episodes", condition=Q(episodes__end_date__isnull=True))
        )
        .aggregate(
            laborers=Count("pk"),
            employed=Count("open_job"),
            households=Count("household", distinct=True),
        )
    )
    totals["unemployed"] = totals["laborers"] - totals["employed"]
    return totals


def _in_order(rows: Iterable, ids: list[int]) -> list:
    position = {pk: i for i, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])


def laborer_rows(ids: list[int], day: datetime.date) -> list[Laborer]:
    """One page of the laborer list, annotated, in the order of ``ids``: one query,
    whose per-row subqueries run for the page's rows only."""
    rows = with_services_this_year(
        with_current_job(Laborer.objects.filter(pk__in=ids)), day
    ).select_related("household__village__township")
    rows = rows.annotate(household_head=household_head_name("household_id"), **warning_flags(day))
    out = _in_order(rows, ids)
    for row in out:
        row.warnings = flagged_rules(row)
        row.age = row.age_on(day)
        row.household.head_name = row.household_head
    return out


def household_rows(ids: list[int]) -> list[Household]:
    """One page of the household list with member counts and the zero-employment flag."""
    capable = choices.LaborAbility.capable()
    rows = (
        Household.objects.filter(pk__in=ids)
        .labelled()
        .annotate(
            member_count=Count("members", distinct=True),
            capable_count=Count(
                "members", filter=Q(members__labor_ability__in=capable), distinct=True
            ),
            employed_count=Count(
                "members",
                filter=Q(members__episodes__isnull=False, members__episodes__end_date__isnull=True),
                distinct=True,
            ),
            is_zero_employment=Exists(
                Household.objects.zero_employment().filter(pk=OuterRef("pk"))
            ),
        )
    )
    return _in_order(rows, ids)


def household_members(household: Household, day: datetime.date) -> list[Laborer]:
    """Members with their current job and age, household head first: one query."""
    order = {value: i for i, value in enumerate(choices.Relationship.values)}
    members = sorted(
        with_current_job(household.members.all()),
        key=lambda m: (order.get(m.relationship, 99), m.birth_date, m.pk),
    )
    for member in members:
        member.age = member.age_on(day)
    # The page names the household by its head: known now, so no second query for it.
    household.head_name = next(
        (m.name for m in members if m.relationship == choices.Relationship.HEAD), None
    )
    return members


def survey_progress(user: Any, day: datetime.date) -> dict[str, int]:
    """Laborers of the area updated this quarter, against all: one query."""
    since = survey_due_since(day)
    return Laborer.objects.visible_to(user).aggregate(
        total=Count("pk"),
        updated=Count("pk", filter=Q(last_surveyed_on__gte=since)),
    )


def deletion_summary(instance: Any) -> tuple[list[str], list[str]]:
    """What deleting ``instance`` would do, as the database's own rules decide it: the
    records deleted with it (cascades, including those of other apps, such as a job's
    workshop placement), and the records that forbid the deletion (protected references:
    class enrollments, loans, hires…), each as "N 条<kind>" lines in a stable order."""
    from django.contrib.admin.utils import NestedObjects
    from django.db import router

    collector = NestedObjects(using=router.db_for_write(type(instance)))
    collector.collect([instance])

    def lines(counts: dict) -> list[str]:
        return [
            f"{count} 条{model._meta.verbose_name}"
            for model, count in sorted(counts.items(), key=lambda item: item[0]._meta.label)
            if count
        ]

    deleted = {
        model: len(objects)
        for model, objects in collector.model_objs.items()
        if model is not type(instance)
    }
    protected: dict = {}
    for obj in collector.protected:
        protected[type(obj)] = protected.get(type(obj), 0) + 1
    return lines(deleted), lines(protected)
