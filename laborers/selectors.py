"""Reads for pages: counts per area, computed in a constant number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from laborers.models import Laborer, Township, Village
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
