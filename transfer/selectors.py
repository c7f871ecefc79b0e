"""Reads for the dashboard: what recruitment events produced, with the queryset behind
each figure so a number can link to its list.

``graduate_positions_offered`` returns an ``xiushan_jobs.lib.figures.Figure``, the shape
every feature's selectors share: here ``count`` is a sum of positions, not of rows, and the
figure is county-level (events are the county's or a township's, the positions belong to
no township: ``township_path`` is ``None``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from laborers.models import EmploymentEpisode, Program
from transfer.models import Employer, EventEmployer, RecruitmentEvent
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.figures import Figure, list_url

__all__ = ["Figure"]


def graduate_positions_offered(
    *, user: Any = None, year: int | None = None, program_code: str = "hechuan"
) -> Figure:
    """Target 17 (seed 二(九)): "开展定向招聘，为贫困高校毕业生提供 200 个以上就业岗位".

    The positions reserved for poor college graduates (``EventEmployer.graduate_positions``)
    at recruitment events of the Hechuan program dated in ``year`` (the business year by
    default; ``year=0`` for every year). The queryset lists those employers; the URL is the
    event list filtered to the program and year, whose "面向贫困高校毕业生岗位" total is
    the figure. Without ``user`` the count is county-wide (for commands).
    """
    year = today().year if year is None else year
    employers = EventEmployer.objects.filter(
        event__program__code=program_code, graduate_positions__gt=0
    )
    if year:
        employers = employers.filter(event__date__year=year)
    if user is not None:
        employers = employers.filter(event__in=RecruitmentEvent.objects.visible_to(user))
    # the event list filters by the program's id
    program = Program.objects.filter(code=program_code).values_list("pk", flat=True).first()
    params: dict[str, Any] = {"program": program or ""}
    if year:
        params["year"] = year
    url = list_url("transfer:event_list", params)
    label = (
        f"{year}年定向招聘面向贫困高校毕业生的岗位" if year else "定向招聘面向贫困高校毕业生的岗位"
    )
    return Figure(
        label,
        employers,
        url,
        None,
        compute=lambda: employers.aggregate(n=Coalesce(Sum("graduate_positions"), 0))["n"],
    )


def graduate_offers_distinct(
    *, user: Any = None, year: int, day: datetime.date | None = None, program_code: str = "hechuan"
) -> QuerySet:
    """Target 17 counts positions, not advertisements: an employer that brings its
    graduate vacancies to several events of the year offers them once. One row per
    employer (by name) — the event where it offered the most graduate positions (the
    earliest such row on a tie) — so the rows' ``graduate_positions`` add up to the
    distinct positions. ``day``: as of a past date, events held by then."""
    offers = EventEmployer.objects.filter(
        event__program__code=program_code, graduate_positions__gt=0, event__date__year=year
    )
    if day is not None:
        offers = offers.filter(event__date__lte=day)
    if user is not None:
        offers = offers.filter(event__in=RecruitmentEvent.objects.visible_to(user))
    better = offers.filter(name=OuterRef("name")).filter(
        Q(graduate_positions__gt=OuterRef("graduate_positions"))
        | Q(graduate_positions=OuterRef("graduate_positions"), pk__lt=OuterRef("pk"))
    )
    return offers.exclude(Exists(better))


#: the program whose tag marks a job as sent there by the county (送工送岗)
KEY_ELECTRONICS_PROGRAM = "cq-electronics"


def key_electronics_condition(year: int, day: datetime.date | None = None) -> Q:
    """Target 12 ("送工送岗促进 120 名贫困劳动力到重庆重点电子企业就业"): the laborer started a
    job in ``year`` (by ``day``) at an employer the county lists as a 重庆重点电子企业
    (``Employer.is_key_electronics``, kept in the admin), sent there through the program
    重庆重点电子企业 (the tag is the 送工送岗). The tag alone is not enough — it let building
    sites and car-parts plants in — and a job at a listed firm found on one's own is not the
    county's sending. A condition on laborers (ids taken from the episodes once)."""
    episodes = EmploymentEpisode.objects.filter(
        start_date__year=year,
        program__code=KEY_ELECTRONICS_PROGRAM,
        employer__in=Employer.objects.key_electronics().values("name"),
    )
    if day is not None:
        episodes = episodes.filter(start_date__lte=day)
    return Q(pk__in=episodes.values("laborer"))
