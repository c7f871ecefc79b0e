"""Reads for the dashboard: what recruitment events produced, with the queryset behind
each figure so a number can link to its list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from transfer.models import EventEmployer, RecruitmentEvent


@dataclass(frozen=True)
class Figure:
    value: int
    queryset: QuerySet


def graduate_positions_offered(*, program_code: str = "hechuan", user=None) -> Figure:
    """Target 17 (seed 二(九)): "开展定向招聘，为贫困高校毕业生提供 200 个以上就业岗位".

    The positions reserved for poor college graduates (``EventEmployer.graduate_positions``)
    at recruitment events of the Hechuan program. The queryset lists those employers.
    """
    employers = EventEmployer.objects.filter(
        event__program__code=program_code, graduate_positions__gt=0
    )
    if user is not None:
        employers = employers.filter(event__in=RecruitmentEvent.objects.visible_to(user))
    total = employers.aggregate(n=Coalesce(Sum("graduate_positions"), 0))["n"]
    return Figure(total, employers)
